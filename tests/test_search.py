"""Search: the browser's engine (run by Node) against the same vectors as the index builder, the
index the build writes, and the resident query set over the example charter."""

from __future__ import annotations

import json
import random
import re
import shutil
import threading
from pathlib import Path

import pytest
import yaml
from search.quality import QUERIES, engine, report

from conftest import LANGUAGES, ROOT, build_site, copy_project
from service_charter.i18n import Localizer
from service_charter.load.loader import load_charter
from service_charter.search import index as search_index
from service_charter.search.text import content_words, rules, terms, words

HERE = Path(__file__).parent / "search"
VECTORS = yaml.safe_load((HERE / "vectors.yml").read_text(encoding="utf-8"))
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="Node runs the browser's search engine in these tests")


def search(site: Path, lang: str, queries: list[str]) -> list[list[list[dict]]]:
    return engine({"site": str(site / lang), "queries": queries})


# --- The same folding on both sides ----------------------------------------------------------


def test_browser_folds_words_like_the_index_builder() -> None:
    texts = sorted(
        {str(case["text"]) for case in VECTORS["words"] + VECTORS["content"] + VECTORS["terms"]}
        | {str(case[key]) for case in VECTORS["finds"] for key in ("query", "text")}
    )
    answers = engine({"fold": texts, "rules": rules().raw})
    for text, answer in zip(texts, answers, strict=True):
        assert answer["words"] == list(words(text)), text
        assert answer["content"] == list(content_words(text)), text
        assert sorted(map(tuple, answer["terms"])) == sorted(t for w in words(text) for t in terms(w)), text


def test_browser_answers_the_vectors() -> None:
    """The JavaScript side checked against the file itself, not only against Python."""
    cases = VECTORS["words"] + VECTORS["content"] + VECTORS["terms"]
    answers = engine({"fold": [str(c["text"]) for c in cases], "rules": rules().raw})
    for case, answer in zip(cases, answers, strict=True):
        if "words" in case:
            assert answer["words"] == [str(w) for w in case["words"]], case
        elif "content" in case:
            assert answer["content"] == [str(w) for w in case["content"]], case
        else:
            assert {t for t, _ in answer["terms"]} == {str(t) for t in case["terms"]}, case
    finds = VECTORS["finds"]
    folded = engine({"fold": [str(c[k]) for c in finds for k in ("query", "text")], "rules": rules().raw})
    for n, case in enumerate(finds):
        query, text = ({t for t, _ in folded[2 * n + i]["terms"]} for i in (0, 1))
        assert bool(query & text) is case["finds"], case


def test_every_word_of_the_example_folds_the_same_in_the_browser() -> None:
    """Every word the example charter holds, in every script it uses."""
    files = (ROOT / "charter").rglob("*.yml")
    texts = sorted({word for path in files for word in re.findall(r"\w+", path.read_text("utf-8"))})
    answers = engine({"fold": texts, "rules": rules().raw})
    mismatched = [
        text
        for text, answer in zip(texts, answers, strict=True)
        if sorted(map(tuple, answer["terms"])) != sorted(t for w in words(text) for t in terms(w))
    ]
    assert len(texts) > 3000
    assert mismatched == []


def test_random_mixed_text_folds_the_same_in_the_browser() -> None:
    """Text mixing every kind of character the rules treat differently, from every script in use."""
    pool = (
        "אבגדהוזחטיכךלמםנןסעפףצץקרשת" + "\u05b0\u05b4\u05bc\u05c1\u0591" + "־-'\"׳״_ "
        + "ابتثجحخدذرزسشصضطظعغفقكلمنهويىةأإآؤئء" + "\u064b\u064e\u0650\u0651\u0670ـ" + "٠١٢۳۴"
        + "абвгдеёжзийклмнопрстуфхцчшщъыьэюяЁЙ" + "abcxyzABCéüçßİ" + "ＰＡ０１" + "ﬁﻻשׁ" + "²Ⅻ½"
        + "\u200d\u200f\u00ad\ufeff" + "😀𝐀𝑥" + "中文" + ".,;:!?()[]/\\\t\n"
    )  # fmt: skip
    generator = random.Random(5)
    texts = ["".join(generator.choice(pool) for _ in range(generator.randint(1, 40))) for _ in range(1500)]
    answers = engine({"fold": texts, "rules": rules().raw})
    for text, answer in zip(texts, answers, strict=True):
        assert answer["words"] == list(words(text)), repr(text)
        assert sorted(map(tuple, answer["terms"])) == sorted(t for w in words(text) for t in terms(w)), repr(text)


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


def test_a_large_catalogue_splits_busy_letters_and_still_finds_everything(tmp_path: Path, monkeypatch) -> None:
    """Where one letter's terms would make a large file, they are split by two letters, or three."""
    monkeypatch.setattr(search_index, "SPLIT_ABOVE", 500)
    charter = load_charter(ROOT / "charter")
    entries = list(search_index.charter_entries(charter, Localizer("he", "he")))
    manifest, files = search_index.build_index(entries, "he", "he")
    search_index.write_index(tmp_path / "he", manifest, files)
    keys = manifest["config"]["charter"]["shards"]
    assert {len(key) for key in keys} == {1, 2, 3} and max(len(text) for text in files.values()) < 20_000
    typos = ["אנרונה", "ארונה תשלום", "תשלום ארננה"]  # the 2nd or 3rd letter swapped or dropped, and the 5th
    queries = [case["q"] for case in QUERIES["he"]] + typos
    expected = [case["expect"] for case in QUERIES["he"]] + ["arnona-payment"] * len(typos)
    tops = [[group[0]["location"] for group in groups[:3]] for groups in search(tmp_path, "he", queries)]
    found = [f"service-{expect}.html" in top for top, expect in zip(tops, expected, strict=True)]
    assert sum(found) / len(found) >= 0.95 and all(found[-len(typos) :])


def test_a_short_term_in_every_entry_stays_in_one_file(monkeypatch) -> None:
    """A two-letter term cannot be split by three letters, however many entries hold it."""
    monkeypatch.setattr(search_index, "SPLIT_ABOVE", 500)
    entries = [
        search_index.Entry(url=f"service-{n}.html", title=(f"דו {n}", "he"), fields=[(10, f"דו דוח{n}")])
        for n in range(300)
    ]
    built: list = []
    worker = threading.Thread(target=lambda: built.append(search_index.build_index(entries, "he", "he")), daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert built, "building the index did not finish"
    manifest, files = built[0]
    assert "דו" in manifest["config"]["charter"]["shards"]
    assert len(files[f"t-{ord('ד'):x}-{ord('ו'):x}.js"]) > 500


# --- What residents type ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def quality(example_site: Path) -> dict[str, dict]:
    return report(example_site)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_query_set_is_big_enough(lang: str) -> None:
    assert len(QUERIES[lang]) >= 30
    assert sum(len(QUERIES[lang]) for lang in LANGUAGES) >= 120
    services = {p.stem for p in (ROOT / "charter" / "services").glob("*.yml")}
    assert {case["expect"] for case in QUERIES[lang]} <= services


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
    assert "<mark>" in first["title"] and "Our commitment:" in first["text"]
    assert re.search(r"<mark>[Pp]ay</mark>", first["text"])


def test_results_in_a_fallback_language_carry_that_language(example_site: Path) -> None:
    [groups] = search(example_site, "ru", ["תשלום"])
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
