"""Every address of the built site: its pages, feeds, open data, search index and host files, and links between them.

Every page exists in every language at the same path, so the language switcher and the `hreflang`
alternates can point at the same page in another language. All generated pages sit at the top of the
language's site (`<site>/<lang>/<page>.html`), which keeps links short and works from a plain folder.
Site-wide files (open data, sitemaps, host files) sit at the top of the site.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from .model.charter import Charter
from .model.kinds import BY_NAME, WITH_PAGES, Kind
from .model.schema import HOST_PATTERN, Entity

_SAFE_PATH = re.compile(r"^[A-Za-z0-9._~/-]*$")

# --- Pages ----------------------------------------------------------------------------------------

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
FOR_YOU = "for-you"
YOU_TOLD_US = "you-told-us"

HUB_PAGES = (
    HOME,
    FOR_YOU,
    SERVICES,
    COMMITMENTS,
    YOUR_DATA,
    FAQ,
    CONTACT,
    DEPARTMENTS,
    TOPICS,
    LIFE_EVENTS,
    ACCESSIBILITY,
    PRINTABLE,
    PERFORMANCE,
    NOTICES,
    OPEN_DATA,
    YOU_TOLD_US,
)
"""The pages that are not a record's own, in the order the site is built."""


def record_page(kind: str, record_id: str) -> str:
    """The page path (without extension) of a record of kind `kind`, e.g. `service-arnona-payment`."""
    return f"{BY_NAME[kind].page_prefix}{record_id}"


@dataclass(frozen=True)
class Page:
    """One page of the site: its path, and the record it shows, if it is a record's own page."""

    path: str
    kind: Kind | None = None
    record: Entity | None = None


def pages(charter: Charter) -> Iterator[Page]:
    """Every page the charter generates, the same set in every language: hubs first, then records' own pages."""
    for hub in HUB_PAGES:
        if hub == PERFORMANCE and not charter.performance:  # without figures the site makes no claim
            continue
        if hub == YOU_TOLD_US and not charter.improvements:  # nor without changes to show
            continue
        yield Page(hub)
    for kind in WITH_PAGES:
        for record in charter.sorted_records(kind):
            yield Page(record_page(kind.name, record.id), kind, record)


def page_paths(charter: Charter) -> set[str]:
    """The path of every generated page, for checking the links staff write."""
    return {page.path for page in pages(charter)}


@dataclass(frozen=True)
class Links:
    """Relative links from one page to others, so the site works in any folder and from disk."""

    current: str
    directory_urls: bool = False

    def url(self, path: str) -> str:
        """The URL of page `path` (without extension) as seen from the language's top."""
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
        return self.to(record_page(kind, record_id), anchor)

    def file(self, name: str) -> str:
        """A link from the current page to a file at the top of the language's site, e.g. `changes.xml`."""
        base = posixpath.dirname(self.url(self.current))
        return posixpath.relpath(name, base) if base else name


@dataclass(frozen=True)
class SiteAddress:
    """Where the site is published: its absolute URL (ending in `/`), or "" when it is not known."""

    url: str = ""
    directory_urls: bool = False

    @classmethod
    def checked(cls, url: str, directory_urls: bool = False) -> SiteAddress:
        """The address of a site at `url` (`site_url`), with its final slash; ValueError for one that could not
        stand in the host files' rules and headers."""
        if not url:
            return cls("", directory_urls)
        parts = urlsplit(url)
        if (
            parts.scheme not in ("https", "http")
            or not re.match(HOST_PATTERN, parts.hostname or "")
            or "@" in parts.netloc
            or parts.query
            or parts.fragment
            or not _SAFE_PATH.match(parts.path)
        ):
            raise ValueError(
                f"{url!r} is not an address a site can be published at: write it as `https://host/folder/`, "
                "with letters, digits, `-`, `_`, `.` and `/` only"
            )
        return cls(url if url.endswith("/") else url + "/", directory_urls)

    def language(self, lang: str) -> str:
        """The language's absolute URL (`https://city.example/he/`), or "" when the site's is not known."""
        return f"{self.url}{lang}/" if self.url else ""

    def page(self, lang: str, path: str) -> str:
        """A page's URL: absolute when the site's address is known, else from the site's top (`he/faq.html`)."""
        return f"{self.url}{lang}/{Links(HOME, self.directory_urls).url(path)}"

    def file(self, name: str) -> str:
        """A site-wide file's URL: absolute when the site's address is known, else `name` itself."""
        return f"{self.url}{name}"


def page_or_file_url(language_url: str, links: Links, path: str, anchor: str = "") -> str:
    """The address of page `path` in the language: absolute with a language URL, relative to `links`' page otherwise."""
    if language_url:
        return language_url + links.url(path) + (f"#{anchor}" if anchor else "")
    return links.to(path, anchor)


# --- Files of a language's site --------------------------------------------------------------------

CHANGES_FEED = "changes.xml"
NOTICES_FEED = "notices.xml"
CLOSURES_CALENDAR = "closures.ics"
"""The days the offices are closed and holiday eves, as iCalendar, in the language's words."""
NOTICES_CALENDAR = "notices.ics"
"""Every live notice as iCalendar, in the language's words; `neighbourhood_calendar` has one neighbourhood's."""


def neighbourhood_calendar(neighbourhood_id: str) -> str:
    """The calendar of the notices that concern one neighbourhood (and the whole town), e.g. `notices-north.ics`."""
    return f"notices-{neighbourhood_id}.ics"


SEARCH_FOLDER = "search"
SEARCH_MANIFEST = "search_index.json"
SEARCH_MANIFEST_SCRIPT = "search_index.js"
SITEMAP = "sitemap.xml"
SITEMAP_PAGES = "sitemap-pages.xml"
NOT_FOUND_PAGE = "404.html"
INLINE_HASHES = ".charter-inline-hashes.json"
"""A language's inline scripts and styles, for the site's Content-Security-Policy; removed once merged."""

# The charter's assets, with the theme's, are published once at the top of the site and every language links them
# there (`mkdocs_plugin.reconfigure.share_assets`): a reader who changes language has them already.
STYLESHEET = "assets/charter.css"
SEARCH_SCRIPTS = ("assets/charter-search.js", "assets/charter-search-boot.js")
SEARCH_BOOT_SCRIPT = SEARCH_SCRIPTS[1]
FEEDBACK_SCRIPT = "assets/charter-feedback.js"
"""Sends the feedback form in the background and thanks the reader in place; the form works without it."""
NOTICES_SCRIPT = "assets/charter-notices.js"
"""Hides each notice when it ends, without a rebuild; filters the notices page by neighbourhood."""
FEED_STYLESHEET = "assets/charter-feed.css"
"""Makes the Atom feeds (`notices.xml`, `changes.xml`) readable when opened in a browser."""
FEED_LINKED_STYLESHEET = f"../{FEED_STYLESHEET}"
"""The feeds' stylesheet as a language's feeds link it."""
CLOCK_SCRIPT = "assets/charter-clock.js"
"""Shows on service pages by when a request made now is due."""
FIT_SCRIPT = "assets/charter-fit.js"
"""“What applies to me”: keeps the reader's answers in their browser only, and shows what fits them on every page."""

# --- Files at the top of the site ------------------------------------------------------------------

ROOT_PAGE = "index.html"
CALENDAR_SCRIPT = "charter-calendar.js"
"""The business calendar over the coming months, which service pages load to show due dates."""
ROBOTS = "robots.txt"
REDIRECTS = "_redirects"
HEADERS = "_headers"
NGINX_HEADERS = "nginx-security-headers.conf"
CLOUDFRONT_HEADERS = "cloudfront-headers-policy.json"

OPEN_DATA_FOLDER = "open-data"
CHARTER_JSON = "charter.json"
CHARTER_SCHEMA = "charter.schema.json"
CALENDAR_JSON = "calendar.json"
CALENDAR_SCHEMA = "calendar.schema.json"
COMMITMENTS_CSV = "commitments.csv"
PERFORMANCE_CSV = "performance.csv"
HSDS_SERVICES = "services.json"
HSDS_ORGANIZATION = "organization.json"


def hsds_file(lang: str, name: str = HSDS_SERVICES) -> str:
    """An HSDS file of one language, inside the open-data folder."""
    return f"hsds/{lang}/{name}"


def open_data_file(name: str) -> str:
    """An open-data file's path from the site's top, e.g. `open-data/charter.json`."""
    return f"{OPEN_DATA_FOLDER}/{name}"
