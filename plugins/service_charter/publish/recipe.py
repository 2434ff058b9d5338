"""The site's recipe: which files a built site holds, and who writes each; any front end follows it.

A site is one folder per language plus a few files at the top:

- `<lang>/`: the pages (drawn by `LanguageSite.render`, wrapped in the theme by the front end and
  finished by `LanguageSite.finish_page`), then `write_language`: the search index, the feeds of
  changes and notices with their stylesheet for browsers, the calendars of notices (`notices.ics`, one per
  neighbourhood) and of days the offices close (`closures.ics`), the sitemap's index;
- `open-data/`, the business calendar that service pages load (`charter-calendar.js`) and the feeds' stylesheet:
  `write_shared_files`, which needs no page, so a front end may run it while the languages build;
- `assets/`: the theme's files and the charter's stylesheet, scripts and logo, one copy that every language's pages
  link (a front end publishes them there, as MkDocs' adapter does in `mkdocs_plugin.reconfigure.share_assets`);
- the top: `write_site`, once every language is built: the page that leads to the default
  language, the top 404 page, sitemaps with language alternates, `robots.txt`, `_redirects`, and
  the security headers for every host, with a policy that allows exactly the inline scripts the
  pages carry.

The MkDocs adapter follows this recipe inside MkDocs' events; a test follows it with no front end.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from ..addresses import (
    CALENDAR_SCRIPT,
    HOME,
    INLINE_HASHES,
    NOT_FOUND_PAGE,
    PRINTABLE,
    ROOT_PAGE,
    SiteAddress,
)
from ..i18n import Localizer, direction
from ..model.charter import Charter
from ..pages.feedback import feedback_form
from ..pages.frame import Frame, Frames, absolute_urls, page_frame
from ..pages.render import RenderedPage, Renderer, first_paragraph, make_environment, shortened
from ..pages.root import root_page
from ..pages.specs import PageSpec, page_specs
from ..richtext import inert_json
from ..search.index import Entry, build_index, charter_entries, page_entry, write_index
from .atom import write_feed_stylesheet
from .change_feed import with_changes_feed_link, write_change_feed
from .closures_calendar import write_closures_calendar
from .notices_calendar import write_notices_calendars
from .notices_feed import with_notices_feed_link, write_notices_feed
from .open_data import write_open_data
from .security_headers import (
    InlineHashes,
    content_security_policy,
    merge_language_hashes,
    with_policy_meta,
    write_security_headers,
)
from .site_files import write_site_files
from .sitemap import index_sitemap, last_changes, with_x_default
from .whitespace import without_indentation


@dataclass(frozen=True)
class SiteOptions:
    """How the site is published, as the front end knows it."""

    address: SiteAddress = field(default_factory=SiteAddress)
    override_dirs: tuple[Path, ...] = ()
    """Folders whose `charter/*.html` templates replace the package's own (the theme's `custom_dir`)."""
    policy_in_pages: bool = False
    """Whether every page carries its Content-Security-Policy in a `<meta>`, for hosts that send no headers."""


def form_targets(charter: Charter) -> list[str]:
    """The addresses outside the site that its pages send to: the feedback endpoint, when there is one."""
    feedback = charter.site.feedback
    return [feedback.url] if feedback is not None else []


@dataclass
class LanguageSite:
    """One language's site while it is built: its pages, and what it gathers from them for its own files."""

    charter: Charter
    lang: str
    options: SiteOptions = field(default_factory=SiteOptions)
    hand_written: list[Entry] = field(default_factory=list)
    """The pages the front end brought (hand-written Markdown), for the search index."""
    inline_hashes: InlineHashes = field(default_factory=InlineHashes)
    """The inline scripts and styles of this language's pages, for the Content-Security-Policy."""

    def __post_init__(self) -> None:
        self.L = Localizer.of(self.charter.site, self.lang)
        self.language_url = self.options.address.language(self.lang)
        self.environment = make_environment(self.options.override_dirs)
        self.renderer = Renderer(
            self.charter, self.L, self.environment, self.options.address.directory_urls, self.language_url
        )
        self.frames = Frames(self.environment, self.charter, self.L, self.options.address.directory_urls)
        self.specs: dict[str, PageSpec] = {spec.path: spec for spec in page_specs(self.charter)}
        """Every generated page, by path: the same set in every language."""

    def render(self, path: str) -> RenderedPage:
        """The content of generated page `path` in this language, with its feedback form when site.yml asks."""
        rendered = self.renderer.render(self.specs[path])
        return RenderedPage(
            rendered.title, rendered.html + self.feedback(path), rendered.headings, rendered.description
        )

    def feedback(self, path: str) -> str:
        """The "Was this page helpful?" form of page `path`, when site.yml sets `feedback`.

        Never on the printable charter."""
        feedback = self.charter.site.feedback
        if feedback is None or path == PRINTABLE:
            return ""
        return feedback_form(self.environment, self.L, feedback, path)

    def frame(self, path: str) -> Frame:
        """The top and bottom of page `path` (generated or hand-written, without extension) in this language."""
        return self.frames.of_page(path)

    def not_found_frame(self, base: str) -> Frame:
        """The top and bottom of the 404 page, served at any depth: links from `base` (`/`, or the site's address)."""
        urls = absolute_urls(f"{base}{self.lang}/", self.options.address.directory_urls)
        return page_frame(self.environment, self.charter, self.L, urls, f"page {NOT_FOUND_PAGE} [{self.lang}]")

    def borrowed_page(self, path: str, html: str) -> str:
        """A hand-written page `path` that this language lacks: the default language's version, introduced."""
        default = self.charter.site.default_language
        wrapped = Markup('<div lang="{}" dir="{}" class="charter-fallback">{}</div>').format(
            default, direction(default), Markup(html)
        )
        return str(Markup(self.renderer.fallback_note(path)) + wrapped)  # the template escaped every value

    @property
    def site_description(self) -> str:
        """What the site is about, in this language: the home page's description."""
        home = self.specs[HOME]
        return self.renderer.description(home, self.renderer.title(home))

    def hand_written_description(self, front_matter: object, html: str) -> str:
        """A hand-written page's description: the `description` of its front matter, else the words of its first
        paragraph, shortened, else the site's."""
        if isinstance(front_matter, str) and front_matter.strip():
            return " ".join(front_matter.split())
        return shortened(first_paragraph(html)) or self.site_description

    def add_hand_written(self, url: str, title: str, html: str, lang: str) -> None:
        """A hand-written page, in `lang` (the default language's when it has no version in this one)."""
        self.hand_written.append(page_entry(url, title, html, lang))

    def finish_page(self, html: str, path: str | None) -> str:
        """A whole page as the front end wrote it, with the charter's feed links (`path` of a generated page)
        and its policy, without the templates' indentation; its inline scripts are noted for the site's policy."""
        html = without_indentation(html)
        if path is not None:
            directory_urls = self.options.address.directory_urls
            html = with_changes_feed_link(html, path, self.charter, self.L, directory_urls)
            html = with_notices_feed_link(html, path, self.L, directory_urls)
        html = with_x_default(html, self.charter.site.default_language)
        hashes = self.inline_hashes.collect(html)
        if not self.options.policy_in_pages:
            return html
        return with_policy_meta(html, content_security_policy(hashes, form_targets=form_targets(self.charter)))


def write_language(site: LanguageSite, folder: Path) -> None:
    """Write the language's own files beside its pages in `folder`, once every page is written."""
    charter, L, options = site.charter, site.L, site.options
    directory_urls = options.address.directory_urls
    entries = [*charter_entries(charter, L, directory_urls), *site.hand_written]
    write_index(folder, *build_index(entries, site.lang, charter.site.default_language, charter.vocabulary))
    index_sitemap(folder, site.language_url)
    write_change_feed(
        charter,
        L,
        folder,
        language_url=site.language_url,
        directory_urls=directory_urls,
        override_dirs=options.override_dirs,
    )
    write_notices_feed(charter, L, folder, language_url=site.language_url, directory_urls=directory_urls)
    write_notices_calendars(charter, L, folder, options.address)
    if charter.working_calendar is not None:
        write_closures_calendar(charter, L, folder, options.address)
    site.inline_hashes.save(folder / INLINE_HASHES)  # merged by `write_site`


def write_shared_files(charter: Charter, root: Path, options: SiteOptions) -> None:
    """Write the files every language shares (the open data, the business calendar, the feeds' stylesheet), which need
    no page."""
    write_open_data(charter, root, options.address)
    write_feed_stylesheet(root)
    if charter.working_calendar is not None:
        data = inert_json(charter.working_calendar.as_data())
        (root / CALENDAR_SCRIPT).write_text(f"window.charterCalendar = {data};\n", encoding="utf-8")


def write_site(charter: Charter, root: Path, languages: list[str], options: SiteOptions) -> None:
    """Write the top of the site, once every language is built into `root/<lang>/`."""
    default = charter.site.default_language
    directory_urls = options.address.directory_urls
    environment = make_environment(options.override_dirs)
    (root / ROOT_PAGE).write_text(root_page(charter, environment, languages, options.address), encoding="utf-8")
    not_found = root / default / NOT_FOUND_PAGE
    if not_found.is_file():  # static hosts serve the top 404.html for any missing address
        shutil.copyfile(not_found, root / NOT_FOUND_PAGE)
    write_site_files(root, options.address.url, languages, default, last_changes(charter, directory_urls))
    hashes = InlineHashes()
    merge_language_hashes(root, languages, hashes)
    write_security_headers(
        root,
        hashes,
        languages,
        form_targets=form_targets(charter),
        site_url=options.address.url,
        policy_in_pages=options.policy_in_pages,
    )
