"""The charter as open data: the shape of `charter.json` and `calendar.json` and their JSON Schemas,
generated from the content model.

The format is published and versioned: readers outside the municipality rely on it, so its keys keep
their order and their names whatever the code calls them (see `FORMAT_VERSION`).

Each time of a commitment is given as staff write it (`"resolve": "5 business_days"`) and, beside it, in
ISO 8601 (`"resolve_iso": "P5D"`) with the calendar it counts in (`"resolve_calendar"`): `business` when
it counts only the business calendar's working days or hours (`site.calendar`, resolved day by day in
`calendar.json`), `gregorian` when every day and hour counts, as an ISO 8601 duration does by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, create_model

from . import schema as content
from .business_calendar import WEEK, Interval, WorkingCalendar, clock_text
from .charter import Charter
from .kinds import BODY, CATEGORY, CHANNEL, DATA, DEPARTMENT, FAQ, IMPROVEMENT, LIFE_EVENT, NOTICE, SERVICE, Kind
from .schema import ClockTime, Duration, HolidaySet, Site, Slug, Text, Weekday

FORMAT_VERSION = "2.1.0"
"""The version of the format of `charter.json`, `calendar.json`, `commitments.csv` and `performance.csv`, in
semantic versioning.

Bump the major version when a reader may break (a field or column removed, renamed or given another
type), the minor version when something is added, the patch version for a fix that changes no shape.
A change to the content model in `schema.py` changes the export too: bump this with it.
"""
HSDS_VERSION = "3.1"
"""The version of Open Referral's Human Services Data Specification that the HSDS files follow."""
EXPORTED = (CHANNEL, DEPARTMENT, CATEGORY, LIFE_EVENT, DATA, SERVICE, FAQ, NOTICE, BODY, IMPROVEMENT)
"""The kinds in `charter.json`, in the order of its keys since format 1.0.0 (bodies and improvements since 2.1.0)."""

CalendarName = Literal["business", "gregorian"]
CALENDAR_DESCRIPTION = (
    "The calendar the time counts in: `business` for business days and hours (only the working days and hours "
    "of `site.calendar`, resolved day by day in `calendar.json`), `gregorian` when every day and hour counts; "
    "null when the time is not given."
)


def calendar_of(duration: Duration | None) -> CalendarName | None:
    """`business` for a time in business days or hours, `gregorian` for any other, None for none."""
    if duration is None:
        return None
    return "business" if duration.is_business else "gregorian"


def _iso_description(name: str) -> str:
    return f"`{name}` in ISO 8601 (e.g. `P3D`, `PT4H`), counted in the calendar of `{name}_calendar`; null without it."


class _IsoTimes(content.Tier):
    """A tier's times in ISO 8601, each with the calendar it counts in (open data only)."""

    @computed_field(description=_iso_description("acknowledge"))  # type: ignore[prop-decorator]
    @property
    def acknowledge_iso(self) -> str | None:
        return self.acknowledge.iso if self.acknowledge else None

    @computed_field(description=CALENDAR_DESCRIPTION)  # type: ignore[prop-decorator]
    @property
    def acknowledge_calendar(self) -> CalendarName | None:
        return calendar_of(self.acknowledge)

    @computed_field(description=_iso_description("answer"))  # type: ignore[prop-decorator]
    @property
    def answer_iso(self) -> str | None:
        return self.answer.iso if self.answer else None

    @computed_field(description=CALENDAR_DESCRIPTION)  # type: ignore[prop-decorator]
    @property
    def answer_calendar(self) -> CalendarName | None:
        return calendar_of(self.answer)

    @computed_field(description=_iso_description("resolve"))  # type: ignore[prop-decorator]
    @property
    def resolve_iso(self) -> str | None:
        return self.resolve.iso if self.resolve else None

    @computed_field(description=CALENDAR_DESCRIPTION)  # type: ignore[prop-decorator]
    @property
    def resolve_calendar(self) -> CalendarName | None:
        return calendar_of(self.resolve)


# Named as in the content model, so that the JSON Schema's definitions keep their names.
class UrgentTier(content.UrgentTier, _IsoTimes):
    """A faster tier for urgent cases, with its times in ISO 8601."""


class Commitment(content.Commitment, _IsoTimes):
    """A commitment, with its times in ISO 8601 and the calendar each counts in."""

    urgent: UrgentTier | None = None


class Service(content.Service):
    """A service, its commitments with their times in ISO 8601."""

    commitments: list[Commitment] = Field(  # type: ignore[assignment]
        min_length=1, description=content.Service.model_fields["commitments"].description
    )


DERIVED = tuple(name for name in _IsoTimes.model_computed_fields)
"""The keys `charter.json` adds to each commitment and urgent tier: drop them to read it with the content model."""


def _exported_model(kind: Kind) -> type[BaseModel]:
    return Service if kind is SERVICE else kind.model


def _json_key(folder: str) -> str:
    return folder.replace("-", "_")


@cache
def export_model() -> type[BaseModel]:
    """The pydantic model of `charter.json`: the site, then every folder's records by id."""
    fields: dict[str, Any] = {
        "format_version": (str, Field(description="The version of this format (semantic versioning).")),
        "last_reviewed": (
            date,
            Field(description="The newest of the services' `last_reviewed` dates and of the accessibility check."),
        ),
        "site": (Site, Field(description="The municipality and the charter as a whole (`site.yml`).")),
    }
    for kind in EXPORTED:
        fields[_json_key(kind.folder)] = (
            dict[Slug, _exported_model(kind)],  # type: ignore[misc]
            Field(description=f"Every record of `{kind.folder}/`, by id (the file name)."),
        )
    return create_model("CharterExport", __config__=ConfigDict(extra="forbid"), **fields)


def charter_schema(schema_url: str) -> dict[str, Any]:
    """The JSON Schema of `charter.json`, published beside it as `charter.schema.json`."""
    schema = export_model().model_json_schema(mode="serialization")
    for kind in EXPORTED:  # ids are slugs: no other key is a record
        schema["properties"][_json_key(kind.folder)]["additionalProperties"] = False
    schema["properties"] = {
        "$schema": {"type": "string", "description": "Where this schema is published."},
        **schema["properties"],
    }
    schema["title"] = "Service charter"
    schema["description"] = (
        "A municipality's service charter as open data: its services, the commitments it makes for each "
        f"(response times), the personal data it asks for and why, and how to reach it. Format {FORMAT_VERSION}."
    )
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": schema_url, **schema}


def charter_export(charter: Charter, schema_url: str) -> dict[str, Any]:
    """`charter.json`: every record in every language, as the content model holds it."""
    records = {_json_key(kind.folder): dict(sorted(charter.of_kind(kind).items())) for kind in EXPORTED}
    services = _json_key(SERVICE.folder)
    records[services] = {
        key: Service.model_validate(record, from_attributes=True) for key, record in records[services].items()
    }
    export = export_model()(
        format_version=FORMAT_VERSION,
        last_reviewed=charter.last_reviewed,
        site=charter.site,
        **records,
    )
    return {"$schema": schema_url, **export.model_dump(mode="json")}


# --- calendar.json: the business calendar, resolved day by day ---------------------------------------

_Date = date


class OpeningHours(BaseModel):
    """Working hours within a day, in the site's time zone."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    opens: ClockTime
    """When the offices open, `HH:MM`."""
    closes: ClockTime
    """When they close, `HH:MM`."""


class CalendarDay(BaseModel):
    """A day of the window whose hours or status differ from the ordinary week, and why."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    date: _Date
    """The day, `YYYY-MM-DD`."""
    weekday: Weekday
    """Its day of the week."""
    hours: list[OpeningHours]
    """The working hours that day; empty when the offices are closed."""
    closed: bool
    """True when the offices are closed on a day that is ordinarily a working day."""
    holidays: list[str]
    """Keys of the holidays that close the day; their names are in the top-level `holidays`."""
    closures: list[Text]
    """Names of the other closures that day (`site.calendar.closures`), in the languages staff wrote them."""
    eve_of: list[str]
    """Keys of the holidays whose eve the day is, with the shorter hours of `site.calendar.eves`."""
    hours_change: Text | None
    """The name of the change of hours in effect that day (`site.calendar.hour_changes`), or null."""


class CalendarExport(BaseModel):
    """`calendar.json`: the business calendar that business days and business hours count in, day by day."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    format_version: str
    """The version of this format (semantic versioning), shared with `charter.json`."""
    timezone: str
    """The IANA time zone of every hour in this file, e.g. `Asia/Jerusalem`."""
    first: _Date
    """The first day resolved: the first of the month the site was built in."""
    last: _Date
    """The last day resolved; a due date beyond it cannot be computed from this file."""
    planned_until: _Date
    """The last day for which staff have entered closures and changes of hours; holidays are computed for every day."""
    default_language: str
    """The language a text falls back to when it lacks another."""
    holiday_sets: list[HolidaySet]
    """The holiday sets the offices close for (`site.calendar.holidays`)."""
    week: dict[Weekday, list[OpeningHours]]
    """The ordinary week, Sunday first: each day's working hours, empty for a day that is not a working day."""
    holidays: dict[str, Text]
    """Every holiday named in `days`, by key, with its name in every language of the site."""
    days: list[CalendarDay]
    """Every day of the window that differs from the ordinary week, in order: closed days, eves, changed hours."""


def _hours(spans: tuple[Interval, ...]) -> list[OpeningHours]:
    return [OpeningHours(opens=clock_text(opens), closes=clock_text(closes)) for opens, closes in spans]


def calendar_export(charter: Charter, schema_url: str, holiday_name: Callable[[str], Text]) -> dict[str, Any] | None:
    """`calendar.json`: the charter's business calendar resolved day by day; None without a calendar.

    `holiday_name` gives a holiday's name in every language of the site, from its key."""
    calendar: WorkingCalendar | None = charter.working_calendar
    if calendar is None or charter.site.calendar is None:
        return None
    days = []
    for day in sorted({*calendar.days, *calendar.closed, *calendar.eves, *calendar.changed}):
        closed = calendar.closed.get(day)
        days.append(
            CalendarDay(
                date=day,
                weekday=WEEK[(day.weekday() + 1) % 7],
                hours=_hours(calendar.hours_on(day) or ()),
                closed=closed is not None,
                holidays=list(closed.holidays) if closed else [],
                closures=list(closed.closures) if closed else [],
                eve_of=list(calendar.eves.get(day, ())),
                hours_change=calendar.changed.get(day),
            )
        )
    keys = sorted({key for day in days for key in (*day.holidays, *day.eve_of)})
    export = CalendarExport(
        format_version=FORMAT_VERSION,
        timezone=calendar.timezone,
        first=calendar.first,
        last=calendar.last,
        planned_until=charter.site.calendar.planned_until,
        default_language=charter.site.default_language,
        holiday_sets=list(charter.site.calendar.holidays),
        week={weekday: _hours(spans) for weekday, spans in zip(WEEK, calendar.week, strict=True)},
        holidays={key: holiday_name(key) for key in keys},
        days=days,
    )
    return {"$schema": schema_url, **export.model_dump(mode="json")}


def calendar_schema(schema_url: str) -> dict[str, Any]:
    """The JSON Schema of `calendar.json`, published beside it as `calendar.schema.json`."""
    schema = CalendarExport.model_json_schema(mode="serialization")
    schema["properties"] = {
        "$schema": {"type": "string", "description": "Where this schema is published."},
        **schema["properties"],
    }
    schema["title"] = "Business calendar"
    schema["description"] = (
        "The business calendar of a municipality's service charter, resolved day by day: the ordinary working "
        "week, and every holiday, closure, holiday eve and change of hours in a window of about nineteen months. "
        f"Commitments in business days or business hours count in it. Format {FORMAT_VERSION}."
    )
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": schema_url, **schema}
