"""Notices, loaded: times in the site's time zone, every mistake on its line, ended notices left out."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest

from conftest import FESTIVAL, FIXTURES, OUTAGE, ROADWORKS, add_notices
from service_charter.i18n import Localizer
from service_charter.load.loader import load_charter
from service_charter.problems import CharterError, Severity
from service_charter.publish.notices_feed import notices_feed


@pytest.fixture
def charter_dir(tmp_path) -> Path:
    charter = tmp_path / "charter"
    shutil.copytree(FIXTURES / "tiny" / "charter", charter)
    return charter


def problems_of(charter: Path) -> list[str]:
    with pytest.raises(CharterError) as caught:
        load_charter(charter)
    return [problem.format() for problem in caught.value.problems if problem.severity is Severity.error]


# --- Loading ---------------------------------------------------------------------------------


def test_times_are_read_in_the_site_time_zone_unless_they_give_an_offset(charter_dir):
    add_notices(charter_dir, roadworks=ROADWORKS, festival=FESTIVAL)
    charter = load_charter(charter_dir)
    roadworks, festival = charter.notices["roadworks"], charter.notices["festival"]
    assert roadworks.starts.astimezone(UTC) == datetime(2020, 1, 5, 6, 0, tzinfo=UTC)  # Jerusalem, winter: +02:00
    assert festival.starts.astimezone(UTC) == datetime(2089, 6, 1, 7, 0, tzinfo=UTC)  # its own offset
    site = charter_dir / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + "timezone: Europe/London\n", encoding="utf-8")
    assert load_charter(charter_dir).notices["roadworks"].starts.astimezone(UTC).hour == 8


def test_a_notice_that_ends_before_it_starts_is_an_error_on_its_line(charter_dir):
    add_notices(charter_dir, roadworks=ROADWORKS.replace('ends: "2090-01-01 12:00"', 'ends: "2019-12-31 12:00"'))
    [problem] = problems_of(charter_dir)
    line = next(n for n, text in enumerate(ROADWORKS.splitlines(), start=1) if text.startswith("ends:"))
    assert f"notices/roadworks.yml:{line}:7: error: ends: " in problem  # on the line of `ends`, not of the file
    assert "`ends` (2019-12-31 12:00) must be later than `starts` (2020-01-05 08:00)" in problem
    assert "hint:" in problem


def test_unknown_services_bad_times_and_time_zones_are_reported_together(charter_dir):
    broken = ROADWORKS.replace("[pay-tax]", "[pay-taxes]").replace('"2020-01-05 08:00"', '"05/01/2020 08:00"')
    add_notices(charter_dir, roadworks=broken, festival=FESTIVAL.replace("kind: event", "kind: party"))
    found = "\n".join(problems_of(charter_dir))
    assert "notices/roadworks.yml:6:" in found and "there is no service `pay-taxes`" in found
    assert "did you mean `pay-tax`?" in found
    assert "notices/roadworks.yml:4:" in found and "'05/01/2020 08:00' is not a date and time" in found
    assert '"2026-12-01 08:00"' in found
    assert "notices/festival.yml:1:" in found and "'party' is not allowed here" in found


def test_an_unknown_time_zone_is_an_error(charter_dir):
    site = charter_dir / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + "timezone: Asia/Jerusalme\n", encoding="utf-8")
    [problem] = problems_of(charter_dir)
    assert "site.yml:" in problem and "`Asia/Jerusalme` is not a known time zone" in problem
    assert "did you mean `Asia/Jerusalem`?" in problem


def test_notices_that_have_ended_are_left_out_and_staff_are_told(charter_dir):
    add_notices(charter_dir, roadworks=ROADWORKS, festival=FESTIVAL, outage=OUTAGE)
    charter = load_charter(charter_dir, now=datetime(2089, 7, 1, tzinfo=UTC))
    assert [notice.id for notice in charter.live_notices] == ["roadworks", "festival"]  # in order of their start
    assert [n.id for n in charter.notices_for_service("pay-tax")] == ["roadworks"]
    assert charter.notices_for_service("report-hazard") == []
    [told] = [p for p in charter.problems if "notices/outage.yml" in p.file]
    assert told.severity is Severity.notice and "ended on 2021-03-01 12:00" in told.message
    later = load_charter(charter_dir, now=datetime(2089, 12, 31, 20, 0, tzinfo=UTC))
    assert [notice.id for notice in later.live_notices] == ["roadworks"]


def test_a_new_notice_from_the_scaffold_says_what_to_fill_in(charter_dir):
    charter = [sys.executable, "-m", "service_charter"]
    created = subprocess.run([*charter, "new", "notice", "road-closure", "--folder", str(charter_dir)], check=False)
    assert created.returncode == 0
    result = subprocess.run([*charter, "validate", str(charter_dir)], capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = (charter_dir / "notices" / "road-closure.yml").read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, start=1) if text.startswith("starts:"))
    assert (
        f"notices/road-closure.yml:{line}:9: error: starts:" in result.stderr
        and "'YYYY-MM-DD HH:MM' is not a date and time" in result.stderr
    )


def test_a_feed_title_shows_an_ampersand_in_the_authority_s_name_once(charter_dir):
    site = charter_dir / "site.yml"
    first, rest = site.read_text(encoding="utf-8").split("\n", 1)
    assert first.startswith("name: ")
    site.write_text('name: {he: "א & ב", ar: "أ & ب", en: "Hill & Dale", ru: "Холм & Дол"}\n' + rest, encoding="utf-8")
    add_notices(charter_dir, festival=FESTIVAL)
    charter = load_charter(charter_dir, now=datetime(2089, 1, 1, tzinfo=UTC))
    feed = feedparser.parse(notices_feed(charter, Localizer.of(charter.site, "en")))
    assert not feed.bozo and feed.feed.title == "Hill & Dale: Notices"
