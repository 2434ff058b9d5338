"""Performance figures per commitment and tier: the optional `commitment` and `tier` columns, their mistakes at
their line, the headline named by its id or left empty, and results measured exactly against their targets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import edit, write_csv
from service_charter.load.loader import load_charter
from service_charter.model.performance import Period, Result
from service_charter.problems import CharterError

TODAY = date(2026, 11, 23)
FILE = "charter/performance/2026.csv"


def with_commitment_ids(project: Path) -> Path:
    """The tiny project, its hazard service with two commitments with ids: `repair` (the headline, with an urgent
    tier and targets) and `inspection` (no urgent tier, no target)."""
    service = project / "charter" / "services" / "report-hazard.yml"
    edit(
        service,
        "  - request: {he: מפגע רגיל, en: Ordinary hazard}\n",
        "  - id: repair\n    target: 90\n    request: {he: מפגע רגיל, en: Ordinary hazard}\n",
    )
    edit(service, "      resolve: 4 hours\n", "      resolve: 4 hours\n      target: 95\n")
    edit(
        service,
        "data:\n",
        "  - id: inspection\n    request: {he: בדיקה, en: Inspection}\n    resolve: 10 business_days\ndata:\n",
    )
    return project


def problems(project: Path) -> list[str]:
    with pytest.raises(CharterError) as caught:
        load_charter(project / "charter", today=TODAY)
    return [p.format() for p in caught.value.problems if "performance/" in p.file]


def figures(result: Result | None) -> tuple[str, str | None, str, int, int] | None:
    return None if result is None else (str(result.period), result.commitment, result.tier, result.requests, result.met)


# --- Good rows -----------------------------------------------------------------------------------


def test_figures_per_commitment_and_tier(project):
    with_commitment_ids(project)
    write_csv(
        project,
        "2026.csv",
        "Tier,period,service,Commitment,requests,met\n"
        ",2026-Q2,report-hazard,,100,91\n"  # the headline, left empty
        "standard,2026-Q3,report-hazard,repair,200,170\n"  # the headline, named by its id
        "urgent,2026-Q2,report-hazard,,20,20\n"
        "URGENT,2026-Q3,report-hazard,repair,30,27\n"  # tiers in any case
        ",2026-Q3,report-hazard,inspection,40,39\n"
        ",2026-Q3,pay-tax,,1000,950\n",
    )
    performance = load_charter(project / "charter", today=TODAY).performance
    # The headline's figures, whichever way the CSV names it; None stands for the headline.
    assert [figures(r) for r in performance.of("report-hazard")] == [
        ("2026-Q2", None, "standard", 100, 91),
        ("2026-Q3", None, "standard", 200, 170),
    ]
    assert figures(performance.latest("report-hazard")) == ("2026-Q3", None, "standard", 200, 170)
    for named in (None, "repair"):
        assert figures(performance.latest_for("report-hazard", named, "standard")) == (
            "2026-Q3",
            None,
            "standard",
            200,
            170,
        )
        assert figures(performance.latest_for("report-hazard", named, "urgent")) == ("2026-Q3", None, "urgent", 30, 27)
    assert figures(performance.latest_for("report-hazard", "inspection", "standard")) == (
        "2026-Q3",
        "inspection",
        "standard",
        40,
        39,
    )
    assert performance.latest_for("report-hazard", "inspection", "urgent") is None
    assert performance.latest_for("report-hazard", "nothing", "standard") is None
    assert figures(performance.latest_for("pay-tax", None, "standard")) == ("2026-Q3", None, "standard", 1000, 950)
    assert performance.common_latest_period == Period.parse("2026-Q3")
    assert "report-hazard" in performance and "pay-tax" in performance


def test_series_come_headline_first_with_their_targets(project):
    with_commitment_ids(project)
    write_csv(
        project,
        "2026.csv",
        "period,service,commitment,tier,requests,met\n"
        "2026-Q3,report-hazard,inspection,,40,39\n"
        "2026-Q3,report-hazard,,urgent,30,27\n"
        "2026-Q2,report-hazard,repair,,100,91\n",
    )
    charter = load_charter(project / "charter", today=TODAY)
    service = charter.services["report-hazard"]
    series = charter.performance.series(service)
    assert [(s.commitment.id, s.headline, s.tier, s.target, len(s.results)) for s in series] == [
        ("repair", True, "standard", Decimal(90), 1),
        ("repair", True, "urgent", Decimal(95), 1),
        ("inspection", False, "standard", None, 1),
    ]
    assert [charter.performance.latest_of(service, c, "standard") is not None for c in service.commitments] == [
        True,
        True,
    ]


def test_a_commitment_without_an_id_that_is_not_the_headline_has_no_figures(project):
    service = project / "charter" / "services" / "report-hazard.yml"
    edit(service, "data:\n", "  - request: {he: בדיקה, en: Inspection}\n    resolve: 10 business_days\ndata:\n")
    write_csv(project, "2026.csv", "period,service,requests,met\n2026-Q3,report-hazard,10,9\n")
    charter = load_charter(project / "charter", today=TODAY)
    hazard = charter.services["report-hazard"]
    headline, other = hazard.commitments
    assert charter.performance.latest_of(hazard, headline).requests == 10
    assert charter.performance.latest_of(hazard, other) is None


def test_files_without_the_new_columns_are_the_headline_in_its_standard_tier(project):
    write_csv(project, "2026.csv", "period,service,requests,met\n2026-Q2,report-hazard,10,9\n2026-Q3,pay-tax,4,4\n")
    performance = load_charter(project / "charter", today=TODAY).performance
    assert figures(performance.latest("report-hazard")) == ("2026-Q2", None, "standard", 10, 9)
    assert performance.common_latest_period is None  # the services' latest periods differ


def test_the_common_period_and_the_chart_read_only_the_headline_standard_figures(project):
    with_commitment_ids(project)
    write_csv(
        project,
        "2026.csv",
        "period,service,commitment,tier,requests,met\n"
        "2026-Q2,report-hazard,,,10,9\n"
        "2026-Q3,report-hazard,inspection,,10,9\n"  # a later period for another commitment
        "2026-Q2,pay-tax,,,4,4\n",
    )
    performance = load_charter(project / "charter", today=TODAY).performance
    assert performance.common_latest_period == Period.parse("2026-Q2")


@pytest.mark.parametrize(
    ("requests", "met", "target", "meets"),
    [
        (1000, 900, Decimal(90), True),
        (1000, 899, Decimal(90), False),
        (10000, 8999, Decimal(90), False),  # 89.99% shows as 89%, and is below 90%
        (1000, 925, Decimal("92.5"), True),
        (1000, 924, Decimal("92.5"), False),
        (7, 7, Decimal(100), True),
    ],
)
def test_a_target_is_met_by_the_exact_figures(requests, met, target, meets):
    assert Result(Period.parse("2026-Q1"), "s", requests, met).meets(target) is meets


# --- Mistakes, each at its line ------------------------------------------------------------------


def test_every_mistake_in_the_new_columns_is_reported_at_its_line(project):
    with_commitment_ids(project)
    write_csv(
        project,
        "2026.csv",
        "period,service,commitment,tier,requests,met\n"
        "2026-Q1,report-hazard,repiar,,10,9\n"
        "2026-Q1,report-hazard,survey,,10,9\n"
        "2026-Q1,pay-tax,annual,,10,9\n"
        "2026-Q1,report-hazard,,urgnet,10,9\n"
        "2026-Q1,report-hazard,,fast,10,9\n"
        "2026-Q1,report-hazard,inspection,urgent,10,9\n"
        "2026-Q1,pay-tax,,urgent,10,9\n"
        "2026-Q2,report-hazard,inspection,,10,9\n"
        "2026-Q2,report-hazard,inspection,standard,10,9\n"
        "2026-Q2,report-hazard,,,10,9\n"
        "2026-Q2,report-hazard,repair,,10,9\n"
        "2026-Q2,report-hazard,,urgent,10,9\n"
        "2026-Q2,report-hazard,repair,urgent,10,9\n"
        "2026-Q2,report-hazard,inspection,urgent,10,9\n",
    )
    found = problems(project)
    expected = [
        f"{FILE}:2:23: error: commitment: `report-hazard` has no commitment `repiar`\n    hint: did you mean `repair`?",
        f"{FILE}:3:23: error: commitment: `report-hazard` has no commitment `survey`\n"
        "    hint: the commitments of `report-hazard` with an id are `repair`, `inspection`; "
        "leave `commitment` empty for its headline commitment",
        f"{FILE}:4:17: error: commitment: `pay-tax` has no commitment `annual`\n"
        "    hint: no commitment of `pay-tax` has an `id`: give it one in services/pay-tax.yml, "
        "or leave `commitment` empty for its headline commitment",
        f"{FILE}:5:24: error: tier: 'urgnet' is not a tier\n"
        "    hint: did you mean `urgent`? write `standard` or `urgent`, or leave it empty for the standard tier",
        f"{FILE}:6:24: error: tier: 'fast' is not a tier\n"
        "    hint: write `standard` or `urgent`, or leave it empty for the standard tier",
        f"{FILE}:7:34: error: tier: the commitment `inspection` of `report-hazard` has no urgent tier\n"
        "    hint: give figures for the `urgent` tier only for a commitment with `urgent:` in "
        "services/report-hazard.yml; write `standard` or leave the tier empty",
        f"{FILE}:8:18: error: tier: the headline commitment of `pay-tax` has no urgent tier\n"
        "    hint: give figures for the `urgent` tier only for a commitment with `urgent:` in "
        "services/pay-tax.yml; write `standard` or leave the tier empty",
        f"{FILE}:10:1: error: period: 2026-Q2 is given twice for `report-hazard`, commitment `inspection`\n"
        f"    hint: it is first given at {FILE}:9; keep one line per period, service, commitment and tier",
        f"{FILE}:12:1: error: period: 2026-Q2 is given twice for `report-hazard`\n"
        f"    hint: it is first given at {FILE}:11; keep one line per period, service, commitment and tier "
        "(an empty `commitment` is the headline commitment, `repair`)",
        f"{FILE}:14:1: error: period: 2026-Q2 is given twice for `report-hazard`, urgent tier\n"
        f"    hint: it is first given at {FILE}:13; keep one line per period, service, commitment and tier "
        "(an empty `commitment` is the headline commitment, `repair`)",
        f"{FILE}:15:34: error: tier: the commitment `inspection` of `report-hazard` has no urgent tier\n"
        "    hint: give figures for the `urgent` tier only for a commitment with `urgent:` in "
        "services/report-hazard.yml; write `standard` or leave the tier empty",
    ]
    assert found == expected, "\n".join(found)


def test_the_same_period_for_other_commitments_and_tiers_is_not_given_twice(project):
    with_commitment_ids(project)
    write_csv(
        project,
        "2026.csv",
        "period,service,commitment,tier,requests,met\n"
        "2026-Q2,report-hazard,,,10,9\n"
        "2026-Q2,report-hazard,,urgent,10,9\n"
        "2026-Q2,report-hazard,inspection,,10,9\n",
    )
    charter = load_charter(project / "charter", today=TODAY)
    assert sum(len(results) for results in charter.performance.results.values()) == 3


def test_a_misspelt_optional_column_is_pointed_out(project):
    write_csv(project, "2026.csv", "period,service,commitmnet,requests,met\n2026-Q1,pay-tax,,1,1\n")
    assert problems(project) == [
        f"{FILE}:1:16: error: commitmnet: unknown column `commitmnet`\n    hint: did you mean `commitment`?"
    ]
    write_csv(project, "2026.csv", "period,service,notes,requests,met\n2026-Q1,pay-tax,,1,1\n")
    assert problems(project) == [
        f"{FILE}:1:16: error: notes: unknown column `notes`\n"
        "    hint: the columns are period, service, requests, met, and if needed commitment, tier; remove it"
    ]


def test_commitment_ids_are_not_checked_against_a_service_file_that_has_mistakes(project):
    service = project / "charter" / "services" / "report-hazard.yml"
    edit(service, "    resolve: 3 business_days\n", "    resolve: 3 business_dayz\n")
    write_csv(project, "2026.csv", "period,service,commitment,requests,met\n2026-Q1,report-hazard,anything,10,9\n")
    with pytest.raises(CharterError) as caught:
        load_charter(project / "charter", today=TODAY)
    files = {p.file for p in caught.value.problems}
    assert "charter/services/report-hazard.yml" in files
    assert not [p for p in caught.value.problems if "performance/" in p.file]
