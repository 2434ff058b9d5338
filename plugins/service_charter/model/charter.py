"""The loaded charter and the links between its records, in both directions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from ..problems import Problem
from .business_calendar import WorkingCalendar, resolve_calendar, window
from .history import History
from .kinds import KINDS, SITE, Kind
from .performance import Performance
from .schema import (
    Body,
    Channel,
    DataItem,
    Department,
    Entity,
    FaqEntry,
    Improvement,
    Neighbourhood,
    Notice,
    Service,
    Site,
    Topic,
    Vocabulary,
)

Ordered = TypeVar("Ordered", Topic, FaqEntry)


def _by_order(records: Mapping[str, Ordered]) -> list[Ordered]:
    return sorted(records.values(), key=lambda record: (record.order, record.id))


@dataclass(frozen=True)
class Charter:
    """Every record of one charter, with look-ups for the pages that link them; complete once constructed.

    Frozen: a stage that finds more (the loader's checks) makes a new charter with `dataclasses.replace`.
    """

    root: Path
    site: Site
    channels: dict[str, Channel]
    departments: dict[str, Department]
    categories: dict[str, Topic]
    life_events: dict[str, Topic]
    data_items: dict[str, DataItem]
    services: dict[str, Service]
    faqs: dict[str, FaqEntry]
    notices: dict[str, Notice]
    """Every notice (disruptions, events), ended ones too; pages show `live_notices`."""
    bodies: dict[str, Body]
    """Other bodies residents deal with (the water corporation, the Population Authority)."""
    improvements: dict[str, Improvement]
    """What we changed because residents told us."""
    sources: dict[str, str]
    """`"services/arnona"` → the file it came from, as shown to staff."""
    loaded_at: datetime
    """When the charter was read: notices that had ended by then are left out of the site."""
    history: History
    """Recent changes from git, by record (`history.of("services/arnona")`); empty outside git."""
    performance: Performance
    """How often each service kept its commitment, from `performance/*.csv`; empty without data."""
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    """The words residents search with (`vocabulary.yml`); empty without the file."""
    problems: tuple[Problem, ...] = ()
    """Warnings and notices found while loading, sorted; errors stop loading instead."""

    def records(self) -> Iterator[tuple[str, BaseModel]]:
        """Every record with the file it came from."""
        yield self.sources[SITE], self.site
        for kind in KINDS:
            for record_id, record in self.of_kind(kind).items():
                yield self.sources[kind.key(record_id)], record

    def of_kind(self, kind: Kind) -> Mapping[str, Entity]:
        """The records of one kind, by id."""
        records: Mapping[str, Entity] = getattr(self, kind.attribute)
        return records

    def sorted_records(self, kind: Kind) -> list[Any]:
        """The records of one kind as residents see them listed: by `order` where they have one, else by id."""
        records = self.of_kind(kind)
        if "order" in kind.model.model_fields:
            return _by_order(records)  # every record of such a kind has an `order`
        return list(records.values())

    @cached_property
    def working_calendar(self) -> WorkingCalendar | None:
        """The business calendar day by day, from the first of the month the charter was read for 19 months;
        None when `site.yml` has no `calendar`."""
        if self.site.calendar is None:
            return None
        today = self.loaded_at.astimezone(ZoneInfo(self.site.timezone)).date()
        return resolve_calendar(self.site.calendar, self.site.timezone, *window(today))

    @cached_property
    def last_reviewed(self) -> date:
        """The date the charter was last reviewed as a whole: its newest review, never the build's date."""
        return max([self.site.accessibility.last_checked, *(s.last_reviewed for s in self.services.values())])

    @cached_property
    def sorted_categories(self) -> list[Topic]:
        return _by_order(self.categories)

    @cached_property
    def sorted_life_events(self) -> list[Topic]:
        return _by_order(self.life_events)

    @cached_property
    def sorted_faqs(self) -> list[FaqEntry]:
        return _by_order(self.faqs)

    @cached_property
    def _services_by(self) -> dict[str, dict[str, list[Service]]]:
        index: dict[str, dict[str, list[Service]]] = {
            key: defaultdict(list) for key in ("category", "life_event", "department", "data", "related_to")
        }
        for service in self.services.values():
            for category in service.categories:
                index["category"][category].append(service)
            for event in service.life_events:
                index["life_event"][event].append(service)
            index["department"][service.department].append(service)
            for use in service.data:
                index["data"][use.item].append(service)
            for other in service.related:
                index["related_to"][other].append(service)
        return index

    @cached_property
    def charter_sections(self) -> list[tuple[Topic, list[Service]]]:
        """Every service exactly once, under its first category, for the whole-charter views."""
        sections = []
        for category in self.sorted_categories:
            services = [s for s in self.services_in_category(category.id) if s.categories[0] == category.id]
            if services:
                sections.append((category, sorted(services, key=lambda s: s.id)))
        return sections

    def services_in_category(self, category_id: str) -> list[Service]:
        return self._services_by["category"].get(category_id, [])

    def services_for_life_event(self, event_id: str) -> list[Service]:
        return self._services_by["life_event"].get(event_id, [])

    def services_of_department(self, department_id: str) -> list[Service]:
        return self._services_by["department"].get(department_id, [])

    def services_using(self, item_id: str) -> list[Service]:
        return self._services_by["data"].get(item_id, [])

    def related_services(self, service: Service) -> list[Service]:
        """Services this one names as related, and those that name it, each once."""
        ids = list(dict.fromkeys([*service.related, *(s.id for s in self._services_by["related_to"][service.id])]))
        return [self.services[i] for i in ids if i != service.id]

    def faqs_for_service(self, service_id: str) -> list[FaqEntry]:
        return self._faqs_by_service.get(service_id, [])

    @cached_property
    def _faqs_by_service(self) -> dict[str, list[FaqEntry]]:
        index: dict[str, list[FaqEntry]] = defaultdict(list)
        for faq in self.sorted_faqs:
            for service_id in dict.fromkeys(faq.services):
                index[service_id].append(faq)
        return index

    @cached_property
    def contact_phone(self) -> Channel | None:
        """The single point of contact's first phone, which every page shows; None when it has no phone."""
        channels = (self.channels[id] for id in self.site.contact.channels)
        return next((channel for channel in channels if channel.kind.value == "phone" and channel.value), None)

    @cached_property
    def most_used(self) -> list[Service]:
        return [self.services[i] for i in self.site.most_used]

    @cached_property
    def live_notices(self) -> list[Notice]:
        """Notices that had not ended when the charter was read, soonest first; browsers hide them as they end."""
        live = [notice for notice in self.notices.values() if notice.ends > self.loaded_at]
        return sorted(live, key=lambda notice: (notice.starts, notice.ends, notice.id))

    def notices_for_service(self, service_id: str) -> list[Notice]:
        return self._notices_by_service.get(service_id, [])

    @cached_property
    def _notices_by_service(self) -> dict[str, list[Notice]]:
        index: dict[str, list[Notice]] = defaultdict(list)
        for notice in self.live_notices:
            for service_id in notice.services:
                index[service_id].append(notice)
        return index

    @cached_property
    def neighbourhoods(self) -> dict[str, Neighbourhood]:
        """The town's neighbourhoods by id, in the order site.yml lists them."""
        return {n.id: n for n in self.site.neighbourhoods}

    def notices_in(self, neighbourhood_id: str) -> list[Notice]:
        """Live notices that concern a neighbourhood: those naming it, and those for the whole town."""
        return [n for n in self.live_notices if not n.neighbourhoods or neighbourhood_id in n.neighbourhoods]

    @cached_property
    def sorted_improvements(self) -> list[Improvement]:
        """What we changed because residents told us, newest first."""
        return sorted(self.improvements.values(), key=lambda i: (i.changed_on, i.id), reverse=True)

    def improvements_of(self, service_id: str) -> list[Improvement]:
        """The changes residents asked for that changed a service, newest first."""
        return [i for i in self.sorted_improvements if service_id in i.services]

    def request_feedback(self, service: Service) -> str | None:
        """Where residents tell how a closed request for `service` went, with its id; None when nowhere."""
        url = service.request_feedback or self.site.request_feedback
        if url is None:
            return None
        return f"{url}{'&' if '?' in url else '?'}{urlencode({'service': service.id})}"
