"""Search in the built site: the index each language gets, the resident query set over the example charter,
and results that are safe and say what the service promises, answered by the browser's engine run by Node."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from search.quality import report

from conftest import LANGUAGES, ROOT, build_site, copy_project, search
from service_charter.load.loader import load_charter

NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="Node runs the browser's search engine in these tests")


# --- The index in the built site -------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_its_own_split_index(example_site: Path, lang: str) -> None:
    search_dir = example_site / lang / "search"
    manifest = json.loads((search_dir / "search_index.json").read_text("utf-8"))
    assert manifest["docs"] == []  # the theme's own full-text index is not shipped
    charter = manifest["config"]["charter"]
    assert (search_dir / "search_index.js").read_text("utf-8").startswith("var __index = {")
    folder = search_dir / charter["folder"]
    shards = sorted(folder.glob("t-*.js"))
    assert sorted("".join(chr(int(code, 16)) for code in p.stem[2:].split("-")) for p in shards) == charter["shards"]
    assert len(list(folder.glob("d-*.js"))) == -(-charter["count"] // charter["chunk"])
    assert 100 < charter["count"] < 130
    text = " ".join(p.read_text("utf-8") for p in shards)
    own_letters = {"he": "[א-ת]", "ar": "[ء-ي]", "en": "[a-z]", "ru": "[а-я]"}[lang]
    assert re.search(own_letters, text)


def test_every_page_loads_the_charter_search_before_the_theme(example_site: Path) -> None:
    pages = [p for lang in LANGUAGES for p in (example_site / lang).glob("*.html")]
    for page in pages:
        html = page.read_text("utf-8")
        boot = html.find("assets/charter-search-boot.js")
        assert 0 < boot < html.find("assets/javascripts/bundle."), page
    assert (example_site / "he" / "assets" / "charter-search.js").is_file()
    assert not (example_site / "he" / "assets" / "javascripts" / "workers").exists()  # the theme's unused engine
    assert not (example_site / "he" / "assets" / "javascripts" / "lunr").exists()


# --- What residents type ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def quality(example_site: Path) -> dict[str, dict]:
    return report(example_site)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_residents_find_the_service_in_the_top_three(quality: dict, lang: str) -> None:
    result = quality[lang]
    print(f"{lang}: recall@3 {result['recall@3']:.3f}, MRR {result['mrr']:.3f} over {result['queries']} queries")
    assert result["recall@3"] >= 0.95, result["misses"]


# --- Results are safe and say what the service promises ---------------------------------------


def test_a_result_shows_title_summary_and_commitment_marked(example_site: Path) -> None:
    [groups] = search(example_site, "en", ["paying property taxes"])
    first = groups[0][0]
    assert first["location"] == "service-arnona-payment.html"
    headline = load_charter(ROOT / "charter").services["arnona-payment"].headline
    label = headline.request.get("en") if headline.request else "Dealt with"
    assert "<mark>" in first["title"] and f"{label}: within" in first["text"]
    assert re.search(r"<mark>[Pp]ay</mark>", first["text"])


def test_results_in_a_fallback_language_carry_that_language(tiny_site: Path) -> None:
    [groups] = search(tiny_site, "ru", ["דיווח"])
    assert any('lang="he" dir="rtl"' in item["title"] + item["text"] for group in groups for item in group)


def test_hostile_text_reaches_results_escaped(tmp_path: Path) -> None:
    project = copy_project(ROOT / "tests" / "fixtures" / "tiny", tmp_path / "project")
    service = project / "charter" / "services" / "pay-tax.yml"
    attack = '<img src=x onerror=alert(1)> "quoted" & more'
    source = service.read_text("utf-8").replace("en: Pay property tax,", f"en: {json.dumps(attack)},", 1)
    service.write_text(source, "utf-8")
    site = build_site(project, tmp_path / "site")
    [groups] = search(site, "en", ["img onerror quoted"])
    html = " ".join(item["title"] + item["text"] for group in groups for item in group)
    assert "onerror</mark>" in html and "&lt;<mark>img</mark>" in html and "&quot;quoted&quot;" in html
    assert set(re.findall(r"<(\w+)", html)) <= {"mark", "p", "strong", "span"}
