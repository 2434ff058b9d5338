"""Which pages a charter has, where they live, and how one page links to another.

Every page exists in every language at the same path, so the language switcher and the
`hreflang` alternates can point at the same page in another language. All generated pages sit
at the top of the language's site, which keeps links short and works from a plain folder.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .catalog import Charter
from .schema import Text

HOME = "index"
SERVICES = "services"
COMMITMENTS = "commitments"
YOUR_DATA = "your-data"
FAQ = "faq"
CONTACT = "contact"
DEPARTMENTS = "departments"
TOPICS = "topics"
LIFE_EVENTS = "life-events"
ACCESSIBILITY = "accessibility"
PRINTABLE = "printable-charter"
PERFORMANCE = "performance"
NOTICES = "notices"
OPEN_DATA = "open-data"

PREFIX = {
    "service": "service-",
    "data": "data-",
    "department": "department-",
    "category": "category-",
    "life_event": "life-event-",
}


def path_of(kind: str, record_id: str) -> str:
    """The page path (without extension) of a record, e.g. `service-arnona-payment`."""
    return PREFIX[kind] + record_id


@dataclass(frozen=True)
class PageSpec:
    """A page to generate: where it goes, which template draws it, and what it shows."""

    path: str
    template: str
    title: Text | str
    """A charter text, or the key of an interface string."""
    context: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


def page_specs(charter: Charter) -> Iterator[PageSpec]:
    """Every generated page of a charter, the same set in every language."""
    from .open_data import open_data_context  # the export links to the pages, so it imports this module

    open_data = open_data_context(charter)
    yield PageSpec(HOME, "charter/home.html", "pages.home")
    yield PageSpec(SERVICES, "charter/services.html", "pages.services")
    yield PageSpec(COMMITMENTS, "charter/commitments.html", "pages.commitments")
    yield PageSpec(YOUR_DATA, "charter/your-data.html", "pages.your_data")
    yield PageSpec(FAQ, "charter/faq.html", "pages.faq")
    yield PageSpec(CONTACT, "charter/contact.html", "pages.contact")
    yield PageSpec(DEPARTMENTS, "charter/departments.html", "pages.departments")
    yield PageSpec(TOPICS, "charter/topics.html", "nav.categories", {"kind": "category"})
    yield PageSpec(LIFE_EVENTS, "charter/topics.html", "nav.life_events", {"kind": "life_event"})
    yield PageSpec(ACCESSIBILITY, "charter/accessibility.html", "pages.accessibility")
    yield PageSpec(PRINTABLE, "charter/printable.html", "pages.printable")
    if charter.performance:  # without figures the site makes no claim
        yield PageSpec(PERFORMANCE, "charter/performance.html", "performance.title", open_data)
    yield PageSpec(NOTICES, "charter/notices.html", "notices.title")
    yield PageSpec(OPEN_DATA, "charter/open-data.html", "open_data.title", open_data)
    for service in charter.services.values():
        yield PageSpec(
            path_of("service", service.id),
            "charter/service.html",
            service.title,
            {"service": service},
        )
    for item in charter.data_items.values():
        yield PageSpec(path_of("data", item.id), "charter/data-item.html", item.name, {"item": item})
    for department in charter.departments.values():
        yield PageSpec(
            path_of("department", department.id),
            "charter/department.html",
            department.name,
            {"department": department},
        )
    for topic in charter.sorted_categories:
        yield PageSpec(
            path_of("category", topic.id),
            "charter/topic.html",
            topic.name,
            {"topic": topic, "services": charter.services_in_category(topic.id), "kind": "category"},
        )
    for topic in charter.sorted_life_events:
        yield PageSpec(
            path_of("life_event", topic.id),
            "charter/topic.html",
            topic.name,
            {"topic": topic, "services": charter.services_for_life_event(topic.id), "kind": "life_event"},
        )


@dataclass(frozen=True)
class Links:
    """Relative links from one page to others, so the site works in any folder and from disk."""

    current: str
    directory_urls: bool = False

    def url(self, path: str) -> str:
        """The URL of page `path` (without extension) as seen from the site's top."""
        if self.directory_urls:
            return "" if path == HOME else f"{path}/"
        return f"{path}.html"

    def to(self, path: str, anchor: str = "") -> str:
        """A link from the current page to page `path`."""
        target, here = self.url(path), self.url(self.current)
        base = posixpath.dirname(here)
        if base or not target:
            relative = posixpath.relpath(target or ".", base or ".")
            if target.endswith("/") or not target:
                relative = relative.rstrip("/") + "/"
        else:  # from a page at the top (every page, with flat URLs): the target's own URL
            relative = target
        return relative + (f"#{anchor}" if anchor else "")

    def record(self, kind: str, record_id: str, anchor: str = "") -> str:
        return self.to(path_of(kind, record_id), anchor)

    def file(self, name: str) -> str:
        """A link from the current page to a file at the top of the language's site, e.g. `changes.xml`."""
        base = posixpath.dirname(self.url(self.current))
        return posixpath.relpath(name, base) if base else name
