"""Performance data: mistakes reported at once, the service sentence, the chart and table, no claim without data."""

from __future__ import annotations

import calendar
import csv
import re
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import FIXTURES, ROOT, build_site, copy_project, parse
from service_charter.i18n import Localizer
from service_charter.load.loader import load_charter
from service_charter.model.performance import Period
from service_charter.problems import CharterError, Severity

TODAY = date(2026, 11, 23)
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


def example_figures() -> dict[str, list[tuple[str, int, int]]]:
    """The example's CSV files read independently of the plugin: service → (period, requests, met), oldest first."""
    figures: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for path in sorted((ROOT / "charter" / "performance").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as file:
            for row in csv.DictReader(file):
                figures[row["service"]].append((row["period"], int(row["requests"]), int(row["met"])))
    for rows in figures.values():
        rows.sort()
    return dict(figures)


FIGURES = example_figures()


def floor_percent(requests: int, met: int) -> int:
    return met * 100 // requests


def quarter_months(period: str) -> tuple[int, int, int]:
    year, quarter = period.split("-Q")
    return int(year), 3 * int(quarter) - 2, 3 * int(quarter)


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(FIXTURES / "tiny", tmp_path / "project")


def write_csv(project: Path, name: str, text: str) -> Path:
    folder = project / "charter" / "performance"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def messages(project: Path) -> list[str]:
    with pytest.raises(CharterError) as caught:
        load_charter(project / "charter", today=TODAY)
    return [p.format() for p in caught.value.problems if "performance/" in p.file]


# --- Reading the CSV files -----------------------------------------------------------------------


def test_every_mistake_is_reported_at_once_with_file_line_and_column(project):
    write_csv(
        project,
        "2026.csv",
        "period,service,requests,met\n"
        "2026-Q1,pay-tax,120,118\n"
        "2026-Q1,pay-tx,50,40\n"
        "2026-Q5,report-hazard,30,20\n"
        "2026-Q2,report-hazard,1.5k,10\n"
        "2026-Q2,pay-tax,-4,0\n"
        "2026-Q3,pay-tax,10,12\n"
        "2026-Q1,pay-tax,120,118\n"
        "2026-05,report-hazard,10,9\n"
        "2027-Q1,pay-tax,10,9\n"
        "2026-Q3,report-hazard,0,0\n",
    )
    write_csv(project, "empty.csv", "\n")
    write_csv(project, "header.csv", "period,service,requests,mett\n2026-Q1,pay-tax,1,1\n")
    write_csv(project, "semicolons.csv", "period;service;requests;met\n2026-Q1;pay-tax;1;1\n")
    write_csv(project, "short.csv", "period,service,requests,met\n2026-Q2,report-hazard,1,284,1200\n")
    write_csv(project, "only-header.csv", "period,service,requests,met\n")
    found = messages(project)
    file = "charter/performance/2026.csv"
    expected = [
        f"{file}:3:9: error: service: there is no service `pay-tx`\n    hint: did you mean `pay-tax`?",
        f"{file}:4:1: error: period: '2026-Q5' is not a period",
        f"{file}:5:23: error: requests: should be a whole number; '1.5k' is not one",
        f"{file}:6:17: error: requests: -4 is negative",
        f"{file}:7:20: error: met: met (12) is more than the requests received (10)",
        f"{file}:8:1: error: period: 2026-Q1 is given twice for `pay-tax`\n    hint: it is first given at {file}:2",
        f"{file}:9:1: error: period: `report-hazard` is reported by quarter elsewhere ({file}:5), here by month",
        f"{file}:10:1: error: period: 2027-Q1 has not begun yet",
        f"{file}:11:23: error: requests: there were no requests, so there is nothing to report",
        "charter/performance/empty.csv: error: the file is empty",
        "charter/performance/header.csv:1:25: error: mett: unknown column `mett`\n    hint: did you mean `met`?",
        "charter/performance/header.csv:1:1: error: the header has no `met` column",
        "charter/performance/semicolons.csv:1:1: error: the file has no header line",
        "charter/performance/short.csv:2:1: error: the line has 5 values but the header has 4 columns",
        "charter/performance/only-header.csv:1:1: error: the file has a header but no figures",
    ]
    for message in expected:
        assert any(line.startswith(message) for line in found), f"{message!r} not in:\n" + "\n".join(found)
    assert len(found) == len(expected), "\n".join(found)
    assert any("not semicolons" in line for line in found)
    assert any("1284, not 1,284" in line for line in found)


def test_header_in_any_order_with_a_byte_order_mark_and_blank_lines(project):
    path = write_csv(project, "2026.csv", "")
    path.write_bytes(
        "\ufeffMet, Service ,period,REQUESTS\r\n\r\n9,pay-tax,2026-07,10\r\n3,pay-tax,2026-08,4\r\n".encode()
    )
    charter = load_charter(project / "charter", today=TODAY)
    results = charter.performance.of("pay-tax")
    assert [(str(r.period), r.requests, r.met) for r in results] == [("2026-07", 10, 9), ("2026-08", 4, 3)]
    assert charter.performance.latest("report-hazard") is None


def test_a_file_not_in_utf8_names_its_line(project):
    path = write_csv(project, "2026.csv", "")
    path.write_bytes("period,service,requests,met\n2026-Q1,pay-tax,1,1\n2026-Q2,pay-tax,2,1 ה\n".encode("cp1255"))
    assert messages(project) == [
        "charter/performance/2026.csv:3:1: error: the file is not UTF-8 text\n"
        "    hint: save it as “CSV UTF-8” (in Excel: File › Save As › CSV UTF-8)"
    ]


def test_a_period_still_running_is_a_warning_and_a_spreadsheet_is_pointed_out(project):
    write_csv(project, "2026.csv", "period,service,requests,met\n2026-Q4,pay-tax,10,9\n")
    (project / "charter" / "performance" / "2026.xlsx").write_bytes(b"PK")
    charter = load_charter(project / "charter", today=TODAY)
    warnings = [p.format() for p in charter.problems if p.severity is Severity.warning and "performance" in p.file]
    assert warnings == [
        "charter/performance/2026.csv:2:1: warning: period: 2026-Q4 is not over yet (it ends on 2026-12-31)\n"
        "    hint: figures for a period still running will change; publish them once it is over",
        "charter/performance/2026.xlsx: warning: this file is not read: performance data must be in CSV files\n"
        "    hint: save it as “CSV UTF-8” with the header `period,service,requests,met`, and delete this file",
    ]


def test_a_broken_csv_stops_the_build_and_says_where(project, tmp_path, caplog):
    write_csv(project, "2026.csv", "period,service,requests,met\n2026-Q1,pay-tax,ten,9\n")
    with pytest.raises(Abort):
        build_site(project, tmp_path / "site")
    assert "charter/performance/2026.csv:2:17: error: requests: should be a whole number" in caplog.text
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("text", "start", "end", "kind"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31), "year"),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31), "quarter"),
        ("2026-q4", date(2026, 10, 1), date(2026, 12, 31), "quarter"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
    ],
)
def test_periods(text, start, end, kind):
    period = Period.parse(text)
    assert period is not None and (period.start, period.end, period.kind) == (start, end, kind)
    assert str(period) == text.upper()


@pytest.mark.parametrize("text", ["2026-Q0", "2026-13", "2026-7", "26-Q1", "Q3 2026", "2026/07", ""])
def test_not_periods(text):
    assert Period.parse(text) is None


def test_periods_sort_in_time():
    periods = [Period.parse(t) for t in ("2026-Q1", "2025-Q4", "2026-Q3", "2026-Q2")]
    assert [str(p) for p in sorted(periods)] == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
    months = [Period.parse(t) for t in ("2026-10", "2026-09", "2026-11")]
    assert [str(p) for p in sorted(months)] == ["2026-09", "2026-10", "2026-11"]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "2026-Q3", "July\u2009–\u2009September 2026"),
        ("he", "2026-Q3", "יולי–ספטמבר 2026"),
        ("en", "2026-07", "July 2026"),
        ("he", "2026-07", "יולי 2026"),
        ("en", "2025", "2025"),
    ],
)
def test_periods_in_words(lang, text, expected):
    assert Localizer(lang, "he").period(Period.parse(text)) == expected


@pytest.mark.parametrize(
    ("lang", "requests", "expected"),
    [
        ("en", 1, "of 1 request."),
        ("en", 1284, "of 1,284 requests."),
        ("he", 1, "מתוך פנייה אחת."),
        ("he", 2, "מתוך שתי פניות."),
        ("he", 1284, "מתוך 1,284 פניות."),
        ("ru", 21, "из 21 обращения."),
        ("ru", 25, "из 25 обращений."),
        ("ar", 5, "من 5 طلبات."),
    ],
)
def test_the_sentence_has_the_right_plural(lang, requests, expected):
    L = Localizer(lang, "he")
    sentence = L.plural("performance.result", requests, period="P", percent="9%", requests=L.number(requests))
    assert str(sentence).endswith(expected)


def test_shares_are_rounded_down_so_the_site_never_claims_more():
    charter = load_charter(ROOT / "charter")
    for results in charter.performance.results.values():
        for result in results:
            assert result.share == Decimal(floor_percent(result.requests, result.met)) / 100
            assert result.share < 1 or result.met == result.requests


# --- The example site ----------------------------------------------------------------------------


def test_the_example_reports_most_services_but_not_all():
    charter = load_charter(ROOT / "charter")
    assert 0 < len(FIGURES) < len(charter.services)
    assert all(2 <= len(rows) <= 4 for rows in FIGURES.values())


@pytest.mark.parametrize("lang", ["en", "he"])
def test_service_pages_say_how_often_the_commitment_was_kept(example_site, lang):
    sentence = {
        "en": r"In (?P<period>.+), we kept our commitment for (?P<percent>\d+)% of (?P<requests>[\d,]+) requests\.",
        "he": r"בתקופת (?P<period>.+) עמדנו בהתחייבות שלנו ב־(?P<percent>\d+)% מתוך (?P<requests>[\d,]+) פניות\.",
    }[lang]
    charter = load_charter(ROOT / "charter")
    for service_id in charter.services:
        soup = parse(example_site / lang / f"service-{service_id}.html")
        result = soup.select_one("section.charter-commitment .charter-performance-result")
        if service_id not in FIGURES:
            assert result is None, service_id
            assert "performance.html" not in str(soup.select_one("article")), service_id
            continue
        period, requests, met = FIGURES[service_id][-1]
        match = re.match(sentence, result.get_text(" ", strip=True))
        assert match, (service_id, result.get_text())
        assert int(match["percent"]) == floor_percent(requests, met)
        assert int(match["requests"].replace(",", "")) == requests
        year, first, last = quarter_months(period)
        months = calendar.month_name if lang == "en" else ["", *HEBREW_MONTHS]
        assert re.sub(r"\s", "", match["period"]) == f"{months[first]}–{months[last]}{year}"
        assert result.find("a")["href"] == "performance.html"


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
    # The table: every line of the CSV files, oldest first within each service.
    table = soup.select_one("article table.charter-performance")
    assert table.caption.get_text(strip=True)
    assert [th["scope"] for th in table.select("thead th")] == ["col"] * 5
    shown: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    service = ""
    for row in table.select("tbody tr:not(.charter-commitments__group)"):
        header = row.find("th", scope="rowgroup")
        if header:
            service = header.a["href"].removeprefix("service-").split(".html")[0]
        numbers = [int(re.sub(r"\D", "", td.get_text())) for td in row.select("td.charter-number")]
        shown[service].append(tuple(numbers))
    assert shown == {
        service: [(requests, met, floor_percent(requests, met)) for _, requests, met in rows]
        for service, rows in FIGURES.items()
    }


def test_the_figures_are_published_as_open_data(example_site):
    charter = load_charter(ROOT / "charter")
    raw = (example_site / "open-data" / "performance.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\n" not in raw.replace(b"\r\n", b"")  # BOM, RFC 4180 line ends
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    published: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for row in rows:
        requests, met = int(row["requests"]), int(row["met"])
        published[row["service_id"]].append((row["period"], requests, met))
        assert Decimal(row["share_met"]) * 100 == floor_percent(requests, met)
        year, first, last = quarter_months(row["period"])  # the example reports by quarter
        end = date(year, last, calendar.monthrange(year, last)[1])
        assert (row["period_start"], row["period_end"]) == (date(year, first, 1).isoformat(), end.isoformat())
        assert (example_site / row["page"]).is_file()
        titles = charter.services[row["service_id"]].title
        assert [row["service_title"], row["service_title_en"]] == [titles.get("he"), titles.get("en")]
    assert published == FIGURES
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


def test_the_chart_reads_from_the_right_in_right_to_left_languages(browser, site_url):
    page = browser.new_page()
    edges = {}
    for lang in ("he", "en"):
        page.goto(f"{site_url}/{lang}/performance.html")
        caption = page.locator("article figcaption").inner_text()
        assert page.get_by_role("img", name=caption, exact=True).count() == 1
        edges[lang] = page.evaluate(
            """() => [...document.querySelectorAll('.charter-chart__row')].map(row => {
                const box = element => { const b = row.querySelector(element).getBBox(); return [b.x, b.x + b.width]; };
                return {label: box('text'), track: box('.charter-chart__track'), bar: box('.charter-chart__bar'),
                        value: box('.charter-chart__value')};
            })"""
        )
    for row in edges["he"]:  # bars grow leftwards from the right edge, where the labels start
        assert row["bar"][1] == pytest.approx(row["track"][1])
        assert row["label"][1] == pytest.approx(row["track"][1], abs=1)
        assert row["value"][1] < row["track"][0]
    for row in edges["en"]:
        assert row["bar"][0] == pytest.approx(row["track"][0])
        assert row["label"][0] == pytest.approx(row["track"][0], abs=1)
        assert row["value"][0] > row["track"][1]
    page.close()


def _luminance(rgb: list[float]) -> float:
    channels = [c / 255 for c in rgb]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: list[float], other: list[float]) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_bars_and_their_values_stand_out_in_light_and_dark(browser, site_url, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{site_url}/he/performance.html")
    colours = page.evaluate(
        """() => ['body', '.charter-chart__bar', '.charter-chart__value'].map(selector => {
            const style = getComputedStyle(document.querySelector(selector));
            return (selector === 'body' ? style.backgroundColor : style.fill).match(/[\\d.]+/g).map(Number);
        })"""
    )
    background, bar, value = colours
    if len(value) == 4:  # a translucent text colour, over the page
        value = [v * value[3] + b * (1 - value[3]) for v, b in zip(value[:3], background[:3], strict=True)]
    assert _contrast(bar[:3], background[:3]) >= 3
    assert _contrast(value[:3], background[:3]) >= 4.5
    context.close()


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
    assert hebrew.get_text(" ", strip=True).startswith("בתקופת אוקטובר 2026 עמדנו בהתחייבות שלנו ב־50% מתוך שתי פניות.")
    english = parse(site / "en" / "service-pay-tax.html").select_one(".charter-performance-result")
    assert english.get_text(" ", strip=True).startswith("In 2025, we kept our commitment for 93% of 4,800 requests.")
