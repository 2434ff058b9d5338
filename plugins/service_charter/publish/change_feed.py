"""The Atom feed of changes to the charter, one per language (`<lang>/changes.xml`), from its git history.

One entry per commit, newest first: titled by its note for residents or by the pages it updated (see
`entry_title`), with the note and the pages, titled in the feed's language, with the parts of each service page it
changed. The commit's own words and its id are never shown. A charter without history (see `load.git_history`) has
no feed. Each entry's summary says the same in plain words, dated, for a person who opens the feed in a browser,
where it is styled and says what it is and how to follow it (`atom.FeedPage`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..addresses import CHANGES_FEED, CONTACT, FAQ, FEED_LINKED_STYLESHEET, HOME, SERVICES, Links, record_page
from ..i18n import Localizer
from ..model.charter import Charter
from ..model.history import Change
from ..model.kinds import BY_FOLDER, CHANNEL, KINDS, SERVICE, SITE
from ..model.kinds import FAQ as FAQ_KIND
from ..model.schema import Service, Text
from ..pages.render import make_environment, render_template
from ..richtext import plain_text
from .atom import FeedEntry, FeedPage, PageLink, atom_feed, feed_link, tag_uri
from .notices_feed import TAG_DATE, domain, words

ENTRY_TEMPLATE = "charter/change-entry.html"
_ORDER = [*(kind.folder for kind in KINDS if kind.followed), SITE]
"""The order in which an entry lists the records a change touched: services first, the site's settings last."""


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
    language_url: str = "",
    directory_urls: bool = False,
    override_dirs: Sequence[Path] = (),
) -> bool:
    """Write the language's feed into its site folder; False (and no file) when there is no history.

    `language_url` is the language's absolute address (`https://…/he/`), or empty to keep every link relative.
    """
    history = charter.history
    if not history:
        return False
    L, links = localizer, Links(HOME, directory_urls)
    environment = make_environment(override_dirs)
    authority = domain(charter)
    entries = []
    for change in history.latest:
        keys = sorted(change.records, key=lambda key: (_ORDER.index(key.partition("/")[0]), key))
        pages = [page for key in keys if (page := _page(charter, key, links)) is not None]
        removed = [key for key in change.records if key.startswith(SERVICE.key("")) and key not in charter.sources]
        where = f"{CHANGES_FEED} [{L.lang}], change {change.commit[:7]}"
        content = render_template(
            environment, ENTRY_TEMPLATE, where, L=L, change=change, pages=pages, removed=len(removed)
        )
        entries.append(
            FeedEntry(
                id=f"{language_url}{CHANGES_FEED}#change-{change.id}"
                if language_url
                else tag_uri(authority, TAG_DATE, f"changes/{L.lang}/{change.id}"),
                title=entry_title(L, change, pages, len(removed)),
                updated=change.when,
                link=pages[0].url if pages else links.url(SERVICES),
                summary=f"{L.date(change.when.date())}: {plain_text(content)}",
                content_html=content.strip(),
            )
        )
    name = L.plain(charter.site.name)
    document = atom_feed(
        feed_id=f"{language_url}{CHANGES_FEED}" if language_url else tag_uri(authority, TAG_DATE, f"changes/{L.lang}"),
        title=words(L.ui("changes.feed_title", name=name)),
        subtitle=words(L.ui("changes.feed_subtitle")),
        language=L.lang,
        updated=history.latest[0].when,
        self_href=f"{language_url}{CHANGES_FEED}" if language_url else CHANGES_FEED,
        alternate_href=f"{language_url}{links.url(SERVICES)}" if language_url else links.url(SERVICES),
        entries=entries,
        base=language_url or None,
        author=name,
        stylesheet=FEED_LINKED_STYLESHEET,
        page=FeedPage(
            paragraphs=[words(L.ui("follow.feed_page.what_changes", name=name)), words(L.ui("follow.feed_page.how"))],
            links=[PageLink(links.url(SERVICES), words(L.ui("follow.feed_page.back_services")))],
            direction=L.dir,
            address=f"{language_url}{CHANGES_FEED}" if language_url else "",
            address_label=words(L.ui("follow.feed_page.address")),
        ),
    )
    (site_dir / CHANGES_FEED).write_bytes(document)
    return True


def entry_title(L: Localizer, change: Change, pages: Sequence[ChangedPage], removed: int) -> str:
    """An entry's title, plain text in the feed's language: what a resident scanning a feed reader's list needs
    to decide whether to open it.

    The change's note, when staff wrote one in this language: it says what changed for residents. Otherwise (no
    note, or a note in other languages, which the content shows, marked, when one is the default) the pages it
    updated, by the title of the first and a count of the others: a reader can tell at a glance whether it
    concerns a service they use, in words they can read. Failing that, the services it removed; failing that,
    that the charter changed. The commit's own subject, written for staff, never is.
    """
    if change.note is not None and (note := change.note.get(L.lang)):
        return note
    if pages:
        first = L.ui(pages[0].title) if isinstance(pages[0].title, str) else L.plain(pages[0].title)
        others = len(pages) - 1
        title = L.plural("changes.updated_more", others, page=first) if others else L.ui("changes.updated", page=first)
    elif removed:
        title = L.ui("changes.removed", n=removed)
    else:
        title = L.ui("changes.updated_charter")
    return title.unescape()


def with_changes_feed_link(html: str, path: str, charter: Charter, L: Localizer, directory_urls: bool) -> str:
    """Service pages and the list of services point feed readers at the changes feed, when there is one."""
    if not charter.history or not (path == SERVICES or path.startswith(SERVICE.page_prefix or "")):
        return html
    link = feed_link(Links(path, directory_urls).file(CHANGES_FEED), L.ui("changes.follow"))
    return html.replace("</head>", f"{link}\n</head>", 1)


def _page(charter: Charter, key: str, links: Links) -> ChangedPage | None:
    """The page showing record `key` today, or None when the record is gone or has no page of its own."""
    if key not in charter.sources:
        return None
    folder, _, record_id = key.partition("/")
    if folder == SITE:
        return ChangedPage("changes.site_record", links.url(HOME) or "./", key)
    kind = BY_FOLDER[folder]
    record: Any = charter.of_kind(kind)[record_id]
    if kind.page_prefix:
        title = record.title if isinstance(record, Service) else record.name
        return ChangedPage(title, links.url(record_page(kind.name, record_id)), key)
    if kind is FAQ_KIND:
        return ChangedPage(record.question, f"{links.url(FAQ)}#faq-{record_id}", key)
    if kind is CHANNEL:
        return ChangedPage(record.name, f"{links.url(CONTACT)}#channel-{record_id}", key)
    return None
