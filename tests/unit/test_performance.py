"""Performance figures from CSV: every mistake at its file, line and column; periods, plurals and shares."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import FIGURES, ROOT, floor_percent, write_csv
from service_charter.i18n import Localizer
from service_charter.load.loader import load_charter
from service_charter.model.performance import Period
from service_charter.problems import CharterError, Severity

TODAY = date(2026, 11, 23)


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
        ("ar", 2, "من طلبين."),
    ],
)
def test_the_sentence_has_the_right_plural(lang, requests, expected):
    L = Localizer(lang, "he")
    sentence = L.plural("performance.kept_standard", requests, period="P", percent="9%", requests=L.number(requests))
    assert str(sentence).endswith(expected)


@pytest.mark.parametrize(
    ("lang", "requests", "expected"),
    [
        ("en", 1, "of 1 urgent request."),
        ("en", 40, "of 40 urgent requests."),
        ("he", 1, "מתוך פנייה דחופה אחת."),
        ("he", 2, "מתוך שתי פניות דחופות."),
        ("he", 40, "מתוך 40 פניות דחופות."),
        ("ru", 21, "из 21 срочного обращения."),
        ("ru", 3, "из 3 срочных обращений."),
        ("ar", 2, "من طلبين عاجلين."),
        ("ar", 5, "من 5 طلبات عاجلة."),
        ("ar", 11, "من 11 طلبًا عاجلًا."),
    ],
)
def test_the_urgent_sentence_has_the_right_plural(lang, requests, expected):
    L = Localizer(lang, "he")
    sentence = L.plural("performance.kept_urgent", requests, period="P", percent="9%", requests=L.number(requests))
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
