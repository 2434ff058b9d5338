"""Search in the built site: the index each language gets, the resident query set over the example charter,
and results that are safe and say what the service promises, answered by the browser's engine run by Node."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from search.quality import RESIDENTS, index_without_keywords, report

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
    assert (example_site / "assets" / "charter-search.js").is_file()  # one engine for every language
    assert not (example_site / "assets" / "javascripts" / "workers").exists()  # the theme's unused engine
    assert not (example_site / "assets" / "javascripts" / "lunr").exists()


# --- What residents type ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def quality(example_site: Path) -> dict[str, dict]:
    return report(example_site)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_residents_find_the_service_in_the_top_three(quality: dict, lang: str) -> None:
    result = quality[lang]
    print(f"{lang}: recall@3 {result['recall@3']:.3f}, MRR {result['mrr']:.3f} over {result['queries']} queries")
    assert result["recall@3"] >= 0.95, result["misses"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_residents_own_words_find_the_service(example_site: Path, lang: str) -> None:
    """The resident query set (everyday words, typos, questions, other scripts), written apart from the keywords."""
    result = report(example_site, {lang: RESIDENTS[lang]}, [lang])[lang]
    print(f"{lang}: recall@3 {result['recall@3']:.3f}, MRR {result['mrr']:.3f} over {result['queries']} queries")
    assert result["queries"] >= 100
    assert result["recall@3"] >= 0.97, result["misses"]


@pytest.fixture(scope="module")
def site_without_keywords(example_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return index_without_keywords(ROOT / "charter", tmp_path_factory.mktemp("without-keywords"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_residents_find_the_service_without_its_keywords(site_without_keywords: Path, lang: str) -> None:
    """The pages' own words and the vocabulary carry search when staff wrote no keywords."""
    result = report(site_without_keywords, {lang: RESIDENTS[lang]}, [lang])[lang]
    print(f"{lang} without keywords: recall@3 {result['recall@3']:.3f} over {result['queries']} queries")
    assert result["recall@3"] >= 0.85, result["misses"]


def test_resident_queries_are_not_the_keywords_themselves() -> None:
    charter = load_charter(ROOT / "charter")
    for lang in LANGUAGES:
        for case in RESIDENTS[lang]:
            keywords = {k.casefold() for k in charter.services[case["expect"]].keywords.get(lang, [])}
            assert case["q"].strip().rstrip("?").casefold() not in keywords, case


def first_pages(site: Path, lang: str, queries: list[str], top: int = 3) -> list[list[str]]:
    """The pages of the first `top` results of each query."""
    return [[group[0]["location"].split("#")[0] for group in groups[:top]] for groups in search(site, lang, queries)]


@pytest.mark.parametrize(
    ("lang", "query", "page", "top"),
    [
        # one letter wrong, missing or swapped, from four letters on, in every language
        ("he", "ארנוה", "service-arnona-payment.html", 3),
        ("ar", "ضجيح", "service-noise-complaint.html", 3),
        ("ru", "собкаа", "service-dog-license.html", 3),
        ("en", "nosie", "service-noise-complaint.html", 3),
        # a shorter word with one letter wrong, where it finds nothing else
        ("he", "רעס", "service-noise-complaint.html", 3),
        # every word may be the start of a longer one, not only the last
        ("ar", "كيف ادفع الارنونا", "service-arnona-payment.html", 3),
        # a title typed as it is comes first
        ("en", "school registration", "service-school-registration.html", 1),
        ("he", "רישום לגני ילדים", "service-kindergarten-registration.html", 1),
        # other scripts: English and Latin letters on every language's site lead to that language's page
        ("he", "parking permit", "service-residents-parking-permit.html", 3),
        ("ru", "arnona", "service-arnona-payment.html", 3),
        ("en", "tav chanaya", "service-residents-parking-permit.html", 3),
        # the vocabulary: everyday words the pages do not hold
        ("he", "זבל", "service-recycling-bins.html", 3),
        ("en", "rubbish", "service-recycling-bins.html", 3),
    ],
)
def test_search_understands_residents(example_site: Path, lang: str, query: str, page: str, top: int) -> None:
    [pages] = first_pages(example_site, lang, [query], top)
    assert page in pages, (query, pages)


def test_a_word_kept_whole_is_not_found_as_the_shorter_word(tmp_path: Path) -> None:
    """`keep`: Friday (الجمعة) is not cut to جمع (collect); a charter's vocabulary keeps more words whole."""
    project = copy_project(ROOT / "tests" / "fixtures" / "tiny", tmp_path / "project")
    service = project / "charter" / "services" / "pay-tax.yml"
    written = "keywords: {he: [מיסים], en: [council tax]}"
    keywords = "keywords: {he: [מיסים], en: [council tax], ar: [جمع النفايات, مخالف]}"
    service.write_text(service.read_text("utf-8").replace(written, keywords), "utf-8")
    site = build_site(project, tmp_path / "site")
    found = first_pages(site, "ar", ["الجمعة", "مخالفات", "جمع"])
    assert "service-pay-tax.html" not in found[0]
    assert "service-pay-tax.html" in found[1] and "service-pay-tax.html" in found[2]
    (project / "charter" / "vocabulary.yml").write_text("keep:\n  ar: [مخالفات]\n", "utf-8")
    site = build_site(project, tmp_path / "site-kept")
    assert "service-pay-tax.html" not in first_pages(site, "ar", ["مخالفات"])[0]


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


STALE = """
const fs = require("fs"), path = require("path"), vm = require("vm");
const {Engine, take} = require(process.argv[1]);
const search = path.join(process.argv[2], "search");
const manifest = JSON.parse(fs.readFileSync(path.join(search, "search_index.json"), "utf-8")).config.charter;
const loaded = [];
const engine = new Engine(manifest, async name => {
  loaded.push(name);
  vm.runInThisContext(fs.readFileSync(path.join(search, manifest.folder, `${name}.js`), "utf-8"));
  return take(name);
});
(async () => {
  const stale = await engine.search("dog licence", () => false);
  const before = [...loaded];
  const fresh = await engine.search("dog licence");
  console.log(JSON.stringify({stale, before, loaded, found: fresh.items.length}));
})();
"""


def test_a_stale_query_stops_before_fetching_its_results(example_site: Path) -> None:
    """A query overtaken by the next keystroke fetches no teasers and answers nothing."""
    engine = ROOT / "plugins" / "service_charter" / "assets" / "charter-search.js"
    done = subprocess.run(
        [NODE or "node", "-e", STALE, str(engine), str(example_site / "en")], capture_output=True, text=True, check=True
    )
    answer = json.loads(done.stdout)
    assert answer["stale"] is None and answer["found"] > 0
    assert answer["before"] and all(name.startswith("t-") for name in answer["before"])
    assert any(name.startswith("d-") for name in answer["loaded"])
