"""The kinds of record a charter holds: one registry, read by every stage that lists, loads or links records.

A kind says where staff keep its files, which model validates them, where its page lives (if it has
one of its own), which JSON Schema describes its files, which scaffold `charter new` writes, and how
staff messages name it. Adding a kind of record starts here.
"""

from __future__ import annotations

from dataclasses import dataclass

from .schema import Body, Channel, DataItem, Department, Entity, FaqEntry, Improvement, Notice, Service, Topic

SITE_FILE = "site.yml"
"""The file that holds the municipality and the charter as a whole, at the top of the charter folder."""
SITE = "site"
"""The record key of `site.yml` (records of a kind are keyed `<folder>/<id>`)."""
VOCABULARY_FILE = "vocabulary.yml"
"""The words residents search with, for the whole site, beside `site.yml` (optional)."""
VOCABULARY = "vocabulary"
"""The record key of `vocabulary.yml`."""
TOP_FILES = (SITE_FILE, VOCABULARY_FILE)
"""The files at the top of the charter folder; every other file is a record in its kind's folder."""
YAML_SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class Kind:
    """One kind of record."""

    name: str
    """The kind as code and templates name it, e.g. `life_event` (`link.record('life_event', id)`)."""
    folder: str
    """The folder of its files in the charter, e.g. `life-events`; also the start of its record keys."""
    model: type[Entity]
    attribute: str
    """The `Charter` attribute holding its records by id, e.g. `life_events`."""
    noun: str
    """How messages to staff name one record, e.g. `life event`."""
    schema: str
    """The name of the JSON Schema of its files in `schema/`, without `.schema.json`."""
    page_prefix: str | None = None
    """Its records' pages are `<prefix><id>`; None when a record has no page of its own."""
    scaffold: str | None = None
    """What `charter new` calls it, when staff can start a record from a scaffold."""
    followed: bool = True
    """Whether pages show its changes from git (notices are news themselves: they have a feed of their own)."""

    def key(self, record_id: str) -> str:
        """The record key of one record, e.g. `services/arnona-payment`."""
        return f"{self.folder}/{record_id}"


CHANNEL = Kind("channel", "channels", Channel, "channels", "channel", "channel", scaffold="channel")
DEPARTMENT = Kind(
    "department", "departments", Department, "departments", "department", "department", "department-", "department"
)
CATEGORY = Kind("category", "categories", Topic, "categories", "category", "topic", "category-", "category")
LIFE_EVENT = Kind("life_event", "life-events", Topic, "life_events", "life event", "topic", "life-event-", "life-event")
DATA = Kind("data", "data", DataItem, "data_items", "data item", "data-item", "data-", scaffold="data")
SERVICE = Kind("service", "services", Service, "services", "service", "service", "service-", scaffold="service")
FAQ = Kind("faq", "faqs", FaqEntry, "faqs", "question", "faq", scaffold="faq")
NOTICE = Kind("notice", "notices", Notice, "notices", "notice", "notice", scaffold="notice", followed=False)
BODY = Kind("body", "bodies", Body, "bodies", "other body", "body", scaffold="body")
IMPROVEMENT = Kind(
    "improvement", "improvements", Improvement, "improvements", "improvement", "improvement", scaffold="improvement"
)

KINDS: tuple[Kind, ...] = (SERVICE, DATA, DEPARTMENT, CATEGORY, LIFE_EVENT, FAQ, CHANNEL, NOTICE, BODY, IMPROVEMENT)
"""Every kind, services first: the order pages are made in and changes list the records they touched."""
BY_NAME = {kind.name: kind for kind in KINDS}
BY_FOLDER = {kind.folder: kind for kind in KINDS}
WITH_PAGES = tuple(kind for kind in KINDS if kind.page_prefix)
SCAFFOLDS = {kind.scaffold: kind for kind in KINDS if kind.scaffold}
FOLLOWED = tuple(kind.folder for kind in KINDS if kind.followed)
"""The folders whose changes from git pages show (with `site.yml`)."""
