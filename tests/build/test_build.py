"""Building through MkDocs: fallbacks are listed, hand-written pages fall back too, mistakes stop the build."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, build_site, copy_project, parse, search_teasers


def build_command(tool: str, project: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` (or the ProperDocs fork's) as a user runs it, in another process."""
    return subprocess.run(
        [sys.executable, "-m", tool, "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def test_a_strict_build_lists_untranslated_texts_and_still_publishes(tmp_path):
    """Texts missing in a language the site need not complete are reported, never a reason to stop."""
    result = build_command("mkdocs", FIXTURES / "tiny", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (
        "charter/services/report-hazard.yml:1:1: warning: title: 7 text(s) have no `ar` version yet: title, summary, "
        "eligibility, steps[0], commitments[0].request, commitments[0].urgent.when, owner"
    ) in result.stderr
    assert "report-hazard.yml:5:1: warning: eligibility: 2 text(s) have no `en` version yet: eligibility, owner" in (
        result.stderr
    )
    assert "no `he` version" not in result.stderr


def test_a_text_missing_in_a_required_language_stops_the_build(tmp_path):
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    site = project / "charter" / "site.yml"
    site.write_text(site.read_text().replace("default_language: he", "default_language: he\ncomplete_languages: [en]"))
    result = build_command("mkdocs", project, tmp_path / "site")
    assert result.returncode == 1
    assert (
        "charter/services/report-hazard.yml:5:1: error: eligibility: the text has no `en` version, and site.yml "
        "requires every text in `en`"
    ) in result.stderr
    assert not (tmp_path / "site").exists()


def test_hand_written_pages_fall_back_to_the_default_language(tiny_site):
    hebrew = parse(tiny_site / "he" / "about.html")
    assert hebrew.select_one("article h1").get_text(strip=True) == "על האמנה"
    assert not hebrew.select(".charter-fallback")
    english = parse(tiny_site / "en" / "about.html")
    note = english.select_one("article .charter-fallback-note")
    assert note["role"] == "note" and "not yet available in English and are shown in Hebrew" in note.get_text()
    assert note.select_one("a")["href"] == "contact.html"
    wrapper = english.select_one("article .charter-fallback")
    assert wrapper["lang"] == "he" and wrapper["dir"] == "rtl" and wrapper.select_one("h1")
    assert english.html["lang"] == "en"


def test_fallback_title_is_marked_in_the_heading(tiny_site):
    soup = parse(tiny_site / "ru" / "service-report-hazard.html")
    title = soup.select_one("article h1 [lang=he]")
    assert title is not None and title["dir"] == "rtl" and title.get_text() == "דיווח על מפגע"
    assert soup.title.get_text().startswith("דיווח על מפגע")


@pytest.mark.parametrize(
    ("lang", "page_note", "section_note"),
    [
        ("ru", "ещё не переведены на русский язык и показаны на иврите", "Эта часть показана на иврите:"),
        ("ar", "غير متوفرة بالعربية بعد، ولذلك نعرضها بالعبرية", "هذا الجزء معروض بالعبرية:"),
    ],
)
def test_a_page_with_texts_in_another_language_says_so_in_the_readers_language(
    tiny_site, lang, page_note, section_note
):
    soup = parse(tiny_site / lang / "service-report-hazard.html")
    note = soup.select_one("article h1 + .charter-fallback-note")
    assert note is not None and note["role"] == "note" and page_note in note.get_text()
    assert not note.get("lang"), "the note is in the page's own language"
    assert note.select_one("a[href='contact.html']"), "it says where to ask"
    sections = soup.select("article div.charter-fallback")
    assert sections, "a Markdown block in Hebrew is introduced"
    for section in sections:
        assert section.select_one(".charter-fallback__note").get_text() == section_note
        assert section.select_one("div[lang=he][dir=rtl]")
    complete = parse(tiny_site / "he" / "service-report-hazard.html")
    assert not complete.select(".charter-fallback-note, .charter-fallback")


def test_a_yaml_mistake_stops_the_build_with_file_and_line(tmp_path):
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    service = project / "charter" / "services" / "pay-tax.yml"
    service.write_text(
        service.read_text(encoding="utf-8").replace("department: revenue", "department: finance"), encoding="utf-8"
    )
    result = build_command("mkdocs", project, tmp_path / "site")
    assert result.returncode == 1
    assert "charter/services/pay-tax.yml:4:13: error: department: there is no department `finance`" in result.stderr
    assert "hint: create departments/finance.yml, or fix the id" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "he" / "index.html").exists()


def test_languages_option_builds_a_subset(tmp_path):
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("charter_dir: charter", "charter_dir: charter\n      languages: [en]"))
    site = build_site(project, tmp_path / "site")
    folders = sorted(p.name for p in site.iterdir() if p.is_dir())
    assert folders == ["assets", "en", "he", "open-data"]  # open data: the whole charter
    assert {a["hreflang"] for a in parse(site / "en" / "index.html").select("a.md-select__link")} == {"he", "en"}


def _set_jobs(project: Path, jobs: int) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("charter_dir: charter", f"charter_dir: charter\n      jobs: {jobs}"))


def _files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_languages_built_side_by_side_equal_those_built_one_after_another(tmp_path):
    sites = {}
    for jobs in (1, 3):
        project = copy_project(FIXTURES / "tiny", tmp_path / f"project-{jobs}")
        config = project / "mkdocs.yml"
        config.write_text(
            config.read_text().replace("charter_dir: charter", f"charter_dir: charter\n      jobs: {jobs}")
        )
        sites[jobs] = _files(build_site(project, tmp_path / f"site-{jobs}"))
    assert len(sites[1]) > 100
    assert sites[1].keys() == sites[3].keys()
    assert [name for name in sites[1] if sites[1][name] != sites[3][name] and not name.endswith(".gz")] == []


def test_a_warning_in_a_language_built_by_a_worker_keeps_the_previous_site(tmp_path):
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    _set_jobs(project, 2)  # the first language after the default one is always a worker's
    site = tmp_path / "site"
    assert build_command("mkdocs", project, site).returncode == 0
    before = _files(site)
    (project / "docs" / "ar").mkdir(exist_ok=True)
    (project / "docs" / "ar" / "about.md").write_text("# عن الميثاق\n\n[رابط](missing.md)\n", encoding="utf-8")
    result = build_command("mkdocs", project, site)
    assert result.returncode == 1
    assert "Doc file 'about.md' contains a link 'missing.md'" in result.stderr, result.stderr
    assert "the العربية site did not build" in result.stderr
    assert "Traceback" not in result.stderr
    assert _files(site) == before


def test_each_language_sitemap_is_a_small_index_of_its_pages(tmp_path):
    """The theme fetches every language's sitemap.xml on a first visit: it must not list every page."""
    site = build_site(FIXTURES / "tiny", tmp_path / "site", site_url="https://city.example/charter/")
    for lang in ("he", "ar", "en", "ru"):
        index = (site / lang / "sitemap.xml").read_text(encoding="utf-8")
        assert "<sitemapindex" in index and "<url>" not in index and len(index) < 300
        assert f"<loc>https://city.example/charter/{lang}/sitemap-pages.xml</loc>" in index
        assert gzip.decompress((site / lang / "sitemap.xml.gz").read_bytes()).decode() == index
        pages = (site / lang / "sitemap-pages.xml").read_text(encoding="utf-8")
        assert f"<loc>https://city.example/charter/{lang}/service-pay-tax.html</loc>" in pages
        assert gzip.decompress((site / lang / "sitemap-pages.xml.gz").read_bytes()).decode() == pages


def test_generated_page_can_be_replaced_by_a_hand_written_one(tmp_path):
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    (project / "docs" / "he" / "contact.md").write_text("# צרו קשר\n\nטקסט שנכתב ביד.\n", encoding="utf-8")
    site = build_site(project, tmp_path / "site")
    assert "טקסט שנכתב ביד" in (site / "he" / "contact.html").read_text(encoding="utf-8")


def test_template_override_through_custom_dir(tmp_path):
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    override = project / "overrides" / "charter"
    override.mkdir(parents=True)
    (override / "faq.html").write_text("<h1>{{ title }}</h1><p>OVERRIDDEN {{ L.lang }}</p>", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("name: material", "name: material\n  custom_dir: overrides"))
    site = build_site(project, tmp_path / "site")
    assert "OVERRIDDEN ar" in (site / "ar" / "faq.html").read_text(encoding="utf-8")


def test_a_template_override_added_between_two_builds_is_used(tmp_path):
    """Templates are compiled once per process, as `mkdocs serve` keeps it: a new override must still count."""
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    override = project / "overrides" / "charter"
    override.mkdir(parents=True)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("name: material", "name: material\n  custom_dir: overrides"))
    site = build_site(project, tmp_path / "site")
    assert "ADDED" not in (site / "he" / "faq.html").read_text(encoding="utf-8")
    (override / "faq.html").write_text("<h1>{{ title }}</h1><p>ADDED {{ L.lang }}</p>", encoding="utf-8")
    site = build_site(project, tmp_path / "site")
    for lang in ("he", "ar", "en", "ru"):
        assert f"ADDED {lang}" in (site / lang / "faq.html").read_text(encoding="utf-8")


def test_the_properdocs_fork_builds_every_language(tmp_path):
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    result = build_command("properdocs", project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for lang in ("he", "ar", "en", "ru"):
        generator = parse(tmp_path / "site" / lang / "index.html").select_one("meta[name=generator]")["content"]
        assert "ProperDocs" in generator, (lang, generator)


ATTACK = '\\"></title><script>alert(1)</script><img src=x onerror=alert(2)>'


def test_markup_in_charter_texts_never_reaches_a_page_unescaped(tmp_path):
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    charter = project / "charter"
    for path, old in [
        (charter / "services" / "pay-tax.yml", "en: Pay property tax, ru:"),
        (charter / "categories" / "tax.yml", "en: Property tax, ru:"),
        (charter / "site.yml", "en: Testville, ru:"),
    ]:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, f'en: "{ATTACK}", ru:'), encoding="utf-8")
    site = build_site(project, tmp_path / "site")
    pages = list(site.rglob("*.html"))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html and "<img src=x" not in html, page.name
    service = (site / "en" / "service-pay-tax.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)" in service
    # The search index keeps the text as data; the engine escapes it when it shows results (test_search.py).
    titles = {entry["t"] for entry in search_teasers(site / "en")}
    assert '"></title><script>alert(1)</script><img src=x onerror=alert(2)>' in titles
