"""The site's recipe lives in the core: a front end with no MkDocs at all gets the same site files."""

from __future__ import annotations

import re
from pathlib import Path

import markdown

from conftest import FIXTURES, parse
from service_charter.load.loader import load_charter
from service_charter.publish.recipe import LanguageSite, SiteOptions, write_language, write_shared_files, write_site

THEME_OR_FRONT_END = re.compile(r"^(404\.html|assets/.*|[a-z]+/(404\.html|about\.html|sitemap\.xml(\.gz)?))$")
"""What MkDocs and its theme write, not the charter: the assets every language shares (which the front end
publishes), 404 pages, hand-written pages, sitemaps."""
SAME_BYTES = re.compile(r"^(index\.html|robots\.txt|_redirects|open-data/.*|[a-z]+/(changes|notices)\.xml)$")
"""The charter's own files that do not depend on the theme's pages: byte for byte what the MkDocs build wrote."""


def bare_front_end(charter_dir: Path, root: Path) -> Path:
    """The simplest front end there is: the recipe, each page's content in a plain HTML document.

    Like any front end it brings its hand-written pages (the default language's, here) to the search index.
    """
    charter = load_charter(charter_dir)
    default = charter.site.default_language
    hand_written = sorted((charter_dir.parent / "docs" / default).glob("*.md"))
    languages, options = list(charter.site.languages), SiteOptions()
    write_shared_files(charter, root, options)
    for lang in languages:
        site, folder = LanguageSite(charter, lang, options), root / lang
        folder.mkdir(parents=True)
        for source in hand_written:
            text = source.read_text(encoding="utf-8")
            title = text.splitlines()[0].removeprefix("# ")
            site.add_hand_written(f"{source.stem}.html", title, markdown.markdown(text), default)
        for path in site.specs:
            page = site.render(path)
            html = (
                f'<!doctype html><html lang="{lang}" dir="{site.L.dir}"><head><meta charset="utf-8">'
                f"<title>{page.title}</title></head><body><main>{page.html}</main></body></html>"
            )
            (folder / f"{path}.html").write_text(site.finish_page(html, path), encoding="utf-8")
        write_language(site, folder)
    write_site(charter, root, languages, options)
    return root


def files(root: Path) -> dict[str, Path]:
    """Every file of a site by its path from the top, with the search index's content-named folder made generic."""
    return {
        re.sub(r"/search/[0-9a-f]{12}/", "/search/*/", p.relative_to(root).as_posix()): p
        for p in root.rglob("*")
        if p.is_file()
    }


def test_a_front_end_without_mkdocs_writes_every_file_of_the_charter(tmp_path, tiny_site):
    bare = files(bare_front_end(FIXTURES / "tiny" / "charter", tmp_path / "site"))
    built = files(tiny_site)
    assert set(bare) <= set(built), sorted(set(bare) - set(built))
    left = sorted(name for name in set(built) - set(bare) if not THEME_OR_FRONT_END.match(name))
    assert left == [], "files that only the MkDocs adapter writes: move them into publish.recipe"
    same = [name for name in bare if SAME_BYTES.match(name)]
    assert len(same) > 10
    for name in same:
        assert bare[name].read_bytes() == built[name].read_bytes(), name


def test_the_adapter_shows_the_pages_the_recipe_renders(tmp_path, tiny_site):
    bare = bare_front_end(FIXTURES / "tiny" / "charter", tmp_path / "site")
    for lang in ("he", "ar"):
        for name in ("service-pay-tax.html", "data-id-number.html", "faq.html"):
            ours = parse(bare / lang / name).select_one("main h2")
            theirs = parse(tiny_site / lang / name).select("article h2")
            assert ours is not None and ours.get_text(strip=True) in [h.get_text(strip=True) for h in theirs]
