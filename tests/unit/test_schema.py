"""The content model: values that parse, values that are refused, and what the model derives."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from service_charter.model.schema import Channel, Commitment, Duration, Hours, Service, Text, TimeUnit, iter_texts


def test_durations_parse_from_a_number_and_a_unit():
    assert Duration.model_validate("3 business_days") == Duration(amount=3, unit=TimeUnit.business_days)
    assert Duration.model_validate("15 minutes").approx_minutes == 15
    assert Duration.model_validate("1 weeks").approx_minutes > Duration.model_validate("2 days").approx_minutes


@pytest.mark.parametrize("value", ["three days", "3", "3 fortnights", "0 days", "-1 hours", "3 business days"])
def test_bad_durations_are_refused(value):
    with pytest.raises(ValidationError):
        Duration.model_validate(value)


def test_opening_hours_must_close_after_they_open():
    assert Hours(days=["sun"], opens="08:00", closes="16:00").closes == "16:00"
    with pytest.raises(ValidationError, match="must be later"):
        Hours(days=["sun"], opens="16:00", closes="08:00")
    with pytest.raises(ValidationError):
        Hours(days=["sun"], opens="8:00", closes="16:00")


def test_a_channel_value_must_fit_its_kind():
    Channel(id="hotline", kind="phone", name=Text({"he": "מוקד"}), value="106")
    with pytest.raises(ValidationError, match="`value` must be"):
        Channel(id="mail", kind="email", name=Text({"he": "דואר"}), value="not-an-address")
    with pytest.raises(ValidationError, match="`value` must be"):
        Channel(id="site", kind="web", name=Text({"he": "אתר"}), value="javascript:alert(1)")


def test_a_commitment_needs_an_answer_or_resolution_time_and_a_faster_urgent_tier():
    with pytest.raises(ValidationError, match="at least `answer` or `resolve`"):
        Commitment(acknowledge="1 days")
    with pytest.raises(ValidationError, match="urgent `resolve` time must be shorter"):
        Commitment(resolve="4 hours", urgent={"when": {"he": "דחוף"}, "resolve": "1 days"})
    urgent = {"when": {"he": "דחוף"}, "acknowledge": "5 minutes", "resolve": "4 hours"}
    commitment = Commitment(resolve="5 days", urgent=urgent)
    assert commitment.urgent.clocks == [
        ("acknowledge", Duration(amount=5, unit="minutes")),
        ("resolve", Duration(amount=4, unit="hours")),
    ]
    assert commitment.promised == ("resolve", Duration(amount=5, unit="days"))


SERVICE = {
    "id": "permit",
    "title": {"en": "Permit"},
    "summary": {"en": "A permit."},
    "department": "works",
    "categories": ["building"],
    "eligibility": {"en": "Owners."},
    "steps": [{"en": "Apply."}],
    "channels": [{"channel": "web-form"}],
    "owner": {"en": "Engineer"},
    "last_reviewed": "2026-01-01",
}


def test_a_service_names_one_headline_and_distinct_commitment_ids():
    with pytest.raises(ValidationError, match="more than one commitment has `headline: true`"):
        Service.model_validate(SERVICE | {"commitments": [{"resolve": "1 days", "headline": True}] * 2})
    with pytest.raises(ValidationError, match="listed more than once: check"):
        Service.model_validate(SERVICE | {"commitments": [{"id": "check", "resolve": "1 days"}] * 2})
    service = Service.model_validate(
        SERVICE | {"commitments": [{"answer": "3 days"}, {"resolve": "9 days", "headline": True}]}
    )
    assert service.headline is service.commitments[1] and service.promised_time == Duration(amount=9, unit="days")


def test_ids_are_lower_case_slugs():
    with pytest.raises(ValidationError):
        Channel(id="Hot Line", kind="office", name=Text({"he": "x"}))
    with pytest.raises(ValidationError):
        Channel(id="../escape", kind="office", name=Text({"he": "x"}))


def test_every_text_of_a_record_is_found_with_its_path():
    service = Service.model_validate(
        {
            "id": "s",
            "title": {"he": "כותרת"},
            "summary": {"he": "תקציר"},
            "department": "d",
            "categories": ["c"],
            "eligibility": {"he": "כולם"},
            "steps": [{"he": "צעד"}],
            "channels": [{"channel": "hotline"}],
            "commitments": [{"resolve": "1 days", "request": {"he": "בקשה"}}],
            "owner": {"he": "אחראי"},
            "last_reviewed": "2026-01-01",
        }
    )
    paths = [path for path, _ in iter_texts(service)]
    expected = [("title",), ("summary",), ("eligibility",), ("steps", 0), ("commitments", 0, "request"), ("owner",)]
    assert paths == expected


def test_lists_of_ids_do_not_repeat():
    with pytest.raises(ValidationError, match="listed more than once: a"):
        Service.model_validate({"categories": ["a", "a"]})
