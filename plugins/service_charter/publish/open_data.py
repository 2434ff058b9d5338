"""The open-data export: the whole charter as JSON with its JSON Schema, commitments as CSV, services as HSDS.

Written once per build into `<site>/open-data/`, for every language at once:

- `charter.json`: every record of the charter, every language, as the content model holds it, with
  `charter.schema.json`, its JSON Schema (draft 2020-12), generated from the same model;
- `calendar.json`, when the charter has a business calendar: that calendar resolved day by day (the
  ordinary week, every holiday, closure, eve and change of hours), with `calendar.schema.json`;
- `commitments.csv`: one row per commitment, for spreadsheets;
- `performance.csv`: how often each service kept its commitments, tier by tier, period by period, beside
  each target, when the charter publishes figures (`charter/performance/*.csv`);
- `hsds/<lang>/services.json` and `hsds/<lang>/organization.json`: the services, and the municipality
  with its offices, in Open Referral's Human Services Data Specification (HSDS) 3.1, the public
  standard for directories of services, one folder per language.

Every file is the same for the same charter: no build time, records sorted by id.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from ..addresses import (
    CALENDAR_JSON,
    CALENDAR_SCHEMA,
    CHARTER_JSON,
    CHARTER_SCHEMA,
    COMMITMENTS_CSV,
    HSDS_ORGANIZATION,
    OPEN_DATA_FOLDER,
    PERFORMANCE_CSV,
    SiteAddress,
    hsds_file,
    open_data_file,
    record_page,
)
from ..i18n import Localizer, language_name
from ..model.charter import Charter
from ..model.export import calendar_export, calendar_of, calendar_schema, charter_export, charter_schema
from ..model.kinds import SERVICE
from ..model.schema import (
    Channel,
    ChannelKind,
    Department,
    Duration,
    Fee,
    Hours,
    Office,
    Service,
    Site,
    Text,
    Tier,
    Weekday,
)
from ..richtext import inert_json

ID_NAMESPACE = uuid.UUID("b0d4c1c2-7e0a-5d8e-9a51-3f7d2c9e4a60")
"""With the municipality's name, the namespace of the UUIDs the HSDS files give every record."""
TIERS = ("acknowledge", "answer", "resolve")
_RRULE_DAYS = {
    Weekday.sun: "SU",
    Weekday.mon: "MO",
    Weekday.tue: "TU",
    Weekday.wed: "WE",
    Weekday.thu: "TH",
    Weekday.fri: "FR",
    Weekday.sat: "SA",
}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PHONE_TYPES = {ChannelKind.phone: "voice", ChannelKind.whatsapp: "text", ChannelKind.sms: "text"}


# --- Commitments as CSV ---------------------------------------------------------------------------


def hours(duration: Duration | None) -> str:
    """A time in hours, for sorting and comparing; empty for a time in business days or hours, which has no fixed
    length in hours (it depends on when the request arrives: its `_iso` and `_calendar` columns give it)."""
    if duration is None or duration.is_business:
        return ""
    value = (Decimal(duration.approx_minutes) / 60).quantize(Decimal("0.01")).normalize()
    return f"{value:f}"


def written(duration: Duration | None) -> str:
    """A time as staff write it, e.g. `3 business_days`."""
    return f"{duration.amount} {duration.unit.value}" if duration else ""


class _TitleColumns:
    """A service's title in the CSV files: in the default language, then a column per other language."""

    def __init__(self, site: Site) -> None:
        self.default = Localizer.of(site, site.default_language)
        self.others = [lang for lang in site.languages if lang != site.default_language]
        self.header = ["service_title", *(f"service_title_{lang}" for lang in self.others)]

    def __call__(self, service: Service) -> list[str]:
        return [cell(self.default.plain(service.title)), *(cell(service.title.get(lang) or "") for lang in self.others)]


def _csv_file(header: list[str], rows: Iterable[list[Any]]) -> str:
    """A CSV file as RFC 4180 quotes it, with a byte-order mark that tells spreadsheets (Excel) it is UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return "\ufeff" + out.getvalue()


def commitments_csv(charter: Charter, address: SiteAddress) -> str:
    """One row per commitment, with a header row; service by service, sorted by id."""
    site = charter.site
    titles = _TitleColumns(site)
    default = titles.default
    header = [
        "service_id",
        *titles.header,
        "department_id",
        "department",
        "request",
        "channel_id",
        "commitment_id",
        "starts",
        "pauses",
        *_tier_header(""),
        "urgent_when",
        *_tier_header("urgent_"),
        "page",
    ]
    rows = []
    for service in sorted(charter.services.values(), key=lambda s: s.id):
        department = charter.departments.get(service.department)
        for commitment in service.commitments:
            urgent = commitment.urgent
            rows.append(
                [
                    service.id,
                    *titles(service),
                    service.department,
                    cell(default.plain(department.name)) if department else "",
                    cell(default.plain(commitment.request)),
                    commitment.channel or "",
                    commitment.id or "",
                    commitment.starts.value,
                    " ".join(pause.value for pause in commitment.pauses),
                    *_tier(commitment),
                    cell(default.plain(urgent.when)) if urgent else "",
                    *_tier(urgent),
                    address.page(charter.site.default_language, record_page(SERVICE.name, service.id)),
                ]
            )
    return _csv_file(header, rows)


def performance_csv(charter: Charter, address: SiteAddress) -> str:
    """One row per service, commitment, tier and period, with a header row; service by service, sorted by id, the
    headline commitment first, standard before urgent, oldest period first.

    `commitment` is the commitment's id (empty for a headline commitment that has none), `tier` `standard` or
    `urgent`; `target`, like `share_met`, is a share (0.9 for 90%), empty when the tier states no target."""
    titles = _TitleColumns(charter.site)
    header = [
        "period",
        "period_start",
        "period_end",
        "service_id",
        *titles.header,
        "commitment",
        "tier",
        "requests",
        "met",
        "share_met",
        "target",
        "page",
    ]
    rows = []
    for service_id in sorted(charter.performance.results):
        service = charter.services[service_id]
        for series in charter.performance.series(service):
            for result in series.results:
                rows.append(
                    [
                        str(result.period),
                        result.period.start.isoformat(),
                        result.period.end.isoformat(),
                        service.id,
                        *titles(service),
                        series.commitment.id or "",
                        series.tier,
                        result.requests,
                        result.met,
                        f"{result.share:f}",
                        f"{Decimal(series.target) / 100}" if series.target is not None else "",
                        address.page(charter.site.default_language, record_page(SERVICE.name, service.id)),
                    ]
                )
    return _csv_file(header, rows)


def cell(text: str) -> str:
    """A text for a spreadsheet cell: one that a spreadsheet would run as a formula gets a leading `'` (OWASP)."""
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def _tier_header(prefix: str) -> list[str]:
    """A tier's columns: each time as written, in ISO 8601, its calendar and in hours; then the tier's target."""
    times = (f"{prefix}{tier}{suffix}" for tier in TIERS for suffix in ("", "_iso", "_calendar", "_hours"))
    return [*times, f"{prefix}target"]


def _tier(tier: Tier | None) -> list[str]:
    values = []
    for name in TIERS:
        duration = getattr(tier, name) if tier else None
        values += [written(duration), duration.iso if duration else "", calendar_of(duration) or "", hours(duration)]
    target = tier.target if tier else None
    return [*values, f"{Decimal(target) / 100}" if target is not None else ""]


# --- Open Referral HSDS 3 -------------------------------------------------------------------------


class _Hsds:
    """The charter's services as HSDS 3.1 objects, in one language.

    A channel, a department or a language that many services share is one object with one id, made once and
    nested wherever it belongs; only what is the service's own carries `service_id`. The municipality and its
    offices are written once, in `organization.json`: a service names them by id (`organization_id`, and a
    `location_id` for each office it is given at), as every service would otherwise repeat them.
    """

    def __init__(self, charter: Charter, lang: str, site: SiteAddress):
        self.charter = charter
        self.site = charter.site
        self.L = Localizer.of(charter.site, lang)
        self.lang = lang
        self.address = site
        self.namespace = uuid.uuid5(ID_NAMESPACE, charter.site.name.get(charter.site.default_language) or "")
        self.organization_id = self.uid("organization", "municipality")
        self.locations = {office.id: self._location(office) for office in self.site.offices}
        self.languages = [
            {"id": self.uid("language", lang), "name": language_name(lang), "code": lang}
            for lang in self.site.languages
        ]
        self.taxonomy = f"{self.L.plain(self.site.name)}: {self.L.ui('nav.categories')}"
        self._channels: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}
        self._contacts: dict[str, dict[str, Any]] = {}
        self._terms: dict[str, dict[str, Any]] = {}

    def uid(self, kind: str, key: str) -> str:
        """A UUID that stays the same from build to build for the same record of the same municipality."""
        return str(uuid.uuid5(self.namespace, f"{kind}/{key}"))

    def services(self) -> list[dict[str, Any]]:
        return [self.service(s) for s in sorted(self.charter.services.values(), key=lambda s: s.id)]

    def service(self, service: Service) -> dict[str, Any]:
        L, sid = self.L, self.uid("service", service.id)
        department = self.charter.departments.get(service.department)
        description = L.plain(service.summary)
        if service.description:
            description += "\n\n" + L.plain(service.description)
        channels = [(use, self.charter.channels[use.channel]) for use in service.channels]
        record: dict[str, Any] = {
            "id": sid,
            "organization_id": self.organization_id,
            "name": L.plain(service.title),
            "description": description,
            "status": "active",
            "application_process": "\n".join(f"{n}. {L.plain(step)}" for n, step in enumerate(service.steps, 1)),
            "eligibility_description": L.plain(service.eligibility),
            "assured_date": service.last_reviewed.isoformat(),
        }
        if self.address.url:
            record["url"] = self.address.page(self.lang, record_page(SERVICE.name, service.id))
        if department and department.email:
            record["email"] = department.email
        if service.fees:
            record["fees_description"] = "\n".join(self._fee_text(fee) for fee in service.fees)
            record["cost_options"] = [
                {
                    "id": self.uid("cost_option", f"{service.id}/{n}"),
                    "service_id": sid,
                    "option": L.plain(fee.name),
                    "currency": self.site.currency,
                    **({"amount": float(fee.amount)} if fee.amount is not None else {}),
                    **({"amount_description": L.plain(fee.note)} if fee.note else {}),
                }
                for n, fee in enumerate(service.fees)
            ]
        online = [(use, channel) for use, channel in channels if use.url]
        if online:
            record["additional_urls"] = [
                {
                    "id": self.uid("url", f"{service.id}/{channel.id}"),
                    "service_id": sid,
                    "label": L.plain(channel.name),
                    "url": use.url,
                }
                for use, channel in online
            ]
        record["phones"] = [phone for _, channel in channels for phone in self._channel(channel)[0]]
        record["schedules"] = [schedule for _, channel in channels for schedule in self._channel(channel)[1]]
        if any(channel.kind is ChannelKind.office for _, channel in channels):
            record["service_at_locations"] = [
                {
                    "id": self.uid("service_at_location", f"{service.id}/{office_id}"),
                    "service_id": sid,
                    "location_id": location["id"],
                }
                for office_id, location in self.locations.items()
            ]
        record["languages"] = self.languages
        record["required_documents"] = [
            {
                "id": self.uid("required_document", f"{service.id}/{n}"),
                "service_id": sid,
                "document": L.plain(document.name) + (f" ({L.plain(document.note)})" if document.note else ""),
            }
            for n, document in enumerate(service.documents)
        ]
        if department:
            record["contacts"] = [self._contact(department)]
        record["attributes"] = [
            {
                "id": self.uid("attribute", f"{service.id}/{category}"),
                "link_id": sid,
                "link_type": "category",
                "link_entity": "service",
                "taxonomy_term_id": self._term(category)["id"],
                "value": category,
                "taxonomy_term": self._term(category),
            }
            for category in service.categories
        ]
        return record

    def organization(self) -> dict[str, Any]:
        """The municipality, with its offices as locations."""
        L, site = self.L, self.site
        contact = [self.charter.channels[i] for i in site.contact.channels if i in self.charter.channels]
        organization: dict[str, Any] = {
            "id": self.organization_id,
            "name": L.plain(site.name),
            "description": L.plain(site.tagline or site.contact.description or site.name),
        }
        email = next((channel.value for channel in contact if channel.kind is ChannelKind.email), None)
        if email:
            organization["email"] = email
        if self.address.url:
            organization["website"] = self.address.url
        organization["phones"] = [phone for channel in contact for phone in self._channel(channel)[0]]
        organization["locations"] = list(self.locations.values())
        return organization

    def _channel(self, channel: Channel) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """A channel's phone (for phone, WhatsApp and SMS channels) and opening hours, made once."""
        if channel.id not in self._channels:
            name = self.L.plain(channel.name)
            phones = (
                [self._phone(f"channel/{channel.id}", channel.value or "", channel.kind, name)]
                if channel.kind in _PHONE_TYPES
                else []
            )
            self._channels[channel.id] = (
                phones,
                self._schedules(f"channel/{channel.id}", name, channel.hours, channel.always_open),
            )
        return self._channels[channel.id]

    def _location(self, office: Office) -> dict[str, Any]:
        L, lid = self.L, self.uid("location", office.id)
        location: dict[str, Any] = {
            "id": lid,
            "location_type": "physical",
            "organization_id": self.organization_id,
            "name": L.plain(office.name),
            "description": L.plain(office.address),
            "accessibility": [
                {"id": self.uid("accessibility", office.id), "description": L.plain(office.accessibility)}
            ],
            "schedules": self._schedules(f"office/{office.id}", L.plain(office.name), office.hours),
        }
        if office.phone:
            location["phones"] = [
                self._phone(f"office/{office.id}", office.phone, ChannelKind.phone, L.plain(office.name))
            ]
        return location

    def _phone(self, key: str, number: str, kind: ChannelKind, description: str) -> dict[str, Any]:
        return {"id": self.uid("phone", key), "number": number, "type": _PHONE_TYPES[kind], "description": description}

    def _schedules(self, key: str, name: str, rows: list[Hours], always_open: bool = False) -> list[dict[str, Any]]:
        """Opening hours as weekly RFC 5545 rules, in the site's time zone."""
        if always_open:
            return [
                {
                    "id": self.uid("schedule", f"{key}/always"),
                    "freq": "WEEKLY",
                    "byday": ",".join(_RRULE_DAYS.values()),
                    "opens_at": "00:00",
                    "closes_at": "23:59",
                    "description": f"{name}: {self.L.ui('contact.always_open')}",
                }
            ]
        schedules = []
        for n, row in enumerate(rows):
            note = f"{self.L.plain(row.note)} ({self.site.timezone})" if row.note else self.site.timezone
            schedules.append(
                {
                    "id": self.uid("schedule", f"{key}/{n}"),
                    "freq": "WEEKLY",
                    "byday": ",".join(_RRULE_DAYS[day] for day in row.days),
                    "opens_at": row.opens,
                    "closes_at": row.closes,
                    "description": f"{name}: {self.L.days(row.days)} {row.opens}–{row.closes}",
                    "notes": note,
                }
            )
        return schedules

    def _contact(self, department: Department) -> dict[str, Any]:
        """A department, as the contact for its services."""
        if department.id not in self._contacts:
            name = self.L.plain(department.name)
            contact: dict[str, Any] = {"id": self.uid("contact", department.id), "name": name, "department": name}
            if department.email:
                contact["email"] = department.email
            if department.phone:
                contact["phones"] = [
                    self._phone(f"department/{department.id}", department.phone, ChannelKind.phone, name)
                ]
            self._contacts[department.id] = contact
        return self._contacts[department.id]

    def _term(self, category_id: str) -> dict[str, Any]:
        """A category, as a term of the municipality's taxonomy of services."""
        if category_id not in self._terms:
            category = self.charter.categories.get(category_id)
            name = self.L.plain(category.name) if category else category_id
            description = self.L.plain(category.description) if category and category.description else name
            self._terms[category_id] = {
                "id": self.uid("taxonomy_term", category_id),
                "code": category_id,
                "name": name,
                "description": description,
                "taxonomy": self.taxonomy,
                "language": self.lang,
            }
        return self._terms[category_id]

    def _fee_text(self, fee: Fee) -> str:
        text = self.L.plain(fee.name)
        if fee.amount is not None:
            text += ": " + _money(self.lang, fee.amount, self.site.currency)
        return text + (f" ({self.L.plain(fee.note)})" if fee.note else "")


@cache
def _money(lang: str, amount: Decimal, currency: str) -> str:
    return Localizer(lang, lang).money(amount, currency)


# --- Writing the files ------------------------------------------------------------------------------


def _holiday_names(site: Site) -> Callable[[str], Text]:
    """A holiday's name in every language of the site, from its key (`holiday.<key>` of each language)."""

    def names(key: str) -> Text:
        return Text({lang: Localizer(lang, lang).ui(f"holiday.{key}").unescape() for lang in site.languages})

    return names


def _dump(data: Any, *, indent: int | None = None) -> str:
    return inert_json(data, indent=indent) + "\n"


def write_open_data(charter: Charter, site_dir: Path, site: SiteAddress) -> list[Path]:
    """Write the open-data files into `<site_dir>/open-data/`, every language at once; return them.

    With the site's address the links in the files are absolute; without it they are relative.
    """
    folder = site_dir / OPEN_DATA_FOLDER
    schema_url = site.file(open_data_file(CHARTER_SCHEMA)) if site.url else CHARTER_SCHEMA
    files = {
        CHARTER_JSON: _dump(charter_export(charter, schema_url)),
        CHARTER_SCHEMA: _dump(charter_schema(schema_url), indent=2),
        COMMITMENTS_CSV: commitments_csv(charter, site),
    }
    if charter.performance:
        files[PERFORMANCE_CSV] = performance_csv(charter, site)
    calendar_schema_url = site.file(open_data_file(CALENDAR_SCHEMA)) if site.url else CALENDAR_SCHEMA
    calendar = calendar_export(charter, calendar_schema_url, _holiday_names(charter.site))
    if calendar is not None:
        files[CALENDAR_JSON] = _dump(calendar)
        files[CALENDAR_SCHEMA] = _dump(calendar_schema(calendar_schema_url), indent=2)
    for lang in charter.site.languages:
        hsds = _Hsds(charter, lang, site)
        files[hsds_file(lang)] = _dump(hsds.services())
        files[hsds_file(lang, HSDS_ORGANIZATION)] = _dump(hsds.organization())
    written_files = []
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as file:
            file.write(text)
        written_files.append(path)
    return written_files
