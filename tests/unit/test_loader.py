"""Loading a charter: every mistake is reported at once, with file, line, key and a fix."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from service_charter.load.loader import load_charter
from service_charter.problems import CharterError, Severity


@pytest.fixture
def charter_dir(tmp_path) -> Path:
    target = tmp_path / "charter"
    shutil.copytree(FIXTURES / "tiny" / "charter", target)
    return target


def problems(charter_dir: Path) -> list[str]:
    """Every problem but the texts not yet translated (the tiny charter has many, on purpose)."""
    with pytest.raises(CharterError) as caught:
        load_charter(charter_dir)
    return [p.format() for p in caught.value.problems if p.strict]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_example_charter_loads_without_warnings():
    charter = load_charter(ROOT / "charter")
    assert [p for p in charter.problems if p.severity is not Severity.notice] == []
    assert len(charter.services) >= 25
    assert len(charter.departments) >= 8
    assert len(charter.data_items) >= 12
    faq_count = len(charter.faqs) + sum(len(s.faqs) for s in charter.services.values())
    assert faq_count >= 30


def test_tiny_fixture_links_both_ways():
    charter = load_charter(FIXTURES / "tiny" / "charter")
    pay, hazard = charter.services["pay-tax"], charter.services["report-hazard"]
    assert charter.related_services(hazard) == [pay]  # named only by pay-tax, found from the other side
    assert charter.services_using("id-number") == [pay]
    assert charter.services_of_department("works") == [hazard]
    assert charter.services_for_life_event("moving-here") == [pay]


def test_unknown_key_suggests_the_right_one(charter_dir):
    edit(charter_dir / "services/pay-tax.yml", "summary:", "sumary:")
    found = problems(charter_dir)
    assert any(
        p.startswith("charter/services/pay-tax.yml:2:1: error: sumary: unknown key `sumary`")
        and "did you mean `summary`?" in p
        for p in _relative(found)
    )


def test_capitalised_unknown_key_is_named(charter_dir):
    """Capitalised keys look like pydantic's names for union members and once lost their name."""
    edit(charter_dir / "services/pay-tax.yml", "summary:", "Summary:")
    found = _relative(problems(charter_dir))
    assert any(
        p.startswith("charter/services/pay-tax.yml:2:1: error: Summary: unknown key `Summary`")
        and "did you mean `summary`?" in p
        for p in found
    ), found


def test_all_problems_are_reported_together(charter_dir):
    edit(charter_dir / "services/pay-tax.yml", "department: revenue", "department: finance")
    edit(charter_dir / "services/report-hazard.yml", "- item: photo", "- item: fingerprint")
    edit(charter_dir / "data/photo.yml", "obligation: optional", "obligation: maybe")
    found = "\n".join(_relative(problems(charter_dir)))
    assert "charter/services/pay-tax.yml:4:13: error: department: there is no department `finance`" in found
    assert "charter/services/report-hazard.yml:19:11: error: data[0].item: the service asks for `fingerprint`" in found
    assert "we never ask for data without saying why" in found
    assert "charter/data/photo.yml:5:13: error: obligation:" in found


def test_default_language_is_required(charter_dir):
    edit(charter_dir / "categories/reports.yml", "name: {he: דיווחים, en: Reports}", "name: {en: Reports}")
    found = _relative(problems(charter_dir))
    assert any(
        p.startswith("charter/categories/reports.yml:1:1: error: name: the text has no `he` version") for p in found
    )


def test_unknown_language_code(charter_dir):
    edit(charter_dir / "categories/reports.yml", "en: Reports", "fr: Rapports")
    found = _relative(problems(charter_dir))
    assert any(
        "charter/categories/reports.yml:1:21: error: name.fr: `fr` is not one of the site's languages" in p
        for p in found
    )


def test_urgent_tier_must_be_faster(charter_dir):
    edit(charter_dir / "services/report-hazard.yml", "resolve: 4 hours", "resolve: 5 business_days")
    found = _relative(problems(charter_dir))
    assert any("the urgent `resolve` time must be shorter than the standard one" in p for p in found)


def test_bad_duration_explains_the_form(charter_dir):
    edit(charter_dir / "services/pay-tax.yml", "resolve: 2 business_days", "resolve: two days")
    found = _relative(problems(charter_dir))
    assert any(
        p.startswith(
            "charter/services/pay-tax.yml:21:14: error: commitments[0].resolve: write a time as a number and a unit"
        )
        for p in found
    )


def test_file_name_must_be_a_slug(charter_dir):
    (charter_dir / "services/report-hazard.yml").rename(charter_dir / "services/Report Hazard.yml")
    found = "\n".join(_relative(problems(charter_dir)))
    assert "charter/services/Report Hazard.yml:1:1: error: the file name `Report Hazard.yml` is not a valid id" in found


def test_a_broken_file_does_not_cascade(charter_dir):
    (charter_dir / "services/report-hazard.yml").write_text("title: [unclosed\n", encoding="utf-8")
    errors = [p for p in _relative(problems(charter_dir)) if ": error: " in p]
    assert len(errors) == 1, errors
    assert errors[0].startswith("charter/services/report-hazard.yml:2:1: error: YAML syntax")


def test_empty_file_and_list_file_are_explained(charter_dir):
    (charter_dir / "faqs/empty.yml").write_text("", encoding="utf-8")
    (charter_dir / "faqs/listed.yml").write_text("- question: x\n", encoding="utf-8")
    found = "\n".join(_relative(problems(charter_dir)))
    assert "charter/faqs/empty.yml:1:1: error: the file should hold `key: value` lines, but it holds nothing" in found
    assert "charter/faqs/listed.yml:1:1: error: the file should hold `key: value` lines, but it holds a list" in found


def test_validate_command_exit_code_and_output(charter_dir):
    edit(charter_dir / "services/pay-tax.yml", "department: revenue", "department: finance")
    result = subprocess.run(
        [sys.executable, "-m", "service_charter", "validate", str(charter_dir)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "pay-tax.yml:4:13: error: department: there is no department `finance`" in result.stderr
    assert "Traceback" not in result.stderr
    ok = subprocess.run(
        [sys.executable, "-m", "service_charter", "validate", str(ROOT / "charter")], capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    for lang in ("ar", "en", "ru"):
        assert f"  {lang}: complete (must be complete)" in ok.stdout
    assert "  he: complete (default language)" in ok.stdout
    tiny = subprocess.run(
        [sys.executable, "-m", "service_charter", "validate", str(FIXTURES / "tiny" / "charter")],
        capture_output=True,
        text=True,
    )
    assert tiny.returncode == 0, tiny.stderr
    assert "  ar: 40 text(s) missing in 8 file(s) (may be incomplete)" in tiny.stdout
    assert "report-hazard.yml:5:1: warning: eligibility: 2 text(s) have no `en` version yet: eligibility, owner" in (
        tiny.stderr
    )


def _relative(found: list[str]) -> list[str]:
    """Problem lines with the temporary folder cut off, from `charter/` on."""
    return [p[p.index("charter/") :] if "charter/" in p else p for p in found]


def test_files_may_end_in_yaml_but_a_record_has_one_file(charter_dir):
    services = charter_dir / "services"
    (services / "pay-tax.yml").rename(services / "pay-tax.yaml")
    charter = load_charter(charter_dir)
    assert charter.sources["services/pay-tax"] == "charter/services/pay-tax.yaml"
    assert charter.related_services(charter.services["report-hazard"]) == [charter.services["pay-tax"]]
    shutil.copy(services / "pay-tax.yaml", services / "pay-tax.yml")
    assert problems(charter_dir) == [
        "charter/services/pay-tax.yaml: error: both pay-tax.yml and pay-tax.yaml exist: one record cannot have "
        "two files\n    hint: merge them into one file and delete the other"
    ]


def test_a_closed_request_sends_residents_to_the_service_s_own_address_or_the_site_s(charter_dir):
    edit(
        charter_dir / "site.yml",
        "most_used:",
        "request_feedback: https://forms.testville.example/after?src=site\nmost_used:",
    )
    edit(
        charter_dir / "services/pay-tax.yml",
        "last_reviewed:",
        "request_feedback: https://survey.testville.example/tax\nlast_reviewed:",
    )
    charter = load_charter(charter_dir)
    pay, hazard = charter.services["pay-tax"], charter.services["report-hazard"]
    assert charter.request_feedback(pay) == "https://survey.testville.example/tax?service=pay-tax"
    assert charter.request_feedback(hazard) == "https://forms.testville.example/after?src=site&service=report-hazard"


def test_notices_of_a_neighbourhood_include_those_for_the_whole_town(charter_dir):
    folder = charter_dir / "notices"
    folder.mkdir()
    body = "{he: טקסט, en: Text}"
    for name, where in (("old-town-works", "neighbourhoods: [old-town]"), ("everywhere", ""), ("elsewhere", "")):
        (folder / f"{name}.yml").write_text(
            f'kind: works\ntitle: {{he: {name}}}\nbody: {body}\nstarts: "2089-01-01 08:00"\n'
            f'ends: "2089-01-02 08:00"\n{where}\n',
            encoding="utf-8",
        )
    edit(charter_dir / "site.yml", "neighbourhoods:\n", "neighbourhoods:\n  - id: hills\n    name: {he: הגבעות}\n")
    (folder / "elsewhere.yml").write_text(
        (folder / "elsewhere.yml").read_text(encoding="utf-8") + "neighbourhoods: [hills]\n", encoding="utf-8"
    )
    charter = load_charter(charter_dir)
    assert sorted(n.id for n in charter.notices_in("old-town")) == ["everywhere", "old-town-works"]
    assert sorted(n.id for n in charter.notices_in("hills")) == ["elsewhere", "everywhere"]
    assert list(charter.neighbourhoods) == ["hills", "old-town"]


def test_ways_to_qualify_are_checked_as_staff_write_them(charter_dir):
    moving = charter_dir / "life-events/moving-here.yml"
    edit(moving, "name:", "conditions:\n  - {residency: new-resident}\n  - {age: {min: 18, max: 17}}\nname:")
    assert problems(charter_dir) == [
        "charter/life-events/moving-here.yml:3:6: error: conditions[1].age: `max` (17) is below `min` (18)\n"
        "    hint: swap them"
    ]
    edit(moving, "{age: {min: 18, max: 17}}", "{age: {min: 18}}")
    assert problems(charter_dir) == [
        "charter/life-events/moving-here.yml:1:1: error: conditions: when there are several ways to qualify, give "
        "each a `name`\n    hint: for example `name: {en: Senior citizens}`, so residents see which one fits them"
    ]
