"""The MkDocs adapter: turns MkDocs events into calls to the charter core, and nothing more.

One MkDocs build runs per language. The build MkDocs starts is the default language's; it loads
the charter once and starts the other languages' builds, with their own theme language, direction,
navigation and search index, each into `<site_dir>/<lang>/`. They run in worker processes beside
it when the machine has more than one core (`jobs`), one after another otherwise. When all are
done, it writes a root page that leads to the default language and publishes the whole site.
"""

from __future__ import annotations

import logging
import os
import pickle
import re
import traceback
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import jinja2.bccache
import mkdocs
import yaml
from markupsafe import escape
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import config_options as c
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError, PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import CountHandler, normalize_url

from .catalog import Charter
from .change_feed import FOLLOWED, with_changes_feed_link, write_change_feed
from .feedback import SCRIPT as FEEDBACK_SCRIPT
from .feedback import feedback_form
from .history import read_history
from .i18n import Localizer, available_languages, direction, find_fallbacks, language_name
from .loader import STALE_AFTER_DAYS, load_charter
from .not_found import not_found_page
from .notices import SCRIPT as NOTICES_SCRIPT
from .notices import with_notices_feed_link, write_notices_feed
from .open_data import write_open_data
from .pages import HOME, LIFE_EVENTS, PRINTABLE, TOPICS, PageSpec, page_specs
from .parallel import Job, available_cores, start, submit
from .problems import CharterError, Severity
from .render import Renderer, make_environment
from .search_index import Entry, build_index, charter_entries, page_entry, write_index
from .security_headers import (
    HASHES_FILE,
    InlineHashes,
    content_security_policy,
    merge_language_hashes,
    with_policy_meta,
    write_security_headers,
)
from .site_files import write_site_files
from .site_root import discard, publish, staging_folder, write_root
from .sitemap import index_sitemap

log = get_plugin_logger(__name__)

PACKAGE = resources.files("service_charter")
STYLESHEET = "assets/charter.css"
SEARCH_SCRIPTS = ("assets/charter-search.js", "assets/charter-search-boot.js")
THEME_OVERRIDES = str(PACKAGE / "templates" / "theme")
"""The theme templates the charter replaces: its 404 page."""
THEME_SCRIPT = re.compile(r'<script src="([^"]*)assets/javascripts/bundle\.')
THEME_SEARCH = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
"""The theme's own search engine and its language files, which the charter's search replaces."""


class CharterPluginConfig(Config):
    charter_dir = c.Dir(exists=True, default="charter")
    """The folder holding the charter's YAML files."""
    languages = c.Optional(c.ListOfItems(c.Type(str)))
    """Build only these languages (for a quicker preview); by default every language in site.yml."""
    stale_after_days = c.Type(int, default=STALE_AFTER_DAYS)
    """A service page not reviewed for this many days is listed in the stale-content report."""
    jobs = c.Optional(c.Type(int))
    """How many languages to build at once; by default one per core. `1` builds them one after another."""
    csp_meta = c.Type(bool, default=False)
    """Also put the Content-Security-Policy in every page, for hosts that cannot send headers (GitHub, GitLab Pages)."""


@dataclass
class _Run:
    """What the default-language build hands to the builds of the other languages (in other processes too)."""

    charter: Charter
    root_site_dir: str
    """Where this run builds every language: a staging folder beside the real site folder."""
    target_site_dir: str
    """The real site folder, replaced by the staging folder only when every language has built."""
    root_site_url: str
    docs_root: str
    languages: list[str]
    policy_in_pages: bool = False
    """Whether pages carry their Content-Security-Policy (`csp_meta`), never in `mkdocs serve`'s live-reloading ones."""


@dataclass
class _Others:
    """The default-language build's view of the other languages' builds."""

    warnings: CountHandler
    """Counts warnings from every language, for strict mode."""
    pending: dict[str, Job] = field(default_factory=dict)
    """Builds running in worker processes, by language; they answer None or what went wrong."""


class CharterPlugin(BasePlugin[CharterPluginConfig]):
    """Generates the charter's pages, one MkDocs build per language."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.run: _Run | None = None
        self.others: _Others | None = None
        self.lang = ""
        self.specs: dict[str, PageSpec] = {}
        self.generated: set[str] = set()
        self.fallback_pages: set[str] = set()
        self.renderer: Renderer | None = None
        self.page_entries: list[Entry] = []
        self.inline_hashes = InlineHashes()
        """The inline scripts and styles of this language's pages, for the Content-Security-Policy."""

    # --- Configuration ---

    @event_priority(100)  # before the theme's search plugin reads the language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.run is None:
            self._start_workers(config)
            self.run = self._start_run(config)
            self.lang = self.run.charter.site.default_language
            self._start_other_languages(config)
        charter, run = self.run.charter, self.run
        _skip_theme_search_index(config)
        localizer = Localizer(self.lang, charter.site.default_language)

        config.site_dir = os.path.join(run.root_site_dir, self.lang)
        if run.root_site_url:
            config.site_url = f"{run.root_site_url}{self.lang}/"
        localized_docs = os.path.join(run.docs_root, self.lang)
        default_docs = os.path.join(run.docs_root, charter.site.default_language)
        config.docs_dir = localized_docs if os.path.isdir(localized_docs) else default_docs
        # The theme's templates do not escape: every charter text handed to them is escaped here.
        config.site_name = escape(localizer.plain(charter.site.name))
        config.theme["language"] = self.lang
        config.theme["direction"] = direction(self.lang)
        config.theme["font"] = False  # fonts from another host would leak every visit
        if charter.site.logo:
            config.theme["logo"] = charter.site.logo
            config.theme["favicon"] = charter.site.logo
        config.extra_css.append(STYLESHEET)
        if charter.site.feedback is not None:
            config.extra_javascript.append(FEEDBACK_SCRIPT)
        if charter.live_notices:  # hides each notice when it ends, without a rebuild
            config.extra_javascript.append(NOTICES_SCRIPT)
        if THEME_OVERRIDES not in config.theme.dirs:  # the charter's 404 page, below a site's own custom_dir
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, THEME_OVERRIDES)
        config.extra["alternate"] = []
        self.specs = {f"{spec.path}.md": spec for spec in page_specs(charter)}
        config.nav = self._navigation(localizer, [config.docs_dir, default_docs])

        overrides = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        self.renderer = Renderer(
            charter,
            localizer,
            make_environment(overrides),
            config.use_directory_urls,
            site_url=f"{run.root_site_url}{self.lang}/" if run.root_site_url else "",
        )
        self._report_fallbacks(charter)
        return config

    def _start_run(self, config: MkDocsConfig) -> _Run:
        try:
            charter = load_charter(Path(self.config.charter_dir), stale_after_days=self.config.stale_after_days)
        except CharterError as exc:
            raise PluginError(exc.report()) from None
        for problem in charter.problems:
            (log.warning if problem.severity is Severity.warning else log.info)(problem.format())
        # Once: the other languages' builds get a copy.
        charter.history = read_history(charter.root, FOLLOWED, charter.site.timezone)
        if charter.history.note:
            log.info(charter.history.note)
        site = charter.site
        unknown = sorted(set(self.config.languages or []) - set(site.languages))
        if unknown:
            raise PluginError(
                f"mkdocs.yml: plugins.charter.languages lists {', '.join(unknown)}, "
                f"which charter/site.yml does not publish ({', '.join(site.languages)})"
            )
        languages = [lang for lang in site.languages if lang in (self.config.languages or site.languages)]
        missing = [lang for lang in languages if lang not in available_languages()]
        if missing:
            raise PluginError(f"no interface strings for {', '.join(missing)}; add service_charter/locales/<lang>.yml")
        if site.default_language not in languages:
            languages.insert(0, site.default_language)
        root_url = config.site_url or ""
        staging = staging_folder(Path(config.site_dir))
        discard(staging)  # left over from an interrupted build
        warnings = CountHandler()
        warnings.setLevel(logging.WARNING)
        logging.getLogger("mkdocs").addHandler(warnings)
        self.others = _Others(warnings)
        return _Run(
            charter=charter,
            root_site_dir=str(staging),
            target_site_dir=config.site_dir,
            root_site_url=root_url if not root_url or root_url.endswith("/") else root_url + "/",
            docs_root=config.docs_dir,
            languages=languages,
            policy_in_pages=self.config.csp_meta and not _is_preview(config),
        )

    def _workers(self, languages: int) -> int:
        """How many worker processes build the languages: one fewer than `jobs`, as this process is one."""
        return min(languages - 1, (self.config.jobs or available_cores()) - 1)

    def _start_workers(self, config: MkDocsConfig) -> None:
        """Start the worker processes while the charter loads, so that their own start-up overlaps it."""
        if self.config.languages:
            return  # a preview of some languages: the workers start when they are needed
        workers = self._workers(len(_published_languages(Path(self.config.charter_dir))))
        if workers >= 1:
            start(workers, _PRELOAD, f"{__name__}:warm_up", config.config_file_path)

    def _start_other_languages(self, config: MkDocsConfig) -> None:
        """Queue the other languages' builds for the worker processes.

        Whatever no worker has started when this process has built its own language, it builds itself.
        """
        assert self.run is not None and self.others is not None
        others = [lang for lang in self.run.languages if lang != self.lang]
        workers = self._workers(len(self.run.languages))
        if workers < 1:
            return  # all built here, one after another
        run, options = pickle.dumps(self.run, protocol=pickle.HIGHEST_PROTOCOL), _build_options(config)
        for lang in others:
            self.others.pending[lang] = submit(workers, build_language, options, run, lang, preload=_PRELOAD)

    def _navigation(self, L: Localizer, docs_dirs: list[str]) -> list[Any]:
        """The charter's hubs, then the hand-written pages.

        The same few entries whatever the size of the charter: the theme repeats the navigation in
        every page, so a list of services (or of a growing set of topics) would make every page, and
        the build, grow with the catalogue.
        """

        def entry(key: str, path: str) -> dict[str, str]:
            return {str(L.ui(key)): f"{path}.md"}

        hand_written = sorted({p.name for d in docs_dirs if os.path.isdir(d) for p in Path(d).glob("*.md")})
        return [
            entry("pages.home", HOME),
            entry("nav.categories", TOPICS),
            entry("nav.life_events", LIFE_EVENTS),
            entry("pages.services", "services"),
            entry("pages.commitments", "commitments"),
            entry("pages.your_data", "your-data"),
            entry("pages.faq", "faq"),
            entry("pages.contact", "contact"),
            entry("pages.accessibility", "accessibility"),
            *[name for name in hand_written if name not in self.specs],
        ]

    def _report_fallbacks(self, charter: Charter) -> None:
        by_file: dict[str, list[str]] = {}
        for fallback in find_fallbacks(charter.records(), self.lang):
            by_file.setdefault(fallback.file, []).append(fallback.key)
        default = charter.site.default_language
        for file, keys in sorted(by_file.items()):
            log.info(f"[{self.lang}] {file}: {len(keys)} text(s) fall back to {default}: {', '.join(keys)}")

    # --- Files and pages ---

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.run is not None
        default = self.run.charter.site.default_language
        default_docs = os.path.join(self.run.docs_root, default)
        if self.lang != default and os.path.isdir(default_docs):
            if os.path.samefile(config.docs_dir, default_docs):  # no folder for this language at all
                self.fallback_pages = {file.src_uri for file in files.documentation_pages()}
            for path in sorted(Path(default_docs).rglob("*.md")):
                src_uri = path.relative_to(default_docs).as_posix()
                if files.get_file_from_path(src_uri) is None:
                    files.append(File.generated(config, src_uri, abs_src_path=str(path)))
                    self.fallback_pages.add(src_uri)
        in_nav = {path for entry in config.nav or [] for path in _paths(entry)}
        for src_uri in self.specs:
            if files.get_file_from_path(src_uri) is not None:
                log.info(f"[{self.lang}] {src_uri} in the docs folder replaces the generated page")
                continue
            inclusion = InclusionLevel.INCLUDED if src_uri in in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, src_uri, content="", inclusion=inclusion))
            self.generated.add(src_uri)
        for file in [f for f in files if f.src_uri.startswith(THEME_SEARCH)]:
            files.remove(file)
        scripts = (FEEDBACK_SCRIPT,) if self.run.charter.site.feedback is not None else ()
        scripts += (NOTICES_SCRIPT,) if self.run.charter.live_notices else ()
        for asset in (STYLESHEET, *SEARCH_SCRIPTS, *scripts):
            files.append(File.generated(config, asset, abs_src_path=str(PACKAGE / asset)))
        logo = self.run.charter.site.logo
        if logo:
            files.append(File.generated(config, logo, abs_src_path=str(self.run.charter.root / logo)))
        return files

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        env.bytecode_cache = _COMPILED_THEME  # each build of a language would otherwise compile the theme again
        return env

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self._spec(page)
        if spec is not None and self.renderer is not None:
            page.meta["title"] = escape(self.renderer.title(spec))
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self._spec(page)
        if spec is not None and self.renderer is not None:
            try:
                rendered = self.renderer.render(spec)
            except jinja2.TemplateError as exc:  # most likely in a template overridden through custom_dir
                where = f"{exc.filename}:{exc.lineno}" if isinstance(exc, jinja2.TemplateSyntaxError) else spec.template
                raise PluginError(f"template {where}, page {page.file.src_uri} [{self.lang}]: {exc}") from None
            page.toc = get_toc(
                [
                    {"level": h.level, "id": h.id, "name": str(escape(h.title)), "children": []}
                    for h in rendered.headings
                    if h.level == 2
                ]
            )
            if rendered.description:
                page.meta["description"] = escape(rendered.description)
            return rendered.html + self._feedback(page)
        assert self.run is not None
        default = self.run.charter.site.default_language
        fallback = page.file.src_uri in self.fallback_pages
        self.page_entries.append(page_entry(page.url, page.title or "", html, default if fallback else self.lang))
        if fallback:
            html = f'<div lang="{default}" dir="{direction(default)}" class="charter-fallback">{html}</div>'
        return html + self._feedback(page)

    def _feedback(self, page: Page) -> str:
        """The "Was this page helpful?" form, when site.yml sets `feedback`; never on the printable charter."""
        assert self.run is not None and self.renderer is not None
        feedback, path = self.run.charter.site.feedback, page.file.src_uri.removesuffix(".md")
        if feedback is None or path == PRINTABLE:
            return ""
        try:
            return feedback_form(self.renderer.environment, self.renderer.L, feedback, path)
        except jinja2.TemplateError as exc:  # most likely in a template overridden through custom_dir
            where = f"page {page.file.src_uri} [{self.lang}]"
            raise PluginError(f"template charter/feedback.html, {where}: {exc}") from None

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        output = _with_charter_search(output)
        output = self._with_change_feed(output, page, config)
        spec = self._spec(page)
        if spec is not None and self.renderer is not None:
            output = with_notices_feed_link(output, spec.path, self.renderer.L, config.use_directory_urls)
        return self._with_policy(output)

    def _with_change_feed(self, html: str, page: Page, config: MkDocsConfig) -> str:
        """Service pages and the list of services point feed readers at the changes feed, when there is one."""
        spec = self._spec(page)
        if spec is None or self.renderer is None:
            return html
        return with_changes_feed_link(html, spec, self.renderer.charter, self.renderer.L, config.use_directory_urls)

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        if template_name != "404.html":
            return output_content
        return self._with_policy(_with_charter_search(output_content))

    def _with_policy(self, html: str) -> str:
        """Note the page's inline scripts and styles for the site's policy; the page with its own, if asked."""
        assert self.run is not None
        hashes = self.inline_hashes.collect(html)
        if not self.run.policy_in_pages:
            return html
        return with_policy_meta(html, content_security_policy(hashes, form_targets=_form_targets(self.run.charter)))

    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        # The theme's language selector and hreflang links read `extra.alternate`: point them at this page.
        assert self.run is not None
        config.extra["alternate"] = self._alternates(self.run.root_site_url or "../", page.url)
        return context

    def on_template_context(self, context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
        """The 404 page is served at any depth, so its links must not be relative."""
        assert self.run is not None
        if template_name != "404.html":
            return context
        base = self.run.root_site_url or "/"
        if not self.run.root_site_url:  # MkDocs would assume the site is at the server's root, not /<lang>/
            context["base_url"] = f"/{self.lang}/"  # with the slash, as the search scripts resolve paths from it
            context["extra_css"] = [normalize_url(str(path), None, context["base_url"]) for path in config.extra_css]
            context["extra_javascript"] = [
                normalize_url(str(script), None, context["base_url"]) for script in config.extra_javascript
            ]
        config.extra["alternate"] = self._alternates(base, "")
        assert self.renderer is not None
        environment, L = self.renderer.environment, self.renderer.L
        context["charter_not_found"] = not_found_page(
            environment, L, self.run.languages, base, config.use_directory_urls
        )
        return context

    def _alternates(self, base: str, url: str) -> list[dict[str, str]]:
        """The page at `url` in every language, for the theme's language selector and hreflang links."""
        assert self.run is not None
        return [
            {"name": language_name(lang), "link": f"{base}{lang}/{url}", "lang": lang} for lang in self.run.languages
        ]

    def _spec(self, page: Page) -> PageSpec | None:
        return self.specs[page.file.src_uri] if page.file.src_uri in self.generated else None

    # --- The other languages ---

    @event_priority(-100)  # after the other plugins have finished this language (the theme's search index)
    def on_post_build(self, config: MkDocsConfig) -> None:
        assert self.run is not None
        default = self.run.charter.site.default_language
        localizer = Localizer(self.lang, default)
        entries = [*charter_entries(self.run.charter, localizer, config.use_directory_urls), *self.page_entries]
        write_index(Path(config.site_dir), *build_index(entries, self.lang, default))
        index_sitemap(Path(config.site_dir), config.site_url or "")
        write_change_feed(
            self.run.charter,
            localizer,
            Path(config.site_dir),
            site_url=config.site_url or "",
            directory_urls=config.use_directory_urls,
            override_dirs=[Path(config.theme.custom_dir)] if config.theme.custom_dir else [],
        )
        write_notices_feed(
            self.run.charter,
            localizer,
            Path(config.site_dir),
            language_url=config.site_url or "",
            directory_urls=config.use_directory_urls,
        )
        if self.lang != default:
            self.inline_hashes.save(Path(config.site_dir) / HASHES_FILE)  # merged by the default language's build
            return
        assert self.others is not None
        pending = self.others.pending
        here = [
            lang for lang in self.run.languages if lang != self.lang and (lang not in pending or pending[lang].cancel())
        ]
        problems = {}
        for lang in here:
            pending.pop(lang, None)
            log.info(f"Building the {language_name(lang)} site")
            problems[lang] = build_language(_build_options(config), self.run, lang)
        # The open data (every language at once) is written while the worker processes finish their languages.
        write_open_data(
            self.run.charter,
            Path(self.run.root_site_dir),
            site_url=self.run.root_site_url,
            directory_urls=config.use_directory_urls,
        )
        problems.update({lang: _outcome(job) for lang, job in pending.items()})
        pending.clear()
        for lang, problem in problems.items():
            if problem:
                raise PluginError(f"the {language_name(lang)} site did not build: {problem}")
        overrides = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        write_root(
            self.run.charter,
            Path(self.run.root_site_dir),
            self.run.languages,
            directory_urls=config.use_directory_urls,
            override_dirs=overrides,
        )
        write_site_files(Path(self.run.root_site_dir), self.run.root_site_url, self.run.languages, default)
        root, languages = Path(self.run.root_site_dir), self.run.languages
        merge_language_hashes(root, languages, self.inline_hashes)
        write_security_headers(
            root,
            self.inline_hashes,
            languages,
            form_targets=_form_targets(self.run.charter),
            site_url=self.run.root_site_url,
            policy_in_pages=self.run.policy_in_pages,
        )
        logging.getLogger("mkdocs").removeHandler(self.others.warnings)
        if config.strict and self.others.warnings.get_counts():
            discard(Path(self.run.root_site_dir))
            log.error(f"strict mode: warnings above; the previous site in {self.run.target_site_dir} is kept")
            return  # MkDocs stops the build right after this event
        publish(Path(self.run.root_site_dir), Path(self.run.target_site_dir))

    def on_build_error(self, error: Exception) -> None:
        """Whatever failed, the previous site stays as it was."""
        if self.run is None or self.others is None:
            return
        for job in self.others.pending.values():
            if not job.cancel():
                _outcome(job)  # wait: a worker must not write into the folder discarded below
        self.others.pending.clear()
        logging.getLogger("mkdocs").removeHandler(self.others.warnings)
        discard(Path(self.run.root_site_dir))
        log.error(f"the build failed; the previous site in {self.run.target_site_dir} is kept")

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        assert self.run is not None
        server.watch(str(self.run.charter.root))
        server.watch(self.run.docs_root)
        server.builder = _keep_last_good_site(server.builder)
        return server


class _CompiledTemplates(jinja2.BytecodeCache):
    """The theme's compiled templates, kept in memory for the life of the process.

    Jinja checks each one against its template's source, so an edited template is compiled again.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED_THEME = _CompiledTemplates()

_PRELOAD = ("properdocs.replacement",) if mkdocs.__name__ == "properdocs" else ()
"""Under the ProperDocs fork, `mkdocs` is an alias that a worker must set up before it imports this module."""


def warm_up(config_file: str) -> None:
    """In a worker: import MkDocs, the theme and the plugins before the first build needs them."""
    load_config(config_file)


def _published_languages(charter_dir: Path) -> list[str]:
    """The languages site.yml lists, at a glance (the charter is read properly later), or none."""
    try:
        languages = yaml.safe_load((charter_dir / "site.yml").read_text(encoding="utf-8")).get("languages")
    except (OSError, yaml.YAMLError, AttributeError):
        return []
    return languages if isinstance(languages, list) else []


def _build_options(config: MkDocsConfig) -> dict[str, Any]:
    """What another language's build needs from this one's configuration, command-line options included."""
    return {
        "config_file": config.config_file_path,
        "strict": config.strict,
        "use_directory_urls": config.use_directory_urls,
    }


def build_language(options: dict[str, Any], run: _Run | bytes, lang: str) -> str | None:
    """Build one more language of a run, here or in a worker process; None, or what went wrong.

    MkDocs has logged the details of a failure by then; what is returned is for the summary line.
    """
    if isinstance(run, bytes):
        run = pickle.loads(run)
    options = dict(options)
    config = load_config(options.pop("config_file"), **options)
    for plugin in config.plugins.values():
        if isinstance(plugin, CharterPlugin):
            plugin.run, plugin.lang = run, lang
    try:
        mkdocs_build(config)
    except (Abort, BuildError) as exc:
        return str(exc) or type(exc).__name__
    except Exception:  # a bug, not a mistake in the charter: keep the traceback for the report
        return traceback.format_exc()
    return None


def _outcome(job: Job) -> str | None:
    """What a language's build in a worker process answered, or why the worker failed."""
    try:
        return job.result()
    except Exception as exc:  # the worker process died (killed, out of memory)
        return f"its worker process failed: {exc!r}"


def _skip_theme_search_index(config: MkDocsConfig) -> None:
    """Keep the theme's search plugin from indexing every page: the charter's search index replaces its index.

    The plugin itself must stay, because the theme shows its search box only when it is configured.
    """
    search = config.plugins.get("material/search")
    if search is None:
        return
    for event in ("page_context", "post_build"):
        handlers = config.plugins.events[event]
        handlers[:] = [handler for handler in handlers if getattr(handler, "__self__", None) is not search]


def _with_charter_search(html: str) -> str:
    """A page that loads the script putting the charter's search behind the theme's search box, before the theme's."""
    return THEME_SCRIPT.sub(r'<script src="\1assets/charter-search-boot.js"></script>\g<0>', html, count=1)


def _is_preview(config: MkDocsConfig) -> bool:
    """Whether this is `mkdocs serve`, which points `site_url` at itself and adds an inline live-reload script."""
    address = config.dev_addr
    return urlsplit(config.site_url or "").netloc == f"{address.host}:{address.port}"


def _form_targets(charter: Charter) -> list[str]:
    """The addresses outside the site that its pages send to: the feedback endpoint, when there is one."""
    feedback = charter.site.feedback
    return [feedback.url] if feedback is not None else []


def _paths(entry: Any) -> list[str]:
    """Every page path in one navigation entry."""
    if isinstance(entry, str):
        return [entry]
    if isinstance(entry, dict):
        return [path for value in entry.values() for path in _paths(value)]
    if isinstance(entry, list):
        return [path for item in entry for path in _paths(item)]
    return []


def _keep_last_good_site(build: Any) -> Any:
    """A rebuild for `mkdocs serve` that, when it fails, says so and goes on serving the last good site.

    Without it the preview server prints a traceback and stops answering until the error is fixed.
    """

    def rebuild(*args: Any, **kwargs: Any) -> None:
        try:
            build(*args, **kwargs)
        except (Abort, BuildError):  # MkDocs has already logged what went wrong
            log.error("the preview still shows the last good site: fix the problems above and save again")

    return rebuild
