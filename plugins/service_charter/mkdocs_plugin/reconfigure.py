"""One language's MkDocs configuration and files: where it builds, its theme language and direction, its navigation,
its generated pages, the pages it borrows from the default language, and the charter's assets."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from ..addresses import (
    CLOCK_SCRIPT,
    FEEDBACK_SCRIPT,
    FIT_SCRIPT,
    NOTICES_SCRIPT,
    SEARCH_SCRIPTS,
    STYLESHEET,
    SiteAddress,
)
from ..i18n import Localizer, direction
from ..model.charter import Charter
from ..pages.specs import HUBS, NAVIGATION
from ..publish.recipe import SiteOptions
from .languages import Run
from .theme import PACKAGE, THEME_ASSETS, THEME_SEARCH, add_template_overrides, skip_theme_search_index


def site_options(config: MkDocsConfig, csp_meta: bool) -> SiteOptions:
    """How the site is published, from mkdocs.yml: its address, the overridden templates, the policy in pages."""
    try:
        address = SiteAddress.checked(config.site_url or "", config.use_directory_urls)
    except ValueError as exc:
        raise PluginError(f"mkdocs.yml: site_url: {exc}") from None
    return SiteOptions(
        address=address,
        override_dirs=(Path(config.theme.custom_dir),) if config.theme.custom_dir else (),
        policy_in_pages=csp_meta and not is_preview(config),  # never in the preview's live-reloading pages
    )


def configure_language(config: MkDocsConfig, run: Run, lang: str, generated: list[str]) -> None:
    """Point the configuration at one language: its folders, address, theme language and direction, scripts,
    and a navigation of hubs beside the hand-written pages that do not replace a `generated` page."""
    charter, default = run.charter, run.charter.site.default_language
    skip_theme_search_index(config)
    config.site_dir = os.path.join(run.root_site_dir, lang)
    if run.options.address.url:
        config.site_url = run.options.address.language(lang)
    localized_docs = os.path.join(run.docs_root, lang)
    default_docs = os.path.join(run.docs_root, default)
    config.docs_dir = localized_docs if os.path.isdir(localized_docs) else default_docs
    # The theme's templates do not escape: every charter text handed to them is escaped here.
    config.site_name = escape(Localizer.of(charter.site, lang).plain(charter.site.name))
    config.theme["language"] = lang
    config.theme["direction"] = direction(lang)
    config.theme["font"] = False  # fonts from another host would leak every visit
    config.extra["generator"] = False  # the theme's "Made with Material for MkDocs" line is English only
    _name_palette_toggles(config, Localizer.of(charter.site, lang))
    if charter.site.logo:
        config.theme["logo"] = charter.site.logo
        config.theme["favicon"] = charter.site.logo
    config.extra_css.append(STYLESHEET)
    config.extra_javascript.extend(_scripts(charter))
    add_template_overrides(config)
    config.extra["alternate"] = []
    config.nav = navigation(Localizer.of(charter.site, lang), [config.docs_dir, default_docs], generated)


def _name_palette_toggles(config: MkDocsConfig, L: Localizer) -> None:
    """The light and dark colour switches, named in the page's language (mkdocs.yml names them once)."""
    palette = config.theme.get("palette")
    for scheme in palette if isinstance(palette, list) else []:
        toggle = scheme.get("toggle") if isinstance(scheme, dict) else None
        if isinstance(toggle, dict):
            toggle["name"] = str(L.ui("theme.to_light" if scheme.get("scheme") == "slate" else "theme.to_dark"))


def _scripts(charter: Charter) -> list[str]:
    """The charter's scripts that its pages load besides search, when they have something to do."""
    scripts = [FEEDBACK_SCRIPT] if charter.site.feedback is not None else []
    scripts += [CLOCK_SCRIPT] if charter.working_calendar else []  # due dates on service pages
    scripts += [NOTICES_SCRIPT] if charter.live_notices else []  # hides each notice as it ends
    return [*scripts, FIT_SCRIPT]  # "What applies to me": the questions page, eligibility, marks in lists


def navigation(L: Localizer, docs_dirs: list[str], generated: list[str]) -> list[Any]:
    """The charter's hubs, then the hand-written pages.

    The same few entries whatever the size of the charter: the theme repeats the navigation in
    every page, so a list of services (or of a growing set of topics) would make every page, and
    the build, grow with the catalogue.
    """
    hand_written = sorted({p.name for d in docs_dirs if os.path.isdir(d) for p in Path(d).glob("*.md")})
    replaced = {f"{path}.md" for path in generated}
    return [
        *({str(L.ui(HUBS[path].title)): f"{path}.md"} for path in NAVIGATION),
        *[name for name in hand_written if name not in replaced],
    ]


def borrow_default_pages(files: Files, config: MkDocsConfig, run: Run, lang: str) -> set[str]:
    """Add the default language's hand-written pages that this language lacks; the pages shown that way."""
    default_docs = os.path.join(run.docs_root, run.charter.site.default_language)
    if lang == run.charter.site.default_language or not os.path.isdir(default_docs):
        return set()
    borrowed = set()
    if os.path.samefile(config.docs_dir, default_docs):  # no folder for this language at all
        borrowed = {file.src_uri for file in files.documentation_pages()}
    for path in sorted(Path(default_docs).rglob("*.md")):
        src_uri = path.relative_to(default_docs).as_posix()
        if files.get_file_from_path(src_uri) is None:
            files.append(File.generated(config, src_uri, abs_src_path=str(path)))
            borrowed.add(src_uri)
    return borrowed


def refuse_links_out(files: Files, docs_dir: str) -> None:
    """Hand-written pages and files must lie inside the docs folder: a link out of it publishes what it leads to."""
    root = Path(docs_dir).resolve()
    outside = sorted(
        file.src_uri
        for file in files
        if file.src_dir
        and Path(file.src_dir).resolve() == root
        and file.abs_src_path
        and not Path(file.abs_src_path).resolve().is_relative_to(root)
    )
    if outside:
        raise PluginError(
            f"{docs_dir}: {', '.join(outside)} is a link to a place outside the docs folder, which the site never "
            "publishes; replace the link with the file itself"
        )


def add_generated_pages(files: Files, config: MkDocsConfig, paths: list[str]) -> tuple[set[str], set[str]]:
    """Add a page for each generated path the docs folder does not replace; the pages added and those replaced."""
    in_nav = {path for entry in config.nav or [] for path in _paths(entry)}
    added, replaced = set(), set()
    for path in paths:
        src_uri = f"{path}.md"
        if files.get_file_from_path(src_uri) is not None:
            replaced.add(src_uri)
            continue
        inclusion = InclusionLevel.INCLUDED if src_uri in in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, src_uri, content="", inclusion=inclusion))
        added.add(src_uri)
    return added, replaced


def add_assets(files: Files, config: MkDocsConfig, charter: Charter, publishes: bool) -> frozenset[str]:
    """The charter's stylesheet and scripts and the municipality's logo, in place of the theme's search engine; shared
    by every language (`share_assets`, which this language `publishes` or not); their paths and the theme's.

    The theme's source maps go: only a developer's tools read them."""
    theme_dirs = set(config.theme.dirs)
    for file in [f for f in files if f.src_uri.startswith(THEME_SEARCH) or _is_source_map(f, theme_dirs)]:
        files.remove(file)
    for asset in (STYLESHEET, *SEARCH_SCRIPTS, *_scripts(charter)):
        files.append(File.generated(config, asset, abs_src_path=str(PACKAGE / asset)))
    logo = charter.site.logo
    if logo:
        files.append(File.generated(config, logo, abs_src_path=str(charter.root / logo)))
    return share_assets(files, config, publishes)


def share_assets(files: Files, config: MkDocsConfig, publishes: bool) -> frozenset[str]:
    """The theme's files and the charter's assets, published once at the top of the site for every language; their
    paths. The language that `publishes` them writes them there; the others leave them out and link to that copy.

    A reader who changes language then has them already, and the site holds one copy, not one per language. A docs
    folder's own files stay in their language's folder: a municipality may give each language its own.
    """
    shared = [file for file in files if not file.is_documentation_page() and file.src_dir != config.docs_dir]
    for file in shared:
        if publishes:
            file.dest_uri, file.url = f"../{file.dest_uri}", f"../{file.url}"
            file.abs_dest_path = os.path.normpath(os.path.join(file.dest_dir, file.dest_uri))
        else:
            files.remove(file)
    return frozenset(file.src_uri for file in shared)


def _is_source_map(file: File, theme_dirs: set[str]) -> bool:
    """A source map of the theme's scripts or stylesheets."""
    return file.src_dir in theme_dirs and file.src_uri.startswith(THEME_ASSETS) and file.src_uri.endswith(".map")


def _paths(entry: Any) -> list[str]:
    """Every page path in one navigation entry."""
    if isinstance(entry, str):
        return [entry]
    if isinstance(entry, dict):
        return [path for value in entry.values() for path in _paths(value)]
    if isinstance(entry, list):
        return [path for item in entry for path in _paths(item)]
    return []


def is_preview(config: MkDocsConfig) -> bool:
    """Whether this is `mkdocs serve`, which points `site_url` at itself and adds an inline live-reload script."""
    address = config.dev_addr
    return urlsplit(config.site_url or "").netloc == f"{address.host}:{address.port}"
