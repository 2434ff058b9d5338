"""Every place the charter meets the Material theme: its templates, scripts, search box, 404 page and language selector.

When the theme changes (or gives way to its successor), this is the module to read first.
"""

from __future__ import annotations

import re
from importlib import resources
from urllib.parse import urljoin

import jinja2
import jinja2.bccache
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.toc import TableOfContents, get_toc
from mkdocs.utils import normalize_url
from mkdocs.utils.templates import TemplateContext

from ..addresses import NOT_FOUND_PAGE, SEARCH_BOOT_SCRIPT
from ..i18n import Localizer, direction, language_name
from ..pages.render import Heading

PACKAGE = resources.files("service_charter")
THEME_OVERRIDES = str(PACKAGE / "templates" / "theme")
"""The theme templates the charter replaces: its 404 page."""
THEME_SCRIPT = re.compile(r'<script src="([^"]*)assets/javascripts/bundle\.')
THEME_ASSETS = ("assets/javascripts/", "assets/stylesheets/")
"""The theme's own scripts and stylesheets."""
THEME_SEARCH = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
"""The theme's own search engine and its language files, which the charter's search replaces."""


def add_template_overrides(config: MkDocsConfig) -> None:
    """The charter's 404 page goes below a site's own `custom_dir`, above the theme's."""
    if THEME_OVERRIDES not in config.theme.dirs:
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, THEME_OVERRIDES)


def skip_theme_search_index(config: MkDocsConfig) -> None:
    """Keep the theme's search plugin from indexing every page: the charter's search index replaces its index.

    The plugin itself must stay, because the theme shows its search box only when it is configured.
    """
    search = config.plugins.get("material/search")
    if search is None:
        return
    for event in ("page_context", "post_build"):
        handlers = config.plugins.events[event]
        handlers[:] = [handler for handler in handlers if getattr(handler, "__self__", None) is not search]


def with_charter_search(html: str, L: Localizer) -> str:
    """A page that loads the script putting the charter's search behind the theme's search box, before the theme's.

    The script carries the words that count results in the page's language, one per CLDR plural form
    (the theme knows only "one" and "other")."""
    forms = "".join(f' data-count-{form}="{escape(text)}"' for form, text in L.plural_forms("search.count").items())
    locale = L.cldr.replace("_", "-")

    def script(theme: re.Match[str]) -> str:
        return f'<script src="{theme[1]}{SEARCH_BOOT_SCRIPT}" data-locale="{locale}"{forms}></script>{theme[0]}'

    return THEME_SCRIPT.sub(script, html, count=1)


def table_of_contents(headings: list[Heading]) -> TableOfContents:
    """The theme's table of contents of a generated page: its second-level headings."""
    return get_toc(
        [{"level": h.level, "id": h.id, "name": str(escape(h.title)), "children": []} for h in headings if h.level == 2]
    )


def alternates(languages: list[str], base: str, url: str) -> list[dict[str, str]]:
    """The page at `url` in every language, for the theme's language selector and hreflang links (`extra.alternate`)."""
    return [
        {"name": language_name(lang), "link": f"{base}{lang}/{url}", "lang": lang, "dir": direction(lang)}
        for lang in languages
    ]


def is_not_found_page(template_name: str) -> bool:
    return template_name == NOT_FOUND_PAGE


def serve_not_found_page_at_any_depth(
    context: TemplateContext, config: MkDocsConfig, lang: str, shared: frozenset[str]
) -> None:
    """The 404 page is served at any depth: without the site's address its links start at `/<lang>/`, or at `/` for
    the `shared` assets.

    MkDocs would assume the site is at the server's root, not in the language's folder.
    """
    base = context["base_url"] = f"/{lang}/"  # with the slash, as the search scripts resolve paths from it
    context["extra_css"] = [
        _linked(normalize_url(str(path), None, base), str(path), shared) for path in config.extra_css
    ]
    context["extra_javascript"] = [
        _linked(normalize_url(str(script), None, base), str(script), shared) for script in config.extra_javascript
    ]


def theme_environment(env: jinja2.Environment, shared: frozenset[str]) -> jinja2.Environment:
    """The theme's templates, compiled once for the life of the process, linking the `shared` assets at the top."""
    env.bytecode_cache = COMPILED_THEME
    link_shared_assets(env, shared)
    return env


def link_shared_assets(env: jinja2.Environment, shared: frozenset[str]) -> None:
    """Make the theme link the files of `shared` at the top of the site, where every language finds one copy.

    The theme links its files through the `url` and `script_tag` filters, as if they were in the language's folder;
    the link they give is taken one folder up."""
    url, script_tag = env.filters["url"], env.filters["script_tag"]

    @jinja2.pass_context
    def shared_url(context: TemplateContext, value: object) -> str:
        return _linked(str(url(context, value)), str(value), shared)

    @jinja2.pass_context
    def shared_script_tag(context: TemplateContext, script: object) -> Markup:
        tag = Markup(script_tag(context, script))
        if str(script) not in shared:
            return tag
        link = str(url(context, str(script)))
        attribute = f'src="{escape(link)}"'
        return Markup(str(tag).replace(attribute, f'src="{escape(_one_folder_up(link, str(script)))}"', 1))

    env.filters["url"], env.filters["script_tag"] = shared_url, shared_script_tag


def _linked(link: str, path: str, shared: frozenset[str]) -> str:
    """`link`, the theme's link to `path` in the language's folder, to the top's copy when `path` is `shared`."""
    return _one_folder_up(link, path) if path in shared else link


def _one_folder_up(link: str, path: str) -> str:
    """`link`, a link to `path` in the language's folder, made a link to `path` in the folder above it."""
    if not link.endswith(path):
        return link
    folder = link[: len(link) - len(path)]
    if folder.startswith("/") or "://" in folder:
        return urljoin(folder, f"../{path}")
    return f"{folder}../{path}"


class CompiledTemplates(jinja2.BytecodeCache):
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


COMPILED_THEME = CompiledTemplates()
"""Each build of a language would otherwise compile the theme again."""
