"""Figures per commitment and tier beside their targets, built: a copy of the example with figures for a headline
named by its id and left empty, another commitment, an urgent tier, a target met (exactly), one missed and one
figure without a target; the performance page, the sentences of service pages, the open data, and the macro."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import ROOT, build_site, copy_project, parse, parse_html
from service_charter.addresses import Links
from service_charter.i18n import Localizer
from service_charter.load.loader import load_charter
from service_charter.model.performance import Period, Result
from service_charter.pages.render import make_environment


@dataclass(frozen=True)
class Row:
    """One line of the test's CSV, and what the site must say of it."""

    period: str
    service: str
    commitment: str  # as the CSV names it: "" for the headline
    tier: str  # as the CSV names it: "" for standard
    requests: int
    met: int
    target: int | None
    verdict: str | None  # "met", "missed", or None without a target


@pytest.fixture(scope="module")
def targets(tmp_path_factory) -> tuple[Path, list[Row], str]:
    """The built site, the rows of its CSV, and the service whose headline states no target."""
    project = copy_project(ROOT, tmp_path_factory.mktemp("targets") / "project")
    charter = load_charter(project / "charter")
    permit, hazard = charter.services["building-permit"], charter.services["hazard-report"]
    # The example's commitments this test gives figures for, as the example states them.
    assert [(c.id, c.target) for c in permit.commitments] == [("completeness", 90), ("decision", 80)], "update the test"
    assert permit.headline.id == "decision" and permit.headline.urgent is None, "update the test"
    assert (hazard.headline.target, hazard.headline.urgent and hazard.headline.urgent.target) == (90, 95)
    untargeted = next(
        s.id for s in charter.services.values() if s.headline.target is None and s.headline.urgent is None
    )
    rows = [
        Row("2026-Q2", "building-permit", "decision", "", 100, 81, 80, "met"),
        Row("2026-Q3", "building-permit", "", "", 50, 40, 80, "met"),  # exactly the target
        Row("2026-Q3", "building-permit", "completeness", "standard", 695, 598, 90, "missed"),  # 86%
        Row("2026-Q3", "hazard-report", "", "", 1000, 899, 90, "missed"),  # 89.9%, shown as 89%
        Row("2026-Q3", "hazard-report", "", "urgent", 200, 194, 95, "met"),
        Row("2026-Q3", untargeted, "", "", 40, 30, None, None),
    ]
    folder = project / "charter" / "performance"
    for old in folder.glob("*.csv"):
        old.unlink()
    lines = ["tier,period,service,commitment,requests,met"]
    lines += [f"{r.tier},{r.period},{r.service},{r.commitment},{r.requests},{r.met}" for r in rows]
    (folder / "figures.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return build_site(project, project / "site"), rows, untargeted


def text(element) -> str:
    return re.sub(r"\s+", " ", element.get_text(" ", strip=True))


# --- The performance page ------------------------------------------------------------------------


VERDICTS = {
    "en": {"met": "Met", "missed": "Below target", None: ""},
    "he": {"met": "עמדנו ביעד", "missed": "מתחת ליעד", None: ""},
}


@pytest.mark.parametrize("lang", ["en", "he"])
def test_the_table_gives_each_commitment_and_tier_beside_its_target(targets, lang):
    site, rows, _ = targets
    tables = parse(site / lang / "performance.html").select("article table.charter-performance")
    assert tables and all(table.caption.h2 for table in tables)  # one per topic, named by its heading
    for table in tables:
        assert [th["scope"] for th in table.select("thead th")] == ["col"] * 7
        assert all(len(text(th)) <= 20 for th in table.select("thead th")), "short headers, for a phone"
    shown = []
    for tr in [tr for table in tables for tr in table.select("tbody tr[data-tier]")]:
        cells = [text(td) for td in tr.find_all("td")]
        numbers = [int(re.sub(r"\D", "", cell)) for cell in cells[1:4]]
        target = (
            int(re.sub(r"\D", "", cells[4])) if tr.select_one("td.charter-performance__target.charter-number") else None
        )
        shown.append((tr["data-commitment"], tr["data-tier"], *numbers, target, cells[5]))
    expected = sorted(
        (
            r.commitment or ("decision" if r.service == "building-permit" else ""),
            r.tier or "standard",
            r.requests,
            r.met,
            r.met * 100 // r.requests,
            r.target,
            VERDICTS[lang][r.verdict],
        )
        for r in rows
    )
    assert sorted(shown) == expected
    # Each series is named once: the service, then the commitment's request and the tier where there is one.
    headers = [text(th) for table in tables for th in table.select("tbody th[scope=row]")]
    assert len(headers) == 5
    if lang == "en":
        hazard = [h for h in headers if h.startswith("Report a hazard") or "hazard" in h.lower()]
        assert sorted(h.rsplit(" · ", 1)[-1] for h in hazard) == ["Standard requests", "Urgent requests"], headers


@pytest.mark.parametrize("lang", ["en", "he"])
def test_the_chart_marks_each_target_with_a_tick_and_words(targets, lang):
    site, _, _ = targets
    svg = parse(site / lang / "performance.html").select_one("article figure svg")
    description = svg.find(id=svg["aria-describedby"]).get_text()
    assert {"en": "target", "he": "היעד"}[lang] in description
    assert len(svg.select(".charter-chart__row")) == 3  # one per service with figures for its headline's standard tier
    ticks = svg.select(".charter-chart__target")
    words = [t.get_text() for t in svg.select(".charter-chart__target-text")]
    assert len(ticks) == len(words) == 2  # the service without a target has no mark
    expected = {"en": ["Target 80%: met", "Target 90%: missed"], "he": ["יעד 80%: עמדנו בו", "יעד 90%: לא עמדנו בו"]}
    assert sorted(words) == sorted(expected[lang])
    for row in svg.select(".charter-chart__row"):
        tick = row.select_one(".charter-chart__target")
        if tick is None:
            continue
        track = row.select_one(".charter-chart__track")
        x, width = float(track["x"]), float(track["width"])
        share = int(re.sub(r"\D", "", row.select_one(".charter-chart__target-text").get_text())) / 100
        # The tick stands at the target's share of the track, from the reading start: the right in Hebrew.
        at = x + width * (1 - share) if lang == "he" else x + width * share
        assert float(tick["x1"]) == pytest.approx(at) == pytest.approx(float(tick["x2"]))


# --- Service pages, through the macro ------------------------------------------------------------


def test_service_pages_state_the_target_and_whether_it_was_met(targets):
    site, _, untargeted = targets
    permit = [
        text(p) for p in parse(site / "en" / "service-building-permit.html").select(".charter-performance-result")
    ]
    assert any("we kept this commitment for 86% of 695 requests. Target: 90%. Below target." in p for p in permit), (
        permit
    )
    assert any("for 80% of 50 requests. Target: 80%. Target met." in p for p in permit), permit
    hazard = [text(p) for p in parse(site / "en" / "service-hazard-report.html").select(".charter-performance-result")]
    assert any(
        "we kept the urgent commitment for 97% of 200 urgent requests. Target: 95%. Target met." in p for p in hazard
    )
    assert any("for 89% of 1,000 requests. Target: 90%. Below target." in p for p in hazard), hazard
    alone = [text(p) for p in parse(site / "en" / f"service-{untargeted}.html").select(".charter-performance-result")]
    assert alone and all("Target" not in p for p in alone)


# --- Open data -----------------------------------------------------------------------------------


def test_the_open_data_gives_commitment_tier_and_target(targets):
    site, rows, _ = targets
    raw = (site / "open-data" / "performance.csv").read_text(encoding="utf-8-sig")
    published = list(csv.DictReader(raw.splitlines()))
    assert {(r["service_id"], r["commitment"], r["tier"], r["requests"], r["target"]) for r in published} == {
        (
            r.service,
            r.commitment or ("decision" if r.service == "building-permit" else ""),
            r.tier or "standard",
            str(r.requests),
            f"{Decimal(r.target) / 100:f}" if r.target else "",
        )
        for r in rows
    }


# --- The macro, through the real template environment ---------------------------------------------


def render_result(lang: str, result: Result | None, target: Decimal | None) -> str:
    macros = make_environment().get_template("charter/performance-macros.html").module
    return str(macros.result(Localizer(lang, "he"), Links("service-x"), result, target))  # type: ignore[attr-defined]


Q3 = Period.parse("2026-Q3")


@pytest.mark.parametrize(
    ("lang", "result", "target", "sentence"),
    [
        (
            "en",
            Result(Q3, "x", 695, 598),
            Decimal(90),
            "In July – September 2026, we kept this commitment for 86% of 695 requests. Target: 90%. Below target.",
        ),
        (
            "en",
            Result(Q3, "x", 40, 39, None, "urgent"),
            Decimal(95),
            "In July – September 2026, we kept the urgent commitment for 97% of 40 urgent requests. Target: 95%. "
            "Target met.",
        ),
        ("en", Result(Q3, "x", 1, 1), None, "In July – September 2026, we kept this commitment for 100% of 1 request."),
        (
            "he",
            Result(Q3, "x", 2, 2, "decision"),
            Decimal(90),
            "בתקופת יולי–ספטמבר 2026 עמדנו בהתחייבות הזו ב־100% מתוך שתי פניות. היעד: 90%. עמדנו ביעד.",
        ),
        (
            "ar",
            Result(Q3, "x", 1000, 899),
            Decimal(90),
            "في الفترة تموز – أيلول 2026 وفينا بهذا الالتزام في 89% من 1,000 طلب. الهدف: 90%. لم نبلغ الهدف.",
        ),
        (
            "ru",
            Result(Q3, "x", 21, 21, None, "urgent"),
            Decimal(95),
            "За период июль – сентябрь 2026 г. мы выполнили обязательство для срочных случаев по 100 % из 21 срочного "
            "обращения. Цель: 95 %. Цель достигнута.",
        ),
    ],
)
def test_the_macro_says_the_result_the_target_and_the_verdict_in_words(lang, result, target, sentence):
    paragraph = parse_html(render_result(lang, result, target)).select_one("p.charter-performance-result")
    assert text_normal(text(paragraph)).startswith(text_normal(sentence))
    verdict = paragraph.select_one("strong")
    assert (verdict is None) == (target is None)  # the verdict in words, set apart, not by colour alone
    assert paragraph.find("a")["href"] == "performance.html"
    assert not paragraph.find("table")


def text_normal(value: str) -> str:
    """Text with every kind of space as one ordinary space (Babel writes thin and no-break spaces)."""
    return re.sub(r"[\s\u2009\u202f\u00a0]+", " ", value)


def test_the_macro_shows_nothing_without_a_result():
    assert render_result("en", None, Decimal(90)).strip() == ""
