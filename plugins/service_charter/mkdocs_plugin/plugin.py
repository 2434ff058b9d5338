"""The MkDocs plugin: each event hands its part of the site's recipe (`publish.recipe`) to the charter core.

One MkDocs build runs per language (`languages.py`). The build MkDocs starts is the default
language's: it loads the charter once, starts the other languages' builds, and when all are done
writes the top of the site and publishes the whole of it at once (`publish.staging`).
"""

from __future__ import annotations

import pickle
import traceback
from pathlib import Path
from typing import Any, cast

import jinja2
from markupsafe import escape
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError, PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..i18n import language_name
from ..load.loader import load_charter
from ..pages.not_found import not_found_page
from ..problems import Severity
from ..publish.recipe import LanguageSite, write_language, write_shared_files, write_site
from ..publish.staging import discard, publish, staging_folder
from .config import CharterPluginConfig
from .errors import core_errors, keep_last_good_site
from .languages import OtherLanguages, Run, languages_to_build, start_workers
from .reconfigure import (
    add_assets,
    add_generated_pages,
    borrow_default_pages,
    configure_language,
    refuse_links_out,
    site_options,
)
from .theme import (
    alternates,
    is_not_found_page,
    serve_not_found_page_at_any_depth,
    table_of_contents,
    theme_environment,
    with_charter_search,
)

log = get_plugin_logger(__name__)


class CharterPlugin(BasePlugin[CharterPluginConfig]):
    """Generates the charter's pages, one MkDocs build per language."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.run: Run | None = None
        self.others: OtherLanguages | None = None
        """Only in the default language's build: the other languages' builds."""
        self.lang = ""
        self.site: LanguageSite | None = None
        self.generated: set[str] = set()
        """The generated pages of this build (`faq.md`), those hand-written pages do not replace."""
        self.borrowed: set[str] = set()
        """Hand-written pages shown in the default language, as this language has none of its own."""
        self.shared: frozenset[str] = frozenset()
        """The theme's files and the charter's assets, which every language links at the top of the site."""

    def join(self, run: Run, lang: str) -> None:
        """Make this build the one of `lang` in a run the default language's build started."""
        self.run, self.lang = run, lang

    @event_priority(100)  # before the theme's search plugin reads the language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.run is None:
            self._start_run(config)
        assert self.run is not None
        with core_errors():
            self.site = LanguageSite(self.run.charter, self.lang, self.run.options)
        configure_language(config, self.run, self.lang, list(self.site.specs))
        config.site_description = escape(self.site.site_description)  # what the theme falls back to, in this language
        return config

    def _start_run(self, config: MkDocsConfig) -> None:
        """In the default language's build: load the charter once and start the other languages' builds.

        Warnings count for `--strict` from here on, those of loading the charter included.
        """
        self.others = OtherLanguages.counting_warnings()
        if not self.config.languages:  # a preview of some languages starts its workers when they are needed
            start_workers(config, Path(self.config.charter_dir), self.config.jobs)
        with core_errors():
            charter = load_charter(Path(self.config.charter_dir), stale_after_days=self.config.stale_after_days)
        for problem in charter.problems:
            (log.warning if problem.severity is Severity.warning and problem.strict else log.info)(problem.format())
        if charter.history.note:
            log.info(charter.history.note)
        options = site_options(config, self.config.csp_meta)
        discard(staging := staging_folder(Path(config.site_dir)))  # left over from an interrupted build
        languages = languages_to_build(charter.site, self.config.languages)
        self.run = Run(charter, str(staging), config.site_dir, config.docs_dir, languages, options)
        self.lang = charter.site.default_language
        self.others.queue(config, self.run, self.lang, self.config.jobs, build_language)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.run is not None and self.site is not None
        self.borrowed = borrow_default_pages(files, config, self.run, self.lang)
        refuse_links_out(files, config.docs_dir)
        self.generated, replaced = add_generated_pages(files, config, list(self.site.specs))
        for src_uri in sorted(replaced):
            log.info(f"[{self.lang}] {src_uri} in the docs folder replaces the generated page")
        self.shared = add_assets(files, config, self.run.charter, self.lang == self.run.charter.site.default_language)
        return files

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        return theme_environment(env, self.shared)

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        path = self._generated(page)
        if path is not None and self.site is not None:
            page.meta["title"] = escape(self.site.renderer.title(self.site.specs[path]))
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.run is not None and self.site is not None
        path = self._generated(page)
        if path is not None:
            with core_errors():
                rendered = self.site.render(path)
            page.toc = table_of_contents(rendered.headings)
            page.meta["description"] = escape(rendered.description)
            return rendered.html
        default = self.run.charter.site.default_language
        borrowed = page.file.src_uri in self.borrowed
        page.meta["description"] = escape(self.site.hand_written_description(page.meta.get("description"), html))
        self.site.add_hand_written(page.url, page.title or "", html, default if borrowed else self.lang)
        if borrowed:
            html = self.site.borrowed_page(page.file.src_uri.removesuffix(".md"), html)
        with core_errors():
            return html + self.site.feedback(page.file.src_uri.removesuffix(".md"))

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        assert self.site is not None
        return self.site.finish_page(with_charter_search(output, self.site.L), self._generated(page))

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        if not is_not_found_page(template_name) or self.site is None:
            return output_content
        return self.site.finish_page(with_charter_search(output_content, self.site.L), None)

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        assert self.run is not None
        config.extra["alternate"] = alternates(self.run.languages, self.run.options.address.url or "../", page.url)
        assert self.site is not None
        with core_errors():
            path = self._generated(page) or page.file.src_uri.removesuffix(".md")
            cast(dict[str, Any], context)["charter_frame"] = self.site.frame(path)
        return context

    def on_template_context(
        self, context: TemplateContext, /, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        """The 404 page is served at any depth, so its links must not be relative."""
        if not is_not_found_page(template_name):
            return context
        assert self.run is not None and self.site is not None
        base = self.run.options.address.url or "/"
        if not self.run.options.address.url:
            serve_not_found_page_at_any_depth(context, config, self.lang, self.shared)
        config.extra["alternate"] = alternates(self.run.languages, base, "")
        with core_errors():
            cast(dict[str, Any], context)["charter_not_found"] = not_found_page(
                self.site.environment, self.site.L, self.run.languages, base, config.use_directory_urls
            )
            cast(dict[str, Any], context)["charter_frame"] = self.site.not_found_frame(base)
        return context

    @event_priority(-100)  # after the other plugins have finished this language
    def on_post_build(self, config: MkDocsConfig) -> None:
        assert self.run is not None and self.site is not None
        with core_errors():
            write_language(self.site, Path(config.site_dir))
        if self.others is None:
            return  # another language's build: the default language's build finishes the site
        run, root = self.run, Path(self.run.root_site_dir)
        problems = self.others.finish(config, run, self.lang, build_language)
        with core_errors():
            write_shared_files(run.charter, root, run.options)  # while the worker processes finish
        problems.update(self.others.collect())
        for lang, problem in problems.items():
            if problem:
                raise PluginError(f"the {language_name(lang)} site did not build: {problem}")
        with core_errors():
            write_site(run.charter, root, run.languages, run.options)
        self.others.stop_counting()
        if config.strict and self.others.warnings.get_counts():
            discard(root)
            log.error(f"strict mode: warnings above; the previous site in {run.target_site_dir} is kept")
            self.others = None  # said: MkDocs stops the build right after this event
            return
        publish(root, Path(run.target_site_dir))

    def on_build_error(self, error: Exception) -> None:
        """Whatever failed, the previous site stays as it was."""
        if self.others is None:
            return  # another language's build: the default language's build reports
        self.others.abandon()
        if self.run is not None:
            discard(Path(self.run.root_site_dir))
            log.error(f"the build failed; the previous site in {self.run.target_site_dir} is kept")

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        assert self.run is not None
        server.watch(str(self.run.charter.root))
        server.watch(self.run.docs_root)
        server.builder = keep_last_good_site(server.builder)
        return server

    def _generated(self, page: Page) -> str | None:
        """The path of the generated page `page` shows, or None for a hand-written page."""
        src_uri = page.file.src_uri
        return src_uri.removesuffix(".md") if src_uri in self.generated else None


def build_language(options: dict[str, Any], run: Run | bytes, lang: str) -> str | None:
    """Build one more language of a run, here or in a worker process; None, or what went wrong.

    MkDocs has logged the details of a failure by then; what is returned is for the summary line.
    """
    joined: Run = pickle.loads(run) if isinstance(run, bytes) else run
    options = dict(options)
    config = load_config(options.pop("config_file"), **options)
    for plugin in config.plugins.values():
        if isinstance(plugin, CharterPlugin):
            plugin.join(joined, lang)
    try:
        mkdocs_build(config)
    except (Abort, BuildError) as exc:
        return str(exc) or type(exc).__name__
    except Exception:  # a bug, not a mistake in the charter: keep the traceback for the report
        return traceback.format_exc()
    return None
