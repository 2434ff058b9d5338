"""Any language first, any kind of authority, and no resident reading words in a language they did not choose.

The council fixture is a local council whose default language is Arabic, published in Arabic, Hebrew and
English; one service is written in Arabic only. A new charter is started with the real `charter init`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, build_site, copy_project, parse
from service_charter.load.loader import load_charter
from service_charter.model.kinds import SCAFFOLDS
from service_charter.problems import CharterError

COUNCIL = FIXTURES / "council"
SCRIPTS = {
    "he": re.compile(r"[\u0590-\u05ff]"),
    "ar": re.compile(r"[\u0600-\u06ff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
}
"""The letters of each language's script; English shares the Latin letters with names and standards (JSON, CVV)."""
THEME_ENGLISH = [
    "Dark mode",
    "Light mode",
    "Switch to",
    "Made with",
    "Material for MkDocs",
    "Skip to content",
    "Back to top",
    "Search",
    "Type to start searching",
    "Copy to clipboard",
    "Table of contents",
]
"""The theme's English words that once reached pages in other languages, or could."""
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")


@pytest.fixture(scope="module")
def council_site(tmp_path_factory) -> Path:
    return build_site(COUNCIL, tmp_path_factory.mktemp("council") / "site")


def charter_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "service_charter", *args], cwd=cwd, capture_output=True, text=True)


def readable_words(page: Path, lang: str) -> list[str]:
    """What a resident reads or hears on `page` in `lang`: its text and labels, leaving out whatever is marked as
    being in another language (the language selector, a text shown in the default language) and code."""
    soup = parse(page)
    for element in soup(["script", "style", "svg", "code"]):
        element.decompose()
    for element in soup.select("[lang]"):
        if element.name != "html" and element["lang"] != lang:
            element.decompose()
    words = [str(text).strip() for text in soup.find_all(string=True) if str(text).strip()]
    words += [str(element[name]) for element in soup.find_all(True) for name in ATTRIBUTES if element.has_attr(name)]
    return words


# --- Arabic first, a local council --------------------------------------------------------------------------


def test_the_top_of_the_site_leads_to_the_default_language(council_site):
    top = parse(council_site / "index.html")
    assert top.html["lang"] == "ar" and top.html["dir"] == "rtl"
    assert "url=ar/index.html" in top.select_one("meta[http-equiv=refresh]")["content"]
    links = top.select("a[hreflang]")
    assert [a["hreflang"] for a in links] == ["ar", "he", "en"]
    assert all(a["lang"] == a["hreflang"] for a in links)


@pytest.mark.parametrize("lang", ["ar", "he", "en"])
def test_the_language_selector_marks_each_name_with_its_language(council_site, lang):
    soup = parse(council_site / lang / "index.html")
    assert soup.html["lang"] == lang
    selector = soup.select("a.md-select__link")
    assert [(a["lang"], a["dir"]) for a in selector] == [("ar", "rtl"), ("he", "rtl"), ("en", "ltr")]


def test_the_top_404_page_is_in_the_default_language(council_site):
    for page in (council_site / "404.html", council_site / "ar" / "404.html"):
        soup = parse(page)
        assert soup.html["lang"] == "ar" and "الصفحة غير موجودة" in soup.title.get_text()


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("he", "חלקים מהעמוד הזה עדיין לא כתובים בעברית ומוצגים בערבית. לשאלות עליהם בעברית פנו אל מוקד 106."),
        ("en", "Parts of this page are not yet available in English and are shown in Arabic."),
    ],
)
def test_texts_in_the_default_language_are_introduced_in_the_readers_language(council_site, lang, sentence):
    soup = parse(council_site / lang / "service-d-schools.html")
    note = soup.select_one("article h1 + .charter-fallback-note")
    assert sentence in note.get_text()
    blocks = soup.select("article div.charter-fallback")
    assert len(blocks) == 2  # the description and who is eligible
    for block in blocks:
        assert block.select_one("div[lang=ar][dir=rtl]")
    complete = parse(council_site / lang / "service-c-tax.html")
    assert not complete.select(".charter-fallback-note, .charter-fallback")


def test_a_hand_written_page_borrowed_from_the_default_language_is_introduced(council_site):
    soup = parse(council_site / "he" / "about.html")
    assert "מוצגים בערבית" in soup.select_one("article .charter-fallback-note").get_text()
    assert soup.select_one("article .charter-fallback[lang=ar][dir=rtl] h1").get_text() == "عن الميثاق"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ar", ["أرنونا", "بناء", "تسجيل للمدارس", "مياه"]),
        ("he", ["ארנונה", "בנייה", "מים", "רישום לבתי ספר"]),
        ("en", ["Building", "Property tax", "School registration", "Water"]),
    ],
)
def test_lists_are_in_each_languages_alphabetical_order(council_site, lang, expected):
    """The services' ids (a-water, b-building, c-tax, d-schools) sort in none of these orders."""
    for page in ("services.html", "category-everyday.html", "department-residents.html"):
        soup = parse(council_site / lang / page)
        titles = [a.get_text(strip=True) for a in soup.select("article a[href^='service-']")]
        assert titles == expected, (lang, page)


@pytest.mark.parametrize(
    ("lang", "right", "wrong"),
    [
        ("ar", "المجلس المحلي", "البلدية"),
        ("he", "המועצה", "העירייה"),
        ("en", "local council", "municipality"),
    ],
)
def test_the_interface_names_a_local_council_as_such(council_site, lang, right, wrong):
    pages = sorted((council_site / lang).rglob("*.html"))
    text = {page.name: " ".join(readable_words(page, lang)) for page in pages}
    assert right in text["services.html"] and right in text["open-data.html"]
    assert [name for name, words in text.items() if wrong in words] == []


def test_messages_name_the_charters_own_default_language(tmp_path):
    project = copy_project(COUNCIL, tmp_path / "council")
    service = project / "charter" / "services" / "a-water.yml"
    service.write_text(service.read_text().replace("title: {ar: مياه, ", "title: {"), encoding="utf-8")
    result = charter_cli("validate", "charter", cwd=project)
    assert result.returncode == 1
    assert "services/a-water.yml:1:1: error: title: the text has no `ar` version" in result.stderr
    assert "hint: add `ar: ...` — other languages fall back to it" in result.stderr
    assert "add `he" not in result.stderr.replace("add `he: ...` to each", "")

    site = project / "charter" / "site.yml"
    privacy = "privacy:\n  name: {ar: أحمد نصار, he: אחמד נסאר, en: Ahmad Nassar}\n"
    site.write_text(site.read_text().replace(privacy, ""), encoding="utf-8")
    result = charter_cli("validate", "charter", cwd=project)
    assert "e.g. `privacy: {name: {ar: ..., he: ...}}`" in result.stderr


# --- Starting from nothing --------------------------------------------------------------------------------


def test_charter_init_writes_a_charter_that_validates_and_builds(tmp_path):
    result = charter_cli(
        "init",
        "charter",
        "--name",
        "مجلس إقليمي تجريبي",
        "--name",
        "he=מועצה אזורית לדוגמה",
        "--authority",
        "regional-council",
        "--languages",
        "ar,he,ru",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    charter = load_charter(tmp_path / "charter")
    assert charter.site.default_language == "ar" and charter.site.languages == ["ar", "he", "ru"]
    assert charter.site.authority.value == "regional-council"
    assert [len(records) for records in (charter.services, charter.departments, charter.categories)] == [1, 1, 1]
    assert len(charter.channels) == 1
    untranslated = [problem for problem in charter.problems if not problem.strict]
    assert [(p.file, p.key) for p in untranslated] == [("charter/site.yml", "name")]  # no Russian name was given
    assert not [problem for problem in charter.problems if problem.strict]
    # the starter search vocabulary, in the charter's languages only
    assert len(charter.vocabulary.words) > 50
    assert {key for group in charter.vocabulary.words for key in group.root} == {"ar", "he", "ru", "latin"}
    assert "الجمعة" in charter.vocabulary.keep["ar"] and "en" not in charter.vocabulary.keep

    site = build_site(tmp_path, tmp_path / "site")
    assert parse(site / "index.html").html["lang"] == "ar"
    assert "المجلس الإقليمي" in parse(site / "ar" / "services.html").get_text()
    russian = parse(site / "ru" / "index.html")
    assert "показаны на арабском языке" in russian.select_one(".charter-fallback-note").get_text()


def test_charter_init_refuses_a_folder_that_holds_files_and_unknown_languages(tmp_path):
    (tmp_path / "charter").mkdir()
    (tmp_path / "charter" / "notes.txt").write_text("x")
    busy = charter_cli("init", "charter", "--name", "x", cwd=tmp_path)
    assert busy.returncode == 1 and "charter is not empty" in busy.stderr
    unknown = charter_cli("init", "new", "--name", "x", "--languages", "ar,fr", cwd=tmp_path)
    assert unknown.returncode == 2 and "from ar, en, he, ru" in unknown.stderr and "Traceback" not in unknown.stderr


def test_an_empty_folder_says_how_to_start(tmp_path):
    result = charter_cli("validate", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 1
    assert "error: the charter has no site.yml" in result.stderr
    assert "start a new charter with `charter init" in result.stderr
    with pytest.raises(CharterError):
        load_charter(tmp_path)


@pytest.mark.parametrize("kind", sorted(SCAFFOLDS))
def test_charter_new_writes_every_kind_in_the_charters_languages_default_first(tmp_path, kind):
    project = copy_project(COUNCIL, tmp_path / "council")
    result = charter_cli("new", kind, "new-record", "--folder", "charter", cwd=project)
    assert result.returncode == 0, result.stderr
    written = next((project / "charter").glob("*/new-record.yml")).read_text(encoding="utf-8")
    keys = re.findall(r"(?m)^\s*(?:- )?([a-z]{2}):", written)
    assert keys and keys[:3] == ["ar", "he", "en"], written
    assert "ru:" not in written and "_:" not in written


def test_charter_new_outside_a_charter_says_how_to_start(tmp_path):
    result = charter_cli("new", "service", "x", "--folder", "charter", cwd=tmp_path)
    assert result.returncode == 2 and "charter init charter" in result.stderr


# --- No resident reads words in another language ---------------------------------------------------------


@pytest.mark.parametrize("lang", ["he", "ar", "en", "ru"])
def test_no_page_of_the_example_shows_another_languages_words(example_site, lang):
    """Every built page of the example, text and labels: no letters of another of its languages' scripts
    unless marked with their language, and none of the theme's English words on the other languages' pages."""
    wrong = {other: script for other, script in SCRIPTS.items() if other != lang}
    pages = sorted((example_site / lang).rglob("*.html"))
    assert len(pages) > 80
    found = []
    for page in pages:
        for words in readable_words(page, lang):
            found += [(page.name, other, words[:60]) for other, script in wrong.items() if script.search(words)]
            if lang != "en":
                found += [(page.name, "en", words[:60]) for english in THEME_ENGLISH if english in words]
    assert found == []
