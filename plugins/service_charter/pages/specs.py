"""Which template draws each page of the site, under which title, with what in its context.

The pages themselves, and where they live, come from `addresses.pages`: one list for the site, its
links, its checks and its search.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .. import addresses as at
from ..addresses import Page, hsds_file, open_data_file, pages
from ..i18n import direction, language_name
from ..model.charter import Charter
from ..model.export import FORMAT_VERSION, HSDS_VERSION
from ..model.kinds import CATEGORY, DATA, DEPARTMENT, LIFE_EVENT, SERVICE, Kind
from ..model.schema import Text


@dataclass(frozen=True)
class Hub:
    """A page that is not a record's own: its template, and the keys of its title and of its description among the
    interface strings (the page's own introduction where it has one)."""

    template: str
    title: str
    description: str
    context: dict[str, Any] = field(default_factory=dict)


HUBS: dict[str, Hub] = {
    at.HOME: Hub("charter/home.html", "pages.home", "description.home"),
    at.FOR_YOU: Hub("charter/for-you.html", "pages.for_you", "description.for_you"),
    at.SERVICES: Hub("charter/services.html", "pages.services", "services_page.intro"),
    at.COMMITMENTS: Hub("charter/commitments.html", "pages.commitments", "commitments_page.intro"),
    at.YOUR_DATA: Hub("charter/your-data.html", "pages.your_data", "your_data.intro"),
    at.FAQ: Hub("charter/faq.html", "pages.faq", "faq_page.intro"),
    at.CONTACT: Hub("charter/contact.html", "pages.contact", "description.contact"),
    at.DEPARTMENTS: Hub("charter/departments.html", "pages.departments", "description.departments"),
    at.TOPICS: Hub("charter/topics.html", "nav.categories", "description.topics", {"kind": CATEGORY.name}),
    at.LIFE_EVENTS: Hub("charter/topics.html", "nav.life_events", "description.life_events", {"kind": LIFE_EVENT.name}),
    at.ACCESSIBILITY: Hub("charter/accessibility.html", "pages.accessibility", "accessibility.intro"),
    at.PRINTABLE: Hub("charter/printable.html", "pages.printable", "printable.intro"),
    at.PERFORMANCE: Hub("charter/performance.html", "performance.title", "performance.intro"),
    at.NOTICES: Hub("charter/notices.html", "notices.title", "notices.intro"),
    at.OPEN_DATA: Hub("charter/open-data.html", "open_data.title", "open_data.intro"),
    at.YOU_TOLD_US: Hub("charter/you-told-us.html", "pages.you_told_us", "description.you_told_us"),
}
NAVIGATION = (
    at.HOME,
    at.FOR_YOU,
    at.TOPICS,
    at.LIFE_EVENTS,
    at.SERVICES,
    at.COMMITMENTS,
    at.YOUR_DATA,
    at.FAQ,
    at.CONTACT,
    at.ACCESSIBILITY,
)
"""The hubs every page's navigation lists, in order: the same few whatever the size of the charter."""
SEARCHED_HUBS = (
    at.SERVICES,
    at.COMMITMENTS,
    at.YOUR_DATA,
    at.FAQ,
    at.CONTACT,
    at.DEPARTMENTS,
    at.TOPICS,
    at.LIFE_EVENTS,
    at.ACCESSIBILITY,
)
"""The hubs search finds by their title (the others are found through what they list, or are not for searching)."""


@dataclass(frozen=True)
class PageSpec:
    """A page to generate: where it goes, which template draws it, and what it shows."""

    path: str
    template: str
    title: Text | str
    """A charter text, or the key of an interface string."""
    context: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    description: Text | str = ""
    """What the page is about, for search engines and shared links: a charter text, or the key of an interface
    string in which `{name}` is the authority's name and `{title}` the page's title."""


def page_specs(charter: Charter) -> Iterator[PageSpec]:
    """Every generated page of a charter, the same set in every language."""
    open_data = open_data_context(charter)
    for page in pages(charter):
        if page.kind is None:
            hub = HUBS[page.path]
            extra = open_data if page.path in (at.PERFORMANCE, at.OPEN_DATA) else {}
            yield PageSpec(page.path, hub.template, hub.title, {**hub.context, **extra}, hub.description)
        else:
            yield _record_spec(charter, page.kind, page)


def _record_spec(charter: Charter, kind: Kind, page: Page) -> PageSpec:
    record: Any = page.record
    if kind is SERVICE:
        return PageSpec(page.path, "charter/service.html", record.title, {"service": record}, record.summary)
    if kind is DATA:
        return PageSpec(page.path, "charter/data-item.html", record.name, {"item": record}, record.description)
    about = record.description or f"description.{kind.name}"
    if kind is DEPARTMENT:
        return PageSpec(page.path, "charter/department.html", record.name, {"department": record}, about)
    members = (
        charter.services_in_category(record.id) if kind is CATEGORY else charter.services_for_life_event(record.id)
    )
    context = {"topic": record, "services": members, "kind": kind.name}
    return PageSpec(page.path, "charter/topic.html", record.name, context, about)


@dataclass(frozen=True)
class OpenDataFiles:
    """What the open-data page links to and tells about; paths from the site's top."""

    format_version: str
    hsds_version: str
    charter: str = open_data_file(at.CHARTER_JSON)
    schema: str = open_data_file(at.CHARTER_SCHEMA)
    commitments: str = open_data_file(at.COMMITMENTS_CSV)
    performance: str = ""
    """The performance figures' path, or empty when the charter publishes none."""
    hsds: tuple[tuple[str, str, str, str, str], ...] = ()
    """`(language, its name, its direction, services path, organization path)` for every language."""


def open_data_context(charter: Charter) -> dict[str, Any]:
    """The open-data and performance pages' template context: the open-data files and the charter's review date."""
    hsds = tuple(
        (
            lang,
            language_name(lang),
            direction(lang),
            open_data_file(hsds_file(lang)),
            open_data_file(hsds_file(lang, at.HSDS_ORGANIZATION)),
        )
        for lang in charter.site.languages
    )
    performance = open_data_file(at.PERFORMANCE_CSV) if charter.performance else ""
    files = OpenDataFiles(
        format_version=FORMAT_VERSION,
        hsds_version=HSDS_VERSION,
        performance=performance,
        hsds=hsds,
    )
    return {"files": files, "last_reviewed": charter.last_reviewed}
