"""The charter's content model: one typed, described schema for code, validation and docs.

Every record lives in its own YAML file under the charter folder. Texts a resident reads are
given in every language side by side (`title: {he: ..., en: ...}`); a language that is missing
falls back to the site's default language.
"""

from __future__ import annotations

import difflib
import itertools
import re
import zoneinfo
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    RootModel,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
LANG_PATTERN = r"^[a-z]{2,3}$"
PHONE_PATTERN = r"^\+?[0-9][0-9 \-]{1,18}[0-9]$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"
URL_PATTERN = r"^https://[^\s]+$"
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
# Path segments cannot start with a dot, so `..` can never lead out of the charter folder.
LOGO_PATTERN = r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*\.(svg|png|jpg|jpeg|webp)$"

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
]
LangCode = Annotated[str, StringConstraints(pattern=LANG_PATTERN)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Phone = Annotated[
    str,
    StringConstraints(pattern=PHONE_PATTERN),
]
Email = Annotated[
    str,
    StringConstraints(pattern=EMAIL_PATTERN),
]
WebUrl = Annotated[
    str,
    StringConstraints(pattern=URL_PATTERN),
]
ClockTime = Annotated[
    str,
    StringConstraints(pattern=TIME_PATTERN),
]

HOST_PATTERN = r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$"
"""A host name as it may stand in a header: letters, digits, hyphens and dots (an international name in punycode)."""
_UNSAFE_IN_URL = re.compile(r"[\s\"'<>\\^`{|}\x00-\x1f\x7f]")


def web_origin(url: str) -> str:
    """`https://host[:port]` of a full https address, or ValueError when it could not stand safely in a header."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = -1
    host = parts.hostname or ""
    if (
        parts.scheme != "https"
        or _UNSAFE_IN_URL.search(url)
        or "@" in parts.netloc
        or port == -1
        or not re.match(HOST_PATTERN, host)
    ):
        raise ValueError(f"{url!r} is not a web address the site can send to")
    return f"https://{host}" + (f":{port}" if port else "")


PATTERN_HINTS = {
    SLUG_PATTERN: "use lower-case English letters, digits and single hyphens, e.g. `parking-permit`",
    PHONE_PATTERN: 'write the number in digits and quote it, e.g. `phone: "08-555-0100"` or `"106"`',
    EMAIL_PATTERN: "write a full address, e.g. `moked@city.example`",
    URL_PATTERN: "write a full address that starts with `https://`",
    TIME_PATTERN: 'write the time as HH:MM in 24-hour form and quote it, e.g. `"08:30"`',
    LANG_PATTERN: "use a two-letter language code such as he, ar, en, ru",
    LOGO_PATTERN: "give an image inside the charter folder, e.g. `assets/logo.svg` (svg, png, jpg or webp)",
}
"""How to fix a value that does not match each pattern, in the words staff use."""


def _no_duplicates(values: list[str]) -> list[str]:
    repeated = sorted({v for v in values if values.count(v) > 1})
    if repeated:
        raise ValueError(f"listed more than once: {', '.join(repeated)}\nkeep each only once")
    return values


Slugs = Annotated[list[Slug], AfterValidator(_no_duplicates)]


class Text(RootModel[dict[LangCode, NonEmpty]]):
    """A text a resident reads, in several languages: `{he: ..., ar: ..., en: ..., ru: ...}`."""

    model_config = ConfigDict(frozen=True, json_schema_extra={"minProperties": 1, "additionalProperties": False})

    def get(self, lang: str) -> str | None:
        return self.root.get(lang)

    @property
    def languages(self) -> set[str]:
        return set(self.root)


class Record(BaseModel):
    """Base of every model: strict keys, immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Entity(Record):
    """A record kept in a file of its own; its id is the file name."""

    id: Slug
    """The record's id and URL slug: the file name without `.yml`."""


# --- Time and duration ---------------------------------------------------------------------


class TimeUnit(StrEnum):
    minutes = "minutes"
    hours = "hours"
    business_hours = "business_hours"
    days = "days"
    business_days = "business_days"
    weeks = "weeks"


_DURATION = re.compile(r"^\s*(\d+)\s+([a-z_]+)\s*$")
UNIT_MINUTES = {
    TimeUnit.minutes: 1,
    TimeUnit.hours: 60,
    TimeUnit.business_hours: 60,
    TimeUnit.days: 24 * 60,
    TimeUnit.business_days: 24 * 60,
    TimeUnit.weeks: 7 * 24 * 60,
}


class Duration(Record):
    """A span of time such as `3 business_days`."""

    amount: int = Field(gt=0, le=10_000)
    unit: TimeUnit

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, value: Any) -> Any:
        if isinstance(value, str):
            units = ", ".join(unit.value for unit in TimeUnit)
            match = _DURATION.match(value)
            if not match:
                raise ValueError(f"write a time as a number and a unit, e.g. `3 business_days`; units: {units}")
            if match[2] not in TimeUnit.__members__:
                raise ValueError(f"`{match[2]}` is not a unit of time; use one of: {units}")
            if int(match[1]) == 0:
                raise ValueError("a time must be more than zero")
            return {"amount": int(match[1]), "unit": match[2]}
        return value

    @property
    def is_business(self) -> bool:
        """True when the time counts only the business calendar's working days or hours."""
        return self.unit in (TimeUnit.business_days, TimeUnit.business_hours)

    @property
    def iso(self) -> str:
        """The span in ISO 8601, e.g. `P3D` or `PT4H`; business units count in the business calendar."""
        return {
            TimeUnit.minutes: f"PT{self.amount}M",
            TimeUnit.hours: f"PT{self.amount}H",
            TimeUnit.business_hours: f"PT{self.amount}H",
            TimeUnit.days: f"P{self.amount}D",
            TimeUnit.business_days: f"P{self.amount}D",
            TimeUnit.weeks: f"P{self.amount}W",
        }[self.unit]

    @property
    def approx_minutes(self) -> int:
        """A rough length, for comparing tiers (a business day counts as a day)."""
        return self.amount * UNIT_MINUTES[self.unit]


DurationField = Annotated[
    Duration,
    PlainSerializer(lambda d: f"{d.amount} {d.unit.value}", return_type=str, when_used="json"),  # as staff write it
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d+ (" + "|".join(u.value for u in TimeUnit) + ")$",
            "description": "A number and a unit, e.g. `3 business_days`.",
        }
    ),
]


class Weekday(StrEnum):
    sun = "sun"
    mon = "mon"
    tue = "tue"
    wed = "wed"
    thu = "thu"
    fri = "fri"
    sat = "sat"


class Hours(Record):
    """Opening hours on some days of the week."""

    days: list[Weekday] = Field(min_length=1)
    """The days these hours apply to, e.g. `[sun, mon, tue, wed, thu]`."""
    opens: ClockTime
    """When it opens, in 24-hour form and in quotes, e.g. `"08:00"`."""
    closes: ClockTime
    """When it closes, in 24-hour form and in quotes, e.g. `"16:00"`."""
    note: Text | None = None
    """For example: `except public holidays`."""

    @field_validator("closes")
    @classmethod
    def _after_opening(cls, closes: str, info: ValidationInfo) -> str:
        opens = info.data.get("opens")
        if opens is not None and closes <= opens:
            raise ValueError(
                f"`closes` ({closes}) must be later than `opens` ({opens})\n"
                'write times in 24-hour form, e.g. `opens: "08:00"` and `closes: "16:00"`'
            )
        return closes


# --- Moments in time ---------------------------------------------------------------------------

FIRST_YEAR, LAST_YEAR = 1900, 2999
"""The years a date or a moment may fall in: beyond them, dates are mistakes that would break calendars and feeds."""


def _plausible_year(year: int, written: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"{written} is not a plausible date\nwrite a date between {FIRST_YEAR} and {LAST_YEAR}")


def _plausible_date(value: date) -> date:
    _plausible_year(value.year, value.isoformat())
    return value


PlausibleDate = Annotated[date, AfterValidator(_plausible_date)]

DEFAULT_TIMEZONE = "Asia/Jerusalem"
_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)\s*(Z|[+-]\d{2}:?\d{2})?$")
MOMENT_PATTERN = r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?\s*(Z|[+-]\d{2}:?\d{2})?$"


def _known_timezone(name: str) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        close = difflib.get_close_matches(name, sorted(zoneinfo.available_timezones()), n=1)
        raise ValueError(
            f"`{name}` is not a known time zone\n"
            + (f"did you mean `{close[0]}`?" if close else f"use an IANA name such as `{DEFAULT_TIMEZONE}`")
        ) from None
    return name


def _moment(value: Any, info: ValidationInfo) -> datetime:
    """`"2026-12-01 08:00"` in the site's time zone (from the validation context), or with an offset."""
    if isinstance(value, datetime):
        moment = value
    else:
        match = _MOMENT.match(str(value).strip())
        if not match:
            raise ValueError(
                f"{str(value)!r} is not a date and time\n"
                'write it as "YYYY-MM-DD HH:MM" in the site\'s time zone and quote it, e.g. `"2026-12-01 08:00"`'
            )
        try:
            moment = datetime.fromisoformat(f"{match[1]}T{match[2]}{match[3] or ''}")
        except ValueError as exc:
            raise ValueError(f"{str(value)!r} is not a real date and time ({exc})\ncheck the day and the hour") from exc
    _plausible_year(moment.year, repr(str(value)))
    if moment.tzinfo is None:
        timezone = (info.context or {}).get("timezone", DEFAULT_TIMEZONE)
        moment = moment.replace(tzinfo=zoneinfo.ZoneInfo(timezone))
    return moment


Moment = Annotated[
    datetime,
    BeforeValidator(_moment),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": MOMENT_PATTERN,
            "description": 'A date and time in the site\'s time zone, e.g. `"2026-12-01 08:00"`.',
        }
    ),
]


# --- The business calendar ---------------------------------------------------------------------


class HolidaySet(StrEnum):
    """Holidays computed every year by well-kept libraries, so that nobody types next year's dates."""

    israel = "israel"
    """Israel's public holidays (Jewish holidays and Independence Day), from the `holidays` library."""
    israel_intermediate_days = "israel-intermediate-days"
    """The intermediate days (Hol HaMoed) of Passover and Sukkot."""
    islamic = "islamic"
    """Eid al-Fitr, Eid al-Adha, the Islamic New Year and the Prophet's Birthday (Umm al-Qura calendar)."""
    christian = "christian"
    """Christmas, New Year's Day, Good Friday and Easter Monday (Western calendar)."""
    druze = "druze"
    """Eid al-Adha and the pilgrimage to Nabi Shu'ayb (25–28 April)."""


class Eves(Record):
    """Shorter hours on the eve of a holiday that starts at sunset (Jewish holidays)."""

    closes: ClockTime
    """When offices close on an eve, e.g. `"13:00"`."""


_DAY_UNTIL_HINT = "write the first day in `day` and the last in `until`"


class Closure(Record):
    """Days the offices are closed beyond the holiday sets, e.g. an election day."""

    day: PlausibleDate
    """The (first) day, as `YYYY-MM-DD`."""
    until: PlausibleDate | None = None
    """The last day, for a closure of several days."""
    name: Text
    """Why, as residents will read it, e.g. `Local elections`."""

    @field_validator("until")
    @classmethod
    def _not_before_day(cls, until: date | None, info: ValidationInfo) -> date | None:
        day = info.data.get("day")
        if until is not None and day is not None and until < day:
            raise ValueError(
                f"`until` ({until}) is before `day` ({day})\nwrite the first day in `day` and the last in `until`"
            )
        return until


class HoursChange(Record):
    """Different working hours for a while, e.g. in Ramadan or in the summer."""

    name: Text
    """What the change is, as residents will read it, e.g. `Ramadan hours`."""
    day: PlausibleDate
    """The first day with these hours."""
    until: PlausibleDate
    """The last day with these hours."""
    hours: list[Hours] = Field(min_length=1)
    """The working hours during the change; days not listed are not working days."""

    @field_validator("until")
    @classmethod
    def _not_before_day(cls, until: date, info: ValidationInfo) -> date:
        day = info.data.get("day")
        if day is not None and until < day:
            raise ValueError(
                f"`until` ({until}) is before `day` ({day})\nwrite the first day in `day` and the last in `until`"
            )
        return until

    @field_validator("hours")
    @classmethod
    def _no_overlap(cls, hours: list[Hours]) -> list[Hours]:
        return _hours_without_overlap(hours)


def _hours_without_overlap(hours: list[Hours]) -> list[Hours]:
    for day in Weekday:
        spans = sorted((row.opens, row.closes) for row in hours if day in row.days)
        for (_, closes), (opens, _) in itertools.pairwise(spans):
            if opens < closes:
                raise ValueError(
                    f"two rows of hours overlap on `{day.value}` ({opens} is before {closes})\n"
                    "give each day its hours once, or split them into hours that do not overlap"
                )
    return hours


class BusinessCalendar(Record):
    """What a business day and a business hour are: the working week, holidays, closures and changed hours.

    Commitments counted in `business_days` or `business_hours` count in this calendar, and service pages
    compute from it the date by which a request made now is due."""

    week: list[Hours] = Field(min_length=1)
    """The working hours of an ordinary week, e.g. `- {days: [sun, mon, tue, wed, thu], opens: "08:00",
    closes: "16:00"}`; a day with hours is a business day, and its hours are business hours."""
    eves: Eves | None = None
    """Shorter hours on holiday eves, e.g. `closes: "13:00"`; without it, eves are ordinary days."""
    holidays: Annotated[list[HolidaySet], AfterValidator(_no_duplicates)] = Field(default_factory=list)
    """Holiday sets the offices close for: `israel`, `israel-intermediate-days`, `islamic`, `christian`, `druze`."""
    closures: list[Closure] = Field(default_factory=list)
    """Other days the offices are closed."""
    hour_changes: list[HoursChange] = Field(default_factory=list)
    """Periods with other working hours, e.g. Ramadan hours."""
    planned_until: PlausibleDate
    """The last day for which `closures` and `hour_changes` are complete; the build warns six months before."""

    @field_validator("week")
    @classmethod
    def _no_overlap(cls, week: list[Hours]) -> list[Hours]:
        return _hours_without_overlap(week)


# --- Site ------------------------------------------------------------------------------------


class Person(Record):
    """Someone residents can reach by name."""

    name: Text
    """The person's name."""
    role: Text | None = None
    """Their role, e.g. `Accessibility coordinator`."""
    phone: Phone | None = None
    email: Email | None = None


class Office(Record):
    """A place residents can visit."""

    id: Slug
    """The office's id, which departments name in their `office`."""
    name: Text
    """The office's name, e.g. `City Hall`."""
    address: Text
    """The street address, as residents would find it."""
    hours: list[Hours] = Field(default_factory=list)
    """When it receives residents."""
    phone: Phone | None = None
    accessibility: Text
    """Physical accessibility of the venue: parking, entrance, lift, toilets, hearing loop."""


class Neighbourhood(Record):
    """A neighbourhood that notices name and residents choose in the “What applies to me” questions."""

    id: Slug
    """Its id, which notices name in their `neighbourhoods`, e.g. `north`."""
    name: Text
    """Its name, as residents say it."""


class PointOfContact(Record):
    """The single point of contact: one name, every channel."""

    name: Text
    """For example `מוקד 106`."""
    description: Text | None = None
    """One sentence on what it handles, e.g. `reports and requests at any hour`."""
    channels: Slugs = Field(min_length=1)
    """Ids of channels (files under `channels/`), in the order residents should see them."""


class EscalationStep(Record):
    """One step of an escalation ladder: what to do, where, and how soon that step answers.

    A step may be written as a plain text in every language (`- {he: ..., en: ...}`) when it has no
    channel, link or deadline."""

    text: Text
    """What the resident does at this step, e.g. `Write to the head of the department`."""
    channel: Slug | None = None
    """Id of a channel (a file under `channels/`) through which to take this step."""
    url: WebUrl | None = None
    """A direct link for this step, e.g. the complaints form."""
    answers_within: DurationField | None = None
    """How soon this step answers, e.g. `5 business_days`."""

    @model_validator(mode="before")
    @classmethod
    def _plain_text(cls, value: Any) -> Any:
        if isinstance(value, dict) and value and all(isinstance(k, str) and re.match(LANG_PATTERN, k) for k in value):
            return {"text": value}
        return value


class Complaints(Record):
    """Where residents turn when a commitment is not kept."""

    steps: list[EscalationStep] = Field(min_length=1)
    """The escalation path, in order: each step with its channel or link and how soon it answers."""
    ombudsman: Person
    """The public complaints commissioner (ombudsman)."""
    ombudsman_answers_within: DurationField | None = None
    """How soon the ombudsman answers a complaint, e.g. `45 days`."""


class AccessibilityStatement(Record):
    """The accessibility statement that Israeli law (IS 5568) requires every public site to publish."""

    standard: Text
    """The standard the site conforms to, e.g. `IS 5568 and WCAG 2.2 level AA`."""
    last_checked: PlausibleDate
    """When the site's accessibility was last checked, as `YYYY-MM-DD`."""
    limitations: list[Text] = Field(default_factory=list)
    """Known limitations, in plain words; an honest list is better than none."""
    alternative: Text
    """How to ask for information or a service in an accessible form (Markdown)."""


class FeedbackMethod(StrEnum):
    post = "post"
    get = "get"


class Feedback(Record):
    """Where the "Was this page helpful?" form under every page sends its answers.

    The form sends `page` (the page's path, e.g. `service-arnona-payment`), `lang`, `helpful`
    (`yes` or `no`) and `comment` (may be empty), as an ordinary HTML form would.
    """

    url: WebUrl
    """The address that receives the answers: a form service's or the municipality's own analytics."""

    @field_validator("url")
    @classmethod
    def _safe_address(cls, url: str) -> str:
        try:
            web_origin(url)
        except ValueError as exc:
            raise ValueError(
                f"{exc}: its host must be a plain name, without spaces, quotes or `;`\n"
                "write the address as the form service gives it, e.g. `https://forms.city.example/charter-feedback`"
            ) from None
        return url

    method: FeedbackMethod = FeedbackMethod.post
    """`post` (the default) or `get`, as the receiving address expects."""


LANGUAGES = ("he", "ar", "en", "ru")
"""The languages a site is published in when `site.yml` does not say."""
DEFAULT_LANGUAGE = "he"


class AuthorityKind(StrEnum):
    """The kinds of Israeli local authority; the interface names the authority by its kind."""

    municipality = "municipality"
    local_council = "local-council"
    regional_council = "regional-council"


class Site(Record):
    """The municipality and the charter as a whole (`site.yml`)."""

    name: Text
    """The authority's name, e.g. `עיריית נווה אלון`."""
    authority: AuthorityKind = AuthorityKind.municipality
    """The kind of authority: `municipality`, `local-council` or `regional-council`; the interface calls it
    accordingly (“the municipality”, “the council”)."""
    tagline: Text | None = None
    """A short line shown under the name."""
    logo: Annotated[str, StringConstraints(pattern=LOGO_PATTERN)] | None = None
    """An image file in the charter folder, e.g. `assets/logo.svg` (svg, png, jpg or webp)."""
    languages: Annotated[list[LangCode], AfterValidator(_no_duplicates)] = Field(
        default_factory=lambda: list(LANGUAGES), min_length=1
    )
    """Languages the site is published in."""
    default_language: LangCode = DEFAULT_LANGUAGE
    """The language every text is written in first (any of `languages`); a text missing in another language
    is shown in it, introduced by a sentence in the reader's language. The site's top page leads to it."""
    complete_languages: Annotated[list[LangCode], AfterValidator(_no_duplicates)] = Field(default_factory=list)
    """Languages besides the default in which every text must be written: a missing text is an error. Texts
    missing in the other languages are reported as warnings by `charter validate`."""
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "ILS"
    """The three-letter code of the currency of fees, e.g. `ILS`."""
    contact: PointOfContact
    """The single point of contact residents see on every page."""
    offices: list[Office] = Field(min_length=1)
    """The places residents can visit, each with an `id` that departments name."""
    accessibility_coordinator: Person
    """The person residents turn to about accessibility, as the law requires."""
    accessibility: AccessibilityStatement
    """The accessibility statement."""
    privacy: Person
    """The privacy contact acting for the data controller."""
    data_controller: Text
    """The legal body responsible for residents' data."""
    rights: Text
    """How residents see, correct or delete their data (Markdown)."""
    complaints: Complaints
    """Where residents turn when a commitment is not kept."""
    calendar: BusinessCalendar | None = None
    """The business calendar: what a business day and a business hour are; commitments in `business_days` or
    `business_hours` count in it, and service pages compute due dates from it."""
    business_days: Text | None = None
    """A note on business days shown beside the calendar's own words, e.g. `The call centre works every day`."""
    most_used: Slugs = Field(default_factory=list)
    """Service ids shown first on the home page, most used first."""
    timezone: Annotated[str, AfterValidator(_known_timezone)] = DEFAULT_TIMEZONE
    """The IANA time zone of the times staff write (such as notices' `starts` and `ends`), e.g. `Asia/Jerusalem`."""
    feedback: Feedback | None = None
    """Where "Was this page helpful?" answers go; without it, pages have no such form."""
    request_feedback: WebUrl | None = None
    """Where residents tell us how a closed request went, for every service (a service's own
    `request_feedback` comes first); the link carries `service=<id>`."""
    neighbourhoods: list[Neighbourhood] = Field(default_factory=list)
    """The town's neighbourhoods, each with an `id`: notices name them, and residents filter notices and
    subscribe to their calendars by them."""

    @field_validator("neighbourhoods")
    @classmethod
    def _neighbourhood_ids_unique(cls, neighbourhoods: list[Neighbourhood]) -> list[Neighbourhood]:
        _no_duplicates([n.id for n in neighbourhoods])
        return neighbourhoods

    @field_validator("default_language")
    @classmethod
    def _default_in_languages(cls, default: str, info: ValidationInfo) -> str:
        languages = info.data.get("languages")
        if languages is not None and default not in languages:
            raise ValueError(f"`default_language` {default!r} must be one of `languages`\nadd it to `languages`")
        return default

    @field_validator("complete_languages")
    @classmethod
    def _complete_in_languages(cls, complete: list[str], info: ValidationInfo) -> list[str]:
        languages = info.data.get("languages")
        for lang in complete:
            if languages is not None and lang not in languages:
                raise ValueError(
                    f"`complete_languages` names {lang!r}, which is not one of `languages`\n"
                    "add it to `languages` or remove it here"
                )
        return complete


def text_example(languages: Sequence[str]) -> str:
    """A text as messages and scaffolds show it, in a site's first two languages: `{he: ..., en: ...}`."""
    return "{" + ", ".join(f"{lang}: ..." for lang in languages[:2]) + "}"


def languages_first(site_data: Any) -> list[str]:
    """A site's languages as written in `site.yml` (even one with mistakes), its default language first."""
    data = site_data if isinstance(site_data, dict) else {}
    languages = data.get("languages")
    if not isinstance(languages, list) or not languages or not all(isinstance(lang, str) for lang in languages):
        languages = list(LANGUAGES)
    default = data.get("default_language", DEFAULT_LANGUAGE)
    if not isinstance(default, str) or default not in languages:
        return list(languages)
    return [default, *(lang for lang in languages if lang != default)]


# --- Whom a service is for ----------------------------------------------------------------


class Residency(StrEnum):
    resident = "resident"
    new_resident = "new-resident"


class Pension(StrEnum):
    old_age = "old-age"
    income_support = "income-support"
    disability = "disability"


class ChildAge(StrEnum):
    infant = "0-2"
    preschool = "3-5"
    primary = "6-12"
    teenager = "13-17"


class Pet(StrEnum):
    dog = "dog"
    cat = "cat"


class AgeRange(Record):
    """An age range in whole years, both ends included: `{min: 62}`, `{max: 17}` or `{min: 18, max: 25}`."""

    min: int | None = Field(default=None, ge=0, le=120)
    max: int | None = Field(default=None, ge=0, le=120)

    @model_validator(mode="after")
    def _one_end_in_order(self) -> AgeRange:
        if self.min is None and self.max is None:
            raise ValueError("give `min`, `max` or both, e.g. `age: {min: 62}`")
        if self.min is not None and self.max is not None and self.max < self.min:
            raise ValueError(f"`max` ({self.max}) is below `min` ({self.min})\nswap them")
        return self


class Condition(Record):
    """One way to qualify, in the terms of the “What applies to me” questions: every condition written must
    hold. Residents' answers stay in their browser; the site says “probably”, never “certainly”, and the
    text (`eligibility`, `description`) stays the rule."""

    name: Text | None = None
    """Which way to qualify this is, e.g. `Senior citizens`; needed when a service lists several."""
    age: AgeRange | None = None
    """The resident's age in years, e.g. `{min: 62}`."""
    residency: Residency | None = None
    """`resident` (lives in the town) or `new-resident` (moved in during the last year, or moving now)."""
    new_immigrant: bool | None = None
    """`true`: for new immigrants to Israel."""
    pension: list[Pension] = Field(default_factory=list)
    """Any of these allowances: `old-age`, `income-support`, `disability`."""
    low_income: bool | None = None
    """`true`: for households with a low income."""
    disability: bool | None = None
    """`true`: for households in which someone has a disability."""
    children: list[ChildAge] = Field(default_factory=list)
    """A child in any of these age bands: `0-2`, `3-5`, `6-12`, `13-17`."""
    single_parent: bool | None = None
    """`true`: for single parents."""
    pets: list[Pet] = Field(default_factory=list)
    """Any of these pets: `dog`, `cat`."""
    business: bool | None = None
    """`true`: for business owners."""

    @model_validator(mode="after")
    def _says_something(self) -> Condition:
        if not any(getattr(self, name) not in (None, []) for name in type(self).model_fields if name != "name"):
            raise ValueError(
                "a condition needs at least one of: " + ", ".join(CONDITION_FIELDS) + "\n"
                "for example `age: {min: 62}` or `pets: [dog]`; remove the condition if everyone qualifies"
            )
        return self


CONDITION_FIELDS = tuple(name for name in Condition.model_fields if name != "name")
"""What a condition can say, in the order pages list it."""


def _named_when_several(conditions: list[Condition]) -> list[Condition]:
    if len(conditions) > 1 and any(condition.name is None for condition in conditions):
        raise ValueError(
            "when there are several ways to qualify, give each a `name`\n"
            "for example `name: {en: Senior citizens}`, so residents see which one fits them"
        )
    return conditions


Conditions = Annotated[list[Condition], AfterValidator(_named_when_several)]


# --- Reference records ----------------------------------------------------------------------


class ChannelKind(StrEnum):
    phone = "phone"
    whatsapp = "whatsapp"
    sms = "sms"
    email = "email"
    web = "web"
    app = "app"
    office = "office"
    mail = "mail"


class ChannelDetails(Record):
    """A way to reach someone: its kind, its name and how residents use it."""

    kind: ChannelKind
    """What kind of channel it is; `value` must fit it."""
    name: Text
    """The channel's name, e.g. `Hotline 106`."""
    value: NonEmpty | None = Field(default=None, validate_default=True)
    """The phone number, e-mail address or link, as residents use it."""
    address: Text | None = None
    """For `office` and `mail` channels: the street or postal address, in each language."""
    hours: list[Hours] = Field(default_factory=list)
    always_open: bool = False
    """True when the channel answers at any hour (24/7)."""
    note: Text | None = None
    """For example: when a person answers."""

    @field_validator("value")
    @classmethod
    def _value_matches_kind(cls, value: str | None, info: ValidationInfo) -> str | None:
        kind = info.data.get("kind")
        checks = {
            ChannelKind.phone: (PHONE_PATTERN, "a phone number such as `106` or `08-555-0100`"),
            ChannelKind.whatsapp: (PHONE_PATTERN, "a phone number"),
            ChannelKind.sms: (PHONE_PATTERN, "a phone number"),
            ChannelKind.email: (EMAIL_PATTERN, "an e-mail address"),
            ChannelKind.web: (URL_PATTERN, "an https:// address"),
            ChannelKind.app: (URL_PATTERN, "an https:// address"),
        }
        if kind in (ChannelKind.office, ChannelKind.mail) and value is not None:
            languages = (info.context or {}).get("languages") or LANGUAGES
            raise ValueError(
                f"a channel of kind `{kind.value}` has its address under `address`, written in each language\n"
                f"replace `value:` with `address:`, e.g. `address: {text_example(languages)}`"
            )
        if kind in checks:
            pattern, what = checks[kind]
            if value is None or not re.match(pattern, value):
                raise ValueError(
                    f"for a channel of kind `{kind.value}`, `value` must be {what}\nsee channels/hotline.yml"
                )
        return value


class Channel(ChannelDetails, Entity):
    """A way to reach the municipality (`channels/<id>.yml`)."""


class Body(Entity):
    """A body outside the municipality that residents deal with on the way, such as the water corporation or
    the Population Authority (`bodies/<id>.yml`). Services, questions, life events and notices that name it
    show its contacts."""

    name: Text
    """The body's name, as residents know it."""
    description: Text | None = None
    """What residents turn to it for, in one sentence."""
    channels: list[ChannelDetails] = Field(min_length=1)
    """How to reach it, each like a channel file: `kind`, `name`, `value`, `hours` or `always_open`, `note`."""
    url: WebUrl | None = None
    """Its website."""


class Department(Entity):
    """A municipal department (`departments/<id>.yml`)."""

    name: Text
    """The department's name."""
    description: Text | None = None
    """What it does for residents, in one sentence."""
    phone: Phone | None = None
    email: Email | None = None
    office: Slug | None = None
    """Id of an office in `site.yml` where the department receives residents."""


class Topic(Entity):
    """A category (`categories/<id>.yml`) or life event (`life-events/<id>.yml`)."""

    name: Text
    """The topic's name, as residents say it."""
    description: Text | None = None
    """One sentence on what it covers."""
    order: int = 100
    """Smaller numbers come first."""
    conditions: Conditions = Field(default_factory=list)
    """Whom it concerns, in the terms of the “What applies to me” questions, e.g. `- pets: [dog]`; the site
    then suggests it to residents whose answers fit."""
    bodies: Slugs = Field(default_factory=list)
    """Ids of other bodies (files under `bodies/`) residents deal with on the way; their contacts are shown."""


# --- Data-use statements ------------------------------------------------------------------


class Obligation(StrEnum):
    required = "required"
    optional = "optional"
    conditional = "conditional"


class DataItem(Entity):
    """A data-use statement: one item of personal data we may ask for (`data/<id>.yml`).

    Residents read it to learn why we ask, who sees it and how long we keep it: write plainly."""

    name: Text
    """What the item is called, e.g. "National ID number"."""
    description: Text
    """What it is."""
    purpose: Text
    """Why we ask for it."""
    legal_basis: Text
    """The law or regulation that allows us to ask."""
    obligation: Obligation
    """`required`, `optional`, or `conditional` (required for some requests only)."""
    if_not_provided: Text
    """What happens if the resident does not provide it."""
    recipients: list[Text] = Field(min_length=1)
    """Who receives it, inside and outside the municipality: one line each."""
    retention: Text
    """How long we keep it and what happens then."""
    storage: Text
    """Where and how it is stored and protected."""
    sensitive: bool = False
    """`true` for highly sensitive data: ID numbers, health, finances, biometrics, children's details."""
    rights: Text | None = None
    """The resident's rights for this item, where they differ from the site-wide `rights`."""


# --- Services -------------------------------------------------------------------------------


class Faq(Record):
    """A question and its answer (Markdown)."""

    question: Text
    """The question, as a resident would ask it."""
    answer: Text
    """The answer, in Markdown."""


class FaqEntry(Entity, Faq):
    """A general question and its answer, in a file of its own (`faqs/<id>.yml`).

    Questions about one service belong in that service's file, under `faqs`."""

    categories: Slugs = Field(default_factory=list)
    """Topic ids (files under `categories/`) the question belongs to."""
    services: Slugs = Field(default_factory=list)
    """Ids of services the answer is about; the question is then linked from their pages."""
    bodies: Slugs = Field(default_factory=list)
    """Ids of other bodies (files under `bodies/`) the answer sends residents to; their contacts are shown."""
    order: int = 100
    """Smaller numbers come first."""


class ServiceChannel(Record):
    """A channel through which a service can be requested."""

    channel: Slug
    """Id of a channel under `channels/`."""
    url: WebUrl | None = None
    """The direct online link for this service, where there is one."""
    note: Text | None = None
    """What is special about this channel for this service."""


class Document(Record):
    """Something the resident brings or uploads."""

    name: Text
    """What it is, as residents know it."""
    note: Text | None = None
    """For example: which page, original or copy, how recent."""


class Fee(Record):
    """A fee for the service."""

    name: Text
    """What the fee is for."""
    amount: Decimal | None = Field(default=None, ge=0, le=1_000_000_000, decimal_places=2, allow_inf_nan=False)
    """In the site's currency; leave out for fees that vary, and explain in `note`."""
    note: Text | None = None


Target = Annotated[int, Field(gt=0, le=100)]
"""A share of requests, in whole percent."""


class Tier(Record):
    """Response times for one tier."""

    acknowledge: DurationField | None = None
    """When we confirm we have received the request."""
    answer: DurationField | None = None
    """When we give a substantive answer."""
    resolve: DurationField | None = None
    """When the matter is dealt with."""
    target: Target | None = None
    """The share of requests, in percent, we aim to handle within the time, e.g. `90`."""

    @model_validator(mode="after")
    def _some_time(self) -> Tier:
        if not (self.answer or self.resolve):
            raise ValueError("give at least `answer` or `resolve`\nadd, for example, `resolve: 5 business_days`")
        return self

    @property
    def clocks(self) -> list[tuple[str, Duration]]:
        """The tier's times with their names (`acknowledge`, `answer`, `resolve`), in the order they run."""
        return [(name, time) for name in CLOCK_NAMES if (time := getattr(self, name)) is not None]

    @property
    def promised(self) -> tuple[str, Duration]:
        """The time a one-line promise names: the resolve time, or else the answer time."""
        return next((name, time) for name, time in reversed(self.clocks) if name != "acknowledge")


CLOCK_NAMES = ("acknowledge", "answer", "resolve")


class UrgentTier(Tier):
    """A faster tier for urgent cases, e.g. a hazard to life or property."""

    when: Text
    """Which requests count as urgent."""


class ClockStart(StrEnum):
    submission = "submission"
    complete = "complete"
    payment = "payment"


class ClockPause(StrEnum):
    resident = "resident"
    other_body = "other_body"
    objections = "objections"


class Commitment(Tier):
    """Our commitment (service level) for a service, a request type or a channel."""

    id: Slug | None = None
    """A short id, needed to give performance figures for this commitment, e.g. `decision`."""
    request: Text | None = None
    """The request type this commitment covers, when a service has several, e.g. `Decision on a permit`."""
    headline: bool = False
    """`true` for the commitment shown as the service's one-line promise, when a service has several."""
    channel: Slug | None = None
    """A channel id, when the commitment applies to one channel only."""
    starts: ClockStart = ClockStart.submission
    """When the clock starts: `submission` (when we receive the request), `complete` (when the request is
    complete, with every document) or `payment` (when the fee is paid)."""
    pauses: Annotated[list[ClockPause], AfterValidator(_no_duplicates)] = Field(default_factory=list)
    """What stops the clock: `resident` (waiting for information from the resident), `other_body` (waiting
    for another authority), `objections` (the period for neighbours' objections)."""
    urgent: UrgentTier | None = None
    remedy: Text | None = None
    """What the resident gets when we miss the time, e.g. `The fee is refunded`."""
    escalation: list[EscalationStep] = Field(default_factory=list)
    """Where to turn, step by step, when the time has passed: each step with its channel or link and how
    soon it answers. The site-wide complaints path is shown too."""
    if_missed: Text | None = None
    """Anything else the resident should know if we miss it."""

    @model_validator(mode="after")
    def _urgent_is_faster(self) -> Commitment:
        if self.urgent:
            for name in CLOCK_NAMES:
                normal, urgent = getattr(self, name), getattr(self.urgent, name)
                if normal and urgent and urgent.approx_minutes >= normal.approx_minutes:
                    raise ValueError(
                        f"the urgent `{name}` time must be shorter than the standard one\n"
                        "shorten the urgent time, or remove the `urgent` tier if there is no faster path"
                    )
        return self


class DataUse(Record):
    """A data item a service asks for."""

    item: Slug
    """Id of a data-use statement under `data/`."""
    purpose: Text | None = None
    """Why this service needs it, where it differs from the statement's general purpose."""


class Audience(StrEnum):
    residents = "residents"
    businesses = "businesses"
    visitors = "visitors"


class ReminderMethod(StrEnum):
    sms = "sms"
    email = "email"
    app = "app"
    whatsapp = "whatsapp"
    letter = "letter"
    phone = "phone"


class Reminder(Record):
    """Something the municipality reminds residents of before it is too late."""

    what: Text
    """What we remind you of, e.g. `Your parking permit is about to expire`."""
    before: DurationField | None = None
    """How long before, e.g. `30 days`; leave it out for a reminder on the day itself."""
    by: Annotated[list[ReminderMethod], AfterValidator(_no_duplicates)] = Field(min_length=1)
    """How: any of `sms`, `email`, `app`, `whatsapp`, `letter`, `phone`."""
    note: Text | None = None
    """How to get the reminder or stop it, e.g. `Give your mobile number when you apply`."""


class BodyUse(Record):
    """Another body residents deal with for this service."""

    body: Slug
    """Id of a body under `bodies/`."""
    note: Text | None = None
    """What residents go to it for in this service."""


class Service(Entity):
    """A service the municipality provides (`services/<id>.yml`)."""

    title: Text
    """The service's name, as residents say it."""
    summary: Text
    """One sentence: what the resident gets."""
    description: Text | None = None
    """More detail, in Markdown (paragraphs, lists, **bold**, [links](https://...))."""
    department: Slug
    """The department's id: a file name under `departments/` (without `.yml`)."""
    categories: Slugs = Field(min_length=1)
    """Topic ids (files under `categories/`); the first is the one the commitments page lists it under."""
    life_events: Slugs = Field(default_factory=list)
    """Life events (files under `life-events/`), e.g. `[moving-here]`."""
    audience: list[Audience] = Field(default_factory=lambda: [Audience.residents])
    """Who the service is for: `residents`, `businesses`, `visitors`."""
    eligibility: Text
    """Who can get it (Markdown). It stays the rule: `conditions` only help residents find out."""
    conditions: Conditions = Field(default_factory=list)
    """Who can get it as data, one item per way to qualify, e.g. `- {name: {en: Senior citizens}, age: {min:
    62}}`. The page answers “you are probably eligible”, “probably not” or “ask us” from the resident's answers
    to the “What applies to me” questions, and suggests the service to those whose answers fit."""
    steps: list[Text] = Field(min_length=1)
    """How to apply, step by step."""
    channels: list[ServiceChannel] = Field(min_length=1)
    """Where to apply: channel ids (files under `channels/`), with the direct online link where there is one."""
    documents: list[Document] = Field(default_factory=list)
    """What to bring; leave the list empty if nothing is needed."""
    fees: list[Fee] = Field(default_factory=list)
    """Fees in the site's currency; leave the list empty for a free service."""
    commitments: list[Commitment] = Field(min_length=1)
    """Our commitment: at least one. Times are a number and a unit (minutes, hours, business_hours, days,
    business_days, weeks), e.g. `- resolve: 5 business_days`."""
    data: list[DataUse] = Field(default_factory=list)
    """The personal data the service asks for: ids of data-use statements (files under `data/`), each with why."""
    faqs: list[Faq] = Field(default_factory=list)
    """Questions and answers about this service."""
    related: Slugs = Field(default_factory=list)
    """Related service ids; the link shows on both pages."""
    reminders: list[Reminder] = Field(default_factory=list)
    """What we remind residents of, when and how, e.g. a permit about to expire."""
    bodies: list[BodyUse] = Field(default_factory=list)
    """Other bodies residents deal with for this service, with what for; their contacts are shown."""
    request_feedback: WebUrl | None = None
    """Where residents tell us how a closed request went, instead of site.yml `request_feedback`; the link
    carries `service=<id>`."""
    keywords: dict[LangCode, list[NonEmpty]] = Field(default_factory=dict)
    """Words and synonyms residents search for, per language."""
    owner: Text
    """The role responsible for this page's content."""
    last_reviewed: PlausibleDate
    """When the owner last checked this page, as `YYYY-MM-DD`."""

    @field_validator("commitments")
    @classmethod
    def _one_headline(cls, commitments: list[Commitment]) -> list[Commitment]:
        if sum(c.headline for c in commitments) > 1:
            raise ValueError("more than one commitment has `headline: true`\nkeep it on the one residents read first")
        ids = [c.id for c in commitments if c.id]
        _no_duplicates(ids)
        return commitments

    @property
    def headline(self) -> Commitment:
        """The commitment of the service's one-line promise: the one marked `headline`, or else the first."""
        return next((c for c in self.commitments if c.headline), self.commitments[0])

    @property
    def promised_time(self) -> Duration:
        """The time the service's headline promise names: its resolve time, or else its answer time."""
        return self.headline.promised[1]


# --- Notices --------------------------------------------------------------------------------


class NoticeKind(StrEnum):
    disruption = "disruption"
    works = "works"
    event = "event"
    closure = "closure"
    outage = "outage"


class Utility(StrEnum):
    water = "water"
    power = "power"
    gas = "gas"
    sewage = "sewage"


def _not_a_body_id(value: Any) -> Any:
    if isinstance(value, str) and re.match(SLUG_PATTERN, value):
        raise ValueError(
            "`body` is the notice's text, in each language\n"
            f"to name the other body responsible, write `responsible: {value}`; the text goes under `body`"
        )
    return value


def _neighbourhood_ids(value: Any) -> Any:
    if isinstance(value, list) and any(isinstance(item, dict) for item in value):
        raise ValueError(
            "name each neighbourhood by its id, as site.yml lists it under `neighbourhoods`\n"
            "add the neighbourhood to site.yml (`- id: north` with its `name` in each language), then write "
            "`neighbourhoods: [north]`; streets go under `area`"
        )
    return value


class Notice(Entity):
    """A notice: planned works, a disruption, an event or a closure, shown until it ends (`notices/<id>.yml`).

    It appears on the home page, on the notices page and on the pages of the services it affects."""

    kind: NoticeKind
    """`disruption`, `works` (planned works), `event`, `closure`, or `outage` (water, power: give `utility`
    and the body `responsible`)."""
    utility: Utility | None = Field(default=None, validate_default=True)
    """For an outage: `water`, `power`, `gas` or `sewage`."""
    responsible: Slug | None = None
    """Id of the other body responsible (a file under `bodies/`), e.g. the water corporation; its contacts are
    shown with the notice."""
    title: Text
    """What happens, in a few words."""
    body: Annotated[Text, BeforeValidator(_not_a_body_id)]
    """What happens and what residents can do (Markdown)."""
    starts: Moment
    """When it starts, in the site's time zone (site.yml `timezone`), 24-hour form, in quotes, e.g.
    `"2026-12-01 08:00"`."""
    ends: Moment
    """When it ends; the notice disappears from the site then, e.g. `"2026-12-03 18:00"`."""
    services: Slugs = Field(default_factory=list)
    """Ids of the services affected; the notice is shown on their pages too."""
    neighbourhoods: Annotated[Slugs, BeforeValidator(_neighbourhood_ids)] = Field(default_factory=list)
    """Ids of the neighbourhoods affected (site.yml `neighbourhoods`), if not the whole town, e.g. `[north]`;
    residents filter notices and subscribe to calendars by neighbourhood."""
    area: Text | None = None
    """The streets or places affected, in words, e.g. `HaZayit St. 1–40`."""
    url: WebUrl | None = None
    """Where to read more, if anywhere."""
    published: Moment | None = None
    """When the notice was first published, for feed readers; by default its start."""

    @field_validator("utility")
    @classmethod
    def _utility_of_outages(cls, utility: Utility | None, info: ValidationInfo) -> Utility | None:
        kind = info.data.get("kind")
        if kind is NoticeKind.outage and utility is None:
            raise ValueError("an outage names what goes off\nadd `utility: water` (or `power`, `gas`, `sewage`)")
        if kind is not None and kind is not NoticeKind.outage and utility is not None:
            raise ValueError(f"only an outage has a `utility`, and this notice is `{kind.value}`\nwrite `kind: outage`")
        return utility

    @field_validator("ends")
    @classmethod
    def _ends_after_start(cls, ends: datetime, info: ValidationInfo) -> datetime:
        starts = info.data.get("starts")
        if starts is not None and ends <= starts:
            raise ValueError(
                f"`ends` ({ends:%Y-%m-%d %H:%M}) must be later than `starts` ({starts:%Y-%m-%d %H:%M})\n"
                'check the dates; write times in 24-hour form, e.g. `ends: "2026-12-03 18:00"`'
            )
        return ends


# --- What residents told us -------------------------------------------------------------------


class Improvement(Entity):
    """Something we changed because residents told us (`improvements/<id>.yml`), on the “You told us, we
    changed” page and on the pages of the services it changed."""

    title: Text
    """The change in a few words."""
    you_told_us: Text
    """What residents told us, in their terms (Markdown)."""
    we_changed: Text
    """What we changed (Markdown)."""
    changed_on: PlausibleDate
    """When the change took effect, as `YYYY-MM-DD`."""
    services: Slugs = Field(min_length=1)
    """Ids of the services it changed."""


# --- Walking the model ------------------------------------------------------------------------


def iter_texts(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Text]]:
    """Every `Text` inside a record, with its key path."""
    if isinstance(value, Text):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from iter_texts(getattr(value, name), (*path, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from iter_texts(item, (*path, index))


# --- Words residents search with -----------------------------------------------------------------

LATIN = "latin"
"""The key of a word group's words written in Latin letters (`arnona`, `tav chanaya`)."""


def _site_languages(info: ValidationInfo) -> list[str]:
    """The site's languages, as the loader hands them to validators (every known language without them)."""
    return (info.context or {}).get("languages") or list(LANGUAGES)


class WordGroup(RootModel[dict[str, list[NonEmpty]]]):
    """Words and phrases that mean the same to a resident, by language, e.g.
    `{he: [זבל, אשפה], en: [rubbish, bin], latin: [zevel]}`; `latin` holds how residents write the
    words in Latin letters. A page that holds one of them is found by all of them."""

    model_config = ConfigDict(frozen=True, json_schema_extra={"minProperties": 1})

    @model_validator(mode="after")
    def _languages_and_size(self, info: ValidationInfo) -> WordGroup:
        languages = _site_languages(info)
        for key in self.root:
            if key != LATIN and key not in languages:
                raise ValueError(
                    f"`{key}` is not one of the site's languages\n"
                    f"use {', '.join(languages)}, or `{LATIN}` for words written in Latin letters"
                )
        if sum(len(words) for words in self.root.values()) < 2:
            raise ValueError(
                "a group needs at least two words: it says which words mean the same\n"
                "add the words residents use for it, e.g. `{he: [זבל, אשפה], en: [rubbish, bin]}`"
            )
        return self

    def get(self, key: str) -> list[str]:
        return self.root.get(key, [])


class Vocabulary(Record):
    """`vocabulary.yml`, beside `site.yml`: the words residents search with, for every page of the site.

    Each group under `words` holds words and phrases that mean the same to a resident. A page that holds
    one of a group's words is found by every word of the group in its language, and by the group's English
    and Latin-letter words on every language's site. `keep` lists words search must never shorten."""

    words: list[WordGroup] = Field(default_factory=list)
    """Groups of words and phrases that mean the same, e.g. `- {he: [זבל, אשפה], en: [rubbish, bin, trash]}`."""
    keep: dict[LangCode, list[NonEmpty]] = Field(default_factory=dict)
    """By language, words search must keep whole rather than cut to a shorter word with another meaning,
    e.g. `ar: [الجمعة]` (Friday, which would otherwise be found as جمع, to collect)."""

    @field_validator("keep")
    @classmethod
    def _kept_languages(cls, keep: dict[str, list[str]], info: ValidationInfo) -> dict[str, list[str]]:
        languages = _site_languages(info)
        for key in keep:
            if key not in languages:
                raise ValueError(f"`{key}` is not one of the site's languages\nuse {', '.join(languages)}")
        return keep

    def words_in(self, *keys: str) -> list[list[str]]:
        """Each group's words under these keys (languages, or `latin`)."""
        return [[word for key in keys for word in group.get(key)] for group in self.words]


__all__ = [
    "AgeRange",
    "Audience",
    "Body",
    "BodyUse",
    "BusinessCalendar",
    "Channel",
    "ChannelDetails",
    "ChannelKind",
    "ChildAge",
    "ClockPause",
    "ClockStart",
    "Commitment",
    "Condition",
    "DataItem",
    "DataUse",
    "Department",
    "Document",
    "Duration",
    "EscalationStep",
    "Faq",
    "FaqEntry",
    "Fee",
    "Feedback",
    "FeedbackMethod",
    "HolidaySet",
    "Hours",
    "Improvement",
    "Neighbourhood",
    "Notice",
    "NoticeKind",
    "Obligation",
    "Office",
    "Pension",
    "Pet",
    "Reminder",
    "ReminderMethod",
    "Residency",
    "Service",
    "Site",
    "Text",
    "Topic",
    "Utility",
    "Vocabulary",
    "Weekday",
    "WordGroup",
    "iter_texts",
]
