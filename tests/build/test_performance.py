"""Performance figures, built: on service pages, on a page with a described chart and its table, as open data.

The example reports most services for their headline commitment, some for other commitments and urgent tiers too;
`test_performance_targets.py` builds figures made to meet and miss their targets."""

from __future__ import annotations

import calendar
import csv
import re
import shutil
from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest
from mkdocs.exceptions import Abort

from conftest import FIGURES, ROOT, SERIES, build_site, floor_percent, parse, write_csv
from service_charter.load.loader import load_charter

HEBREW_MONTHS = [
    "ינואר",
    "פברואר",
    "מרץ",
    "אפריל",
    "מאי",
    "יוני",
    "יולי",
    "אוגוסט",
    "ספטמבר",
    "אוקטובר",
    "נובמבר",
    "דצמבר",
]


def quarter_months(period: str) -> tuple[int, int, int]:
    year, quarter = period.split("-Q")
    return int(year), 3 * int(quarter) - 2, 3 * int(quarter)


def test_a_broken_csv_stops_the_build_and_says_where(project, tmp_path, caplog):
    write_csv(project, "2026.csv", "period,service,requests,met\n2026-Q1,pay-tax,ten,9\n")
    with pytest.raises(Abort):
        build_site(project, tmp_path / "site")
    assert "charter/performance/2026.csv:2:17: error: requests: should be a whole number" in caplog.text
    assert not (tmp_path / "site").exists()


# --- The example site ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "he"])
def test_service_pages_say_how_often_each_commitment_was_kept(example_site, lang):
    sentence = {
        "en": r"In (?P<period>.+), we kept (?P<which>this|the urgent) commitment for (?P<percent>\d+)% of "
        r"(?P<requests>[\d,]+) (urgent )?requests\.",
        "he": r"בתקופת (?P<period>.+) עמדנו בהתחייבות (?P<which>הזו|לפניות דחופות) ב־(?P<percent>\d+)% מתוך "
        r"(?P<requests>[\d,]+) פניות( דחופות)?\.",
    }[lang]
    verdicts = {"en": ("Target met.", "Below target."), "he": ("עמדנו ביעד.", "לא עמדנו ביעד.")}[lang]
    charter = load_charter(ROOT / "charter")
    for service_id in charter.services:
        soup = parse(example_site / lang / f"service-{service_id}.html")
        results = soup.select("section.charter-commitment .charter-performance-result")
        expected = {key: rows[-1] for key, rows in SERIES.items() if key[0] == service_id}
        if not expected:
            assert results == [], service_id
            assert "performance.html" not in str(soup.select_one("article")), service_id
            continue
        assert len(results) == len(expected), service_id
        shown = set()
        for result in results:
            match = re.match(sentence, result.get_text(" ", strip=True))
            assert match, (service_id, result.get_text())
            requests = int(match["requests"].replace(",", ""))
            urgent = match["which"] in ("the urgent", "לפניות דחופות")
            assert urgent == (result["data-tier"] == "urgent"), (service_id, match["which"])
            shown.add((result["data-tier"], requests, int(match["percent"]), re.sub(r"\s", "", match["period"])))
            assert result.find("a")["href"] == "performance.html"
            if "data-target" in result.attrs:
                verdict = result.select_one("strong").get_text(strip=True)
                assert verdict == verdicts[result["data-target"] == "missed"], (service_id, verdict)
        months = calendar.month_name if lang == "en" else ["", *HEBREW_MONTHS]
        wanted = set()
        for (_, _, tier), (period, requests, met) in expected.items():
            year, first, last = quarter_months(period)
            wanted.add((tier, requests, floor_percent(requests, met), f"{months[first]}–{months[last]}{year}"))
        assert shown == wanted, service_id


@pytest.mark.parametrize("lang", ["he", "ar", "en", "ru"])
def test_the_performance_page_has_a_described_chart_and_the_table_of_the_csv(example_site, lang):
    soup = parse(example_site / lang / "performance.html")
    svg = soup.select_one("article figure svg")
    assert svg["role"] == "img"
    name = soup.find(id=svg["aria-labelledby"])
    description = soup.find(id=svg["aria-describedby"])
    assert name.name == "figcaption" and name.get_text(strip=True)
    assert description.name == "desc" and len(description.get_text(strip=True)) > 40
    # One bar per service with figures, as long as its share of the track.
    tracks, bars = svg.select(".charter-chart__track"), svg.select(".charter-chart__bar")
    assert len(bars) == len(tracks) == len(FIGURES)
    shares = sorted(float(bar["width"]) / float(track["width"]) for bar, track in zip(bars, tracks, strict=True))
    latest = sorted(floor_percent(rows[-1][1], rows[-1][2]) / 100 for rows in FIGURES.values())
    assert shares == pytest.approx(latest)
    # The tables, one per topic: every line of the CSV files, oldest first within each service. Each series is a
    # `<tbody>`, named by a row header spanning its rows.
    tables = soup.select("article table.charter-performance")
    shown: dict[tuple[str, str, str], list[tuple[int, int, int]]] = defaultdict(list)
    for table in tables:
        assert table.caption.select_one("h2[id^=category-]").get_text(strip=True)
        assert [th["scope"] for th in table.select("thead th")] == ["col"] * 7
        for body in table.select("tbody"):
            [header] = body.select("th")
            assert header["scope"] == "row" and int(header.get("rowspan", 1)) == len(body.select("tr"))
            service = header.a["href"].removeprefix("service-").split(".html")[0]
            for row in body.select("tr"):
                numbers = [int(re.sub(r"\D", "", td.get_text())) for td in row.select("td.charter-number")][:3]
                shown[(service, row["data-commitment"], row["data-tier"])].append(tuple(numbers))
    assert shown == {
        key: [(requests, met, floor_percent(requests, met)) for _, requests, met in rows]
        for key, rows in SERIES.items()
    }


def test_the_figures_are_published_as_open_data(example_site):
    charter = load_charter(ROOT / "charter")
    raw = (example_site / "open-data" / "performance.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\n" not in raw.replace(b"\r\n", b"")  # BOM, RFC 4180 line ends
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    published: dict[tuple[str, str, str], list[tuple[str, int, int]]] = defaultdict(list)
    for row in rows:
        requests, met = int(row["requests"]), int(row["met"])
        published[(row["service_id"], row["commitment"], row["tier"])].append((row["period"], requests, met))
        assert Decimal(row["share_met"]) * 100 == floor_percent(requests, met)
        year, first, last = quarter_months(row["period"])  # the example reports by quarter
        end = date(year, last, calendar.monthrange(year, last)[1])
        assert (row["period_start"], row["period_end"]) == (date(year, first, 1).isoformat(), end.isoformat())
        assert (example_site / row["page"]).is_file()
        titles = charter.services[row["service_id"]].title
        assert [row["service_title"], row["service_title_en"]] == [titles.get("he"), titles.get("en")]
    assert published == SERIES
    assert [row["service_id"] for row in rows] == sorted(row["service_id"] for row in rows)
    for lang in ("he", "ar", "en", "ru"):
        page = example_site / lang / "performance.html"
        links = [a["href"] for a in parse(page).select("article a[type='text/csv']")]
        csv_file = (example_site / "open-data" / "performance.csv").resolve()
        assert links and all((page.parent / href).resolve() == csv_file for href in links), lang


@pytest.mark.parametrize("lang", ["he", "en"])
def test_the_hubs_link_the_performance_page(example_site, lang):
    for page in ("index.html", "commitments.html"):
        article = parse(example_site / lang / page).select_one("article")
        assert article.find("a", href="performance.html"), page


# --- Without data, no claim ----------------------------------------------------------------------


def test_without_data_there_is_no_page_no_link_and_no_claim(tiny_site):
    for lang in ("he", "en"):
        assert not (tiny_site / lang / "performance.html").exists()
        for page in tiny_site.joinpath(lang).glob("*.html"):
            html = page.read_text(encoding="utf-8")
            assert "performance.html" not in html, page
            assert "charter-performance-result" not in html, page
    assert not (tiny_site / "open-data" / "performance.csv").exists()


def test_services_reported_for_different_periods_show_each_period(project, tmp_path):
    write_csv(project, "2025.csv", "period,service,requests,met\n2025,pay-tax,4800,4510\n")
    write_csv(
        project, "2026.csv", "period,service,requests,met\n2026-09,report-hazard,1,1\n2026-10,report-hazard,2,1\n"
    )
    site = build_site(project, tmp_path / "site")
    english = parse(site / "en" / "performance.html")
    assert {t.get_text() for t in english.select(".charter-chart__period")} == {"2025", "October 2026"}
    assert english.select_one("figcaption").get_text(strip=True) == "Commitments kept in the latest period published"
    hebrew = parse(site / "he" / "service-report-hazard.html").select_one(".charter-performance-result")
    assert hebrew.get_text(" ", strip=True).startswith("בתקופת אוקטובר 2026 עמדנו בהתחייבות הזו ב־50% מתוך שתי פניות.")
    english = parse(site / "en" / "service-pay-tax.html").select_one(".charter-performance-result")
    assert english.get_text(" ", strip=True).startswith("In 2025, we kept this commitment for 93% of 4,800 requests.")


def test_figures_for_a_year_not_over_fail_a_strict_build_and_keep_the_published_site(
    project, tmp_path, tiny_site, caplog
):
    """A warning logged while the charter loads counts for `--strict`, as one logged while pages are written."""
    site = tmp_path / "site"
    shutil.copytree(tiny_site, site)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    write_csv(project, "now.csv", f"period,service,requests,met\n{date.today().year},pay-tax,100,90\n")
    with pytest.raises(Abort):
        build_site(project, site)
    assert "is not over yet" in caplog.text and "strict mode: warnings above" in caplog.text
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]  # no staging folder left
