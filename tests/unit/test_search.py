"""Search: the browser's engine (run by Node) against the same vectors as the index builder, the
split of a large index, and the resident query set."""

from __future__ import annotations

import random
import re
import shutil
import threading
from pathlib import Path

import pytest
import yaml
from search.quality import QUERIES, engine

from conftest import LANGUAGES, ROOT, search
from service_charter.i18n import Localizer
from service_charter.load.loader import load_charter
from service_charter.search import index as search_index
from service_charter.search.text import content_words, rules, terms, words

HERE = Path(__file__).parents[1] / "search"
VECTORS = yaml.safe_load((HERE / "vectors.yml").read_text(encoding="utf-8"))
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="Node runs the browser's search engine in these tests")


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


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_query_set_is_big_enough(lang: str) -> None:
    assert len(QUERIES[lang]) >= 30
    assert sum(len(QUERIES[lang]) for lang in LANGUAGES) >= 120
    services = {p.stem for p in (ROOT / "charter" / "services").glob("*.yml")}
    assert {case["expect"] for case in QUERIES[lang]} <= services
