"""Due dates in a real browser: the clock script against the hand-worked vectors, and service pages with a
fixed clock (on the eve of Yom Kippur, during Eid al-Adha), with and without JavaScript."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from unit.test_clock import CALENDARS, VECTORS

from service_charter.load.loader import load_charter
from service_charter.model.business_calendar import holidays_in
from service_charter.model.clock import due
from service_charter.model.schema import HolidaySet, TimeUnit

ROOT = Path(__file__).parents[2]
CLOCK_SCRIPT = ROOT / "plugins" / "service_charter" / "assets" / "charter-clock.js"

RUN_VECTORS = """([calendars, cases]) => cases.map(c => {
  const [amount, unit] = c.time.split(" ");
  const clock = window.charterClock;
  return clock.isoWall(clock.due(calendars[c.calendar], Date.parse(c.start), +amount, unit));
})"""


def test_the_browser_computes_every_hand_worked_due_date(browser):
    page = browser.new_page()
    page.set_content("<!doctype html><html lang='en'><body></body></html>")
    page.add_script_tag(path=str(CLOCK_SCRIPT))
    calendars = {name: calendar.as_data() for name, calendar in CALENDARS.items()}
    got = page.evaluate(RUN_VECTORS, [calendars, VECTORS["cases"]])
    page.close()
    assert len(got) == len(VECTORS["cases"]) >= 40
    assert [(case["why"], value) for case, value in zip(VECTORS["cases"], got, strict=True)] == [
        (case["why"], case["due"]) for case in VECTORS["cases"]
    ]


@pytest.fixture(scope="module")
def example():
    charter = load_charter(ROOT / "charter")
    assert charter.working_calendar is not None, "the example charter has a business calendar"
    return charter


def first_day_of(example, key: str) -> date:
    calendar = example.working_calendar
    sets = tuple(HolidaySet(name) for name in example.site.calendar.holidays)
    return next(day for day, keys in holidays_in(sets, calendar.first, calendar.last).items() if key in keys)


def clocks_on(page) -> list[dict]:
    return page.eval_on_selector_all(
        "[data-charter-clock]",
        """clocks => clocks.map(c => ({unit: c.dataset.unit, amount: +c.dataset.amount,
            due: c.querySelector('[data-charter-due] time')?.getAttribute('datetime') ?? null,
            text: c.querySelector('[data-charter-due]').innerText,
            shown: !c.querySelector('[data-charter-due]').hidden,
            now: c.closest('[data-charter-clockset]').querySelector('[data-charter-now] time')
                 ?.getAttribute('datetime')}))""",
    )


@pytest.mark.parametrize(
    ("lang", "holiday", "offset"),
    [("he", "yom_kippur", -1), ("ar", "eid_al_adha", 1), ("en", "rosh_hashanah", -1), ("ru", "passover", -1)],
    ids=[
        "Hebrew on the eve of Yom Kippur",
        "Arabic during Eid al-Adha",
        "English before Rosh Hashana",
        "Russian on the eve of Passover",
    ],
)
def test_service_pages_show_by_when_a_request_made_now_is_due(browser, site_url, example, lang, holiday, offset):
    zone = ZoneInfo(example.site.timezone)
    day = first_day_of(example, holiday) + timedelta(days=offset)
    now = datetime.combine(day, time(10, 30), zone)
    checked = set()
    for service in sorted(example.services.values(), key=lambda s: s.id):
        units = {t.unit for c in service.commitments for tier in (c, c.urgent) if tier for _, t in tier.clocks}
        if not units & {TimeUnit.business_days, TimeUnit.business_hours} or units <= checked:
            continue
        checked |= units
        page = browser.new_page()
        page.clock.set_fixed_time(now)
        page.goto(f"{site_url}/{lang}/service-{service.id}.html")
        shown = clocks_on(page)
        page.close()
        expected = [
            (t.unit.value, t.amount, due(example.working_calendar, now, t))
            for c in service.commitments
            for tier in (c, c.urgent)
            if tier
            for _, t in tier.clocks
        ]
        assert [(s["unit"], s["amount"]) for s in shown] == [(unit, amount) for unit, amount, _ in expected]
        for clock, (unit, _, at) in zip(shown, expected, strict=True):
            assert clock["shown"] and clock["due"] == at.isoformat(timespec="minutes"), (service.id, clock)
            assert clock["now"] == now.replace(tzinfo=None).isoformat(timespec="minutes")
            if unit.startswith("business"):
                assert at.date() != first_day_of(example, holiday), "no business time falls on the holiday"
            assert "{" not in clock["text"] and str(at.day) in clock["text"]
    assert {TimeUnit.business_days, TimeUnit.business_hours} <= checked


def test_without_javascript_the_rule_and_a_worked_example_remain(browser, site_url, example):
    service = next(s for s in example.services.values() if any(c.promised[1].is_business for c in s.commitments))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/he/service-{service.id}.html")
    assert page.locator(".charter-clock__rule").first.is_visible()
    example_line = page.locator(".charter-clock__example").first
    assert example_line.is_visible() and "23:10" in example_line.inner_text()
    assert page.locator("[data-charter-due]").first.is_hidden()
    context.close()
