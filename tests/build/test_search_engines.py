"""What search engines and link previews read in each page's `<head>`: a description in the page's language, the
page's versions in other languages with `x-default`, absolute addresses at the top, and sitemap dates from git."""

from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest
import yaml

from conftest import FIXTURES, LANGUAGES, ROOT, build_site, commit, copy_project, edit, git, parse
from service_charter.i18n import ui_strings
from service_charter.pages.render import DESCRIPTION_LENGTH, first_paragraph, shortened

SITE_URL = "https://city.example/charter/"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SCRIPT = {"he": "HEBREW", "ar": "ARABIC", "ru": "CYRILLIC", "en": "LATIN"}
"""The script each language is written in, as Unicode names its letters."""
KINDS = (
    "index.html",
    "services.html",
    "commitments.html",
    "your-data.html",
    "faq.html",
    "contact.html",
    "departments.html",
    "topics.html",
    "life-events.html",
    "accessibility.html",
    "printable-charter.html",
    "performance.html",
    "notices.html",
    "open-data.html",
    "about.html",
    "service-arnona-payment.html",
    "department-revenue.html",
    "category-business.html",
    "life-event-moving-here.html",
    "data-id-number.html",
)
"""One page of each kind in the example: every hub, a hand-written page and records of each kind with a page."""


def description(page: Path) -> str:
    [meta] = parse(page).find_all("meta", attrs={"name": "description"})
    return str(meta["content"])


def html_pages(language_site: Path) -> list[Path]:
    return sorted(language_site.glob("*.html"))


def share_in_script(text: str, script: str) -> float:
    """The share of the letters of `text` that belong to `script`."""
    letters = [c for c in text if c.isalpha()]
    return sum(unicodedata.name(c, "").startswith(script) for c in letters) / max(len(letters), 1)


def record(kind: str, record_id: str) -> dict:
    return yaml.safe_load((ROOT / "charter" / kind / f"{record_id}.yml").read_text(encoding="utf-8"))


# --- Descriptions -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_is_described_in_its_own_language(example_site, lang):
    pages = html_pages(example_site / lang)
    assert len(pages) > 80 and example_site / lang / "404.html" in pages
    for page in pages:
        text = description(page)
        assert text.strip() and len(text) <= DESCRIPTION_LENGTH, page.name
        assert share_in_script(text, SCRIPT[lang]) > 0.6, (page.name, text)
        assert "<" not in text and "charter-fallback" not in text, page.name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_of_different_kinds_are_described_differently(example_site, lang):
    texts = [description(example_site / lang / name) for name in KINDS]
    assert len(set(texts)) == len(KINDS), texts


def test_records_are_described_by_their_own_words(example_site):
    department = record("departments", "revenue")["description"]
    item = record("data", "id-number")["description"]
    for lang in LANGUAGES:
        assert description(example_site / lang / "department-revenue.html") == department[lang]
        assert description(example_site / lang / "data-id-number.html") == shortened(item[lang])
    services = sorted((ROOT / "charter" / "services").glob("*.yml"))
    summaries = {path.stem: record("services", path.stem)["summary"]["en"] for path in services}
    longest = max(summaries, key=lambda service: len(summaries[service]))
    assert len(summaries[longest]) > DESCRIPTION_LENGTH, "the example has a summary to shorten"
    shown = description(example_site / "en" / f"service-{longest}.html")
    assert shown.endswith("…") and summaries[longest].startswith(shown.removesuffix("…"))
    assert summaries[longest][len(shown) - 1] in " ,", "cut between words"


def test_hubs_are_described_by_their_introduction(example_site):
    for lang in LANGUAGES:
        for name, intro in (("faq.html", "faq_page"), ("your-data.html", "your_data")):
            text = ui_strings(lang)[intro]["intro"]
            assert text in parse(example_site / lang / name).select_one("article").get_text(), (lang, name)
            assert description(example_site / lang / name) == shortened(text)


def test_a_hand_written_page_is_described_by_its_first_paragraph(example_site):
    for lang in LANGUAGES:
        source = (ROOT / "docs" / lang / "about.md").read_text(encoding="utf-8")
        first = first_paragraph(markdown.markdown(source))
        assert description(example_site / lang / "about.html") == shortened(first)
        assert first.startswith(source.split("\n\n")[1].replace("**", "")[:40]), "the first paragraph, not the title"


def test_shortened_cuts_between_words_with_an_ellipsis():
    assert shortened("  A short\n text. ") == "A short text."
    text = "word " * 40
    cut = shortened(text, 22)
    assert cut == "word word word word…" and len(cut) <= 22
    assert shortened("x" * 30, 10) == "x" * 9 + "…"
    assert shortened("Twelve chars, and more", 14) == "Twelve chars…", "no comma before the ellipsis"
    assert shortened("abcd efgh", 10) == "abcd efgh"


def test_first_paragraph_is_the_first_with_words():
    html = '<h1>Title</h1><p class="x"> </p><p>Pay <strong>now</strong> &amp; <a href="#">later</a>.</p><p>Next</p>'
    assert first_paragraph(html) == "Pay now & later."
    assert first_paragraph("<ul><li>No paragraph</li></ul>") == ""


# --- Pages in other languages: x-default ------------------------------------------------------------


def alternates(page: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for link in parse(page).select("head link[rel=alternate][hreflang]"):
        found.setdefault(link["hreflang"], []).append(link["href"])
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_names_its_default_language_version_as_x_default(example_site, lang):
    for page in html_pages(example_site / lang):
        links = alternates(page)
        assert set(links) == {*LANGUAGES, "x-default"}, page.name
        assert len(links["x-default"]) == 1 and links["x-default"] == links["he"], page.name
        target = "" if page.name == "404.html" else page.name  # the 404 page leads to each language's top
        assert links["x-default"][0].endswith(f"he/{target}"), page.name
    selector = parse(example_site / lang / "faq.html").select("a.md-select__link")
    assert sorted(a["hreflang"] for a in selector) == sorted(LANGUAGES), "x-default is not a language to choose"


def test_the_site_top_leads_search_engines_to_each_language_relatively_without_an_address(example_site):
    head = parse(example_site / "index.html").head
    assert head.select_one("link[rel=canonical]")["href"] == "he/index.html"
    assert {link["hreflang"]: link["href"] for link in head.select("link[rel=alternate]")} == {
        **{lang: f"{lang}/index.html" for lang in LANGUAGES},
        "x-default": "he/index.html",
    }
    assert description(example_site / "index.html") == description(example_site / "he" / "index.html")


# --- A site with its address and a history in git ---------------------------------------------------


ONLY_ENGLISH = "A site description in English only"
INITIAL = ("Initial charter", "2026-01-05T09:00:00+02:00")
HAZARD = ("Report hazards in the street", "2026-03-01T23:30:00+00:00")  # already 2 March in Jerusalem


@pytest.fixture(scope="module")
def dated_site(tmp_path_factory) -> Path:
    """The tiny project in git, one service edited after the first commit, built with its address; with hand-written
    pages with a description in their front matter and with no paragraph at all, and a site description in one
    language in mkdocs.yml."""
    tmp = tmp_path_factory.mktemp("dated")
    project = copy_project(FIXTURES / "tiny", tmp / "project")
    config = project / "mkdocs.yml"
    config.write_text(f"site_description: {ONLY_ENGLISH}\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    (project / "docs" / "he" / "front.md").write_text(
        '---\ndescription: "מסים & \\"אגרות\\"\n  בעירייה"\n---\n# מסים\n\nפסקה.\n', encoding="utf-8"
    )
    (project / "docs" / "he" / "list.md").write_text("# רשימה\n\n- פריט\n", encoding="utf-8")
    git(project, "init", "--quiet", "--initial-branch", "main")
    commit(project, INITIAL)
    edit(project / "charter" / "services" / "report-hazard.yml", "Report a safety hazard.", "Report a hazard.")
    commit(project, HAZARD)
    return build_site(project, tmp / "site", site_url=SITE_URL)


def lastmods(site: Path, lang: str) -> dict[str, str | None]:
    urls = ET.parse(site / lang / "sitemap-pages.xml").getroot().findall(f"{SM}url")
    return {url.findtext(f"{SM}loc").removeprefix(f"{SITE_URL}{lang}/"): url.findtext(f"{SM}lastmod") for url in urls}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sitemap_dates_each_page_by_its_last_change_in_git(dated_site, lang):
    dates = lastmods(dated_site, lang)
    assert dates["service-report-hazard.html"] == "2026-03-02", "the edit's day in the site's time zone"
    assert dates["service-pay-tax.html"] == dates["department-revenue.html"] == "2026-01-05"
    assert dates["index.html"] == dates["faq.html"] == dates["services.html"] == "2026-03-02"
    for hand_written in ("about.html", "front.html", "list.html"):
        assert dates[hand_written] is None, "git is not asked about hand-written pages: no date rather than a wrong one"


def test_the_site_top_gives_absolute_addresses_with_the_site_address(dated_site):
    head = parse(dated_site / "index.html").head
    assert head.select_one("link[rel=canonical]")["href"] == f"{SITE_URL}he/index.html"
    assert {link["hreflang"]: link["href"] for link in head.select("link[rel=alternate]")} == {
        **{lang: f"{SITE_URL}{lang}/index.html" for lang in LANGUAGES},
        "x-default": f"{SITE_URL}he/index.html",
    }
    assert head.select_one("meta[http-equiv=refresh]")["content"].endswith("url=he/index.html"), "works from a folder"


def test_x_default_is_absolute_with_the_site_address(dated_site):
    for lang in LANGUAGES:
        assert alternates(dated_site / lang / "faq.html")["x-default"] == [f"{SITE_URL}he/faq.html"]
        assert alternates(dated_site / lang / "404.html")["x-default"] == [f"{SITE_URL}he/"]


def test_a_hand_written_page_is_described_by_its_front_matter_or_else_the_site(dated_site):
    for lang in LANGUAGES:
        assert description(dated_site / lang / "front.html") == 'מסים & "אגרות" בעירייה'
        assert description(dated_site / lang / "list.html") == description(dated_site / lang / "index.html")


def test_no_page_falls_back_to_a_site_description_in_another_language(dated_site):
    for lang in LANGUAGES:
        for page in html_pages(dated_site / lang):
            assert description(page) != ONLY_ENGLISH, page
        assert description(dated_site / lang / "404.html") == description(dated_site / lang / "index.html")


@pytest.mark.parametrize(
    ("lang", "name", "key", "title"),
    [("en", "department-works.html", "department", "Public works"), ("ru", "category-tax.html", "category", "Арнона"),
     ("ar", "life-event-moving-here.html", "life_event", "الانتقال إلى المدينة")],
)  # fmt: skip
def test_a_record_without_a_description_is_described_in_words_of_its_kind(dated_site, lang, name, key, title):
    expected = shortened(ui_strings(lang)["description"][key].format(title=title))
    assert description(dated_site / lang / name) == expected
    assert expected.startswith(f"{title}: ")
