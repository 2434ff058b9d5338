"""The Atom feed of changes to the charter, one per language (`<lang>/changes.xml`), from its git history.

One entry per commit, newest first: its subject as staff wrote it, and the pages it updated, titled in the
feed's language, with the parts of each service page it changed. A charter without history (see
`history.py`) has no feed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .catalog import Charter
from .feeds import FeedEntry, atom_feed, feed_link, tag_uri
from .i18n import Localizer
from .notices import TAG_DATE, domain
from .pages import CONTACT, FAQ, HOME, SERVICES, Links, PageSpec, path_of
from .render import make_environment
from .schema import Service, Text

FEED_FILE = "changes.xml"
ENTRY_TEMPLATE = "charter/change-entry.html"
_PAGE_KINDS = {
    "services": "service",
    "data": "data",
    "departments": "department",
    "categories": "category",
    "life-events": "life_event",
}
"""Folders whose records have a page of their own, and the kind of page."""
FOLLOWED = (*_PAGE_KINDS, "faqs", "channels")
"""The folders whose changes the feed follows (with `site.yml`), in the order an entry lists them: services first.

Notices have their own feed; measured performance is data, not a promise."""
_ORDER = [*FOLLOWED, "site"]


@dataclass(frozen=True)
class ChangedPage:
    """A page a change updated: its title in a charter text or an interface string's key, its URL, and the
    record shown on it (`services/arnona-payment`), whose changed parts an entry names."""

    title: Text | str
    url: str
    key: str


def write_change_feed(
    charter: Charter,
    localizer: Localizer,
    site_dir: Path,
    *,
    site_url: str = "",
    directory_urls: bool = False,
    override_dirs: Sequence[Path] = (),
) -> bool:
    """Write the language's feed into its site folder; False (and no file) when there is no history.

    `site_url` is the language's absolute address (`https://…/he/`), or empty to keep every link relative.
    """
    history = charter.history
    if not history:
        return False
    L, links = localizer, Links(HOME, directory_urls)
    template = make_environment(override_dirs).get_template(ENTRY_TEMPLATE)
    authority = domain(charter)
    entries = []
    for change in history.latest:
        keys = sorted(change.records, key=lambda key: (_ORDER.index(key.partition("/")[0]), key))
        pages = [page for key in keys if (page := _page(charter, key, links)) is not None]
        removed = [key for key in change.records if key.startswith("services/") and key not in charter.sources]
        content = template.render(L=L, change=change, pages=pages, removed=len(removed))
        entries.append(
            FeedEntry(
                id=f"{site_url}{FEED_FILE}#{change.commit}"
                if site_url
                else tag_uri(authority, TAG_DATE, f"changes/{L.lang}/{change.commit}"),
                title=change.subject or change.short,
                updated=change.when,
                link=pages[0].url if pages else links.url(SERVICES),
                content_html=content.strip(),
            )
        )
    name = L.plain(charter.site.name)
    document = atom_feed(
        feed_id=f"{site_url}{FEED_FILE}" if site_url else tag_uri(authority, TAG_DATE, f"changes/{L.lang}"),
        title=str(L.ui("changes.feed_title", name=name)),
        subtitle=str(L.ui("changes.feed_subtitle")),
        language=L.lang,
        updated=history.latest[0].when,
        self_href=f"{site_url}{FEED_FILE}" if site_url else FEED_FILE,
        alternate_href=f"{site_url}{links.url(SERVICES)}" if site_url else links.url(SERVICES),
        entries=entries,
        base=site_url or None,
        author=name,
    )
    (site_dir / FEED_FILE).write_bytes(document)
    return True


def with_changes_feed_link(html: str, spec: PageSpec, charter: Charter, L: Localizer, directory_urls: bool) -> str:
    """Service pages and the list of services point feed readers at the changes feed, when there is one."""
    if not charter.history or (spec.path != SERVICES and spec.template != "charter/service.html"):
        return html
    link = feed_link(Links(spec.path, directory_urls).file(FEED_FILE), L.ui("changes.follow"))
    return html.replace("</head>", f"{link}\n</head>", 1)


def _page(charter: Charter, key: str, links: Links) -> ChangedPage | None:
    """The page showing record `key` today, or None when the record is gone or has no page of its own."""
    if key not in charter.sources:
        return None
    folder, _, record_id = key.partition("/")
    if folder in _PAGE_KINDS:
        record = charter.folders()[folder][record_id]
        title = record.title if isinstance(record, Service) else record.name
        return ChangedPage(title, links.url(path_of(_PAGE_KINDS[folder], record_id)), key)
    if folder == "faqs":
        return ChangedPage(charter.faqs[record_id].question, f"{links.url(FAQ)}#faq-{record_id}", key)
    if folder == "channels":
        return ChangedPage(charter.channels[record_id].name, f"{links.url(CONTACT)}#channel-{record_id}", key)
    if folder == "site":
        return ChangedPage("changes.site_record", links.url(HOME) or "./", key)
    return None
