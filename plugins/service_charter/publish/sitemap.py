"""Each language's sitemap, kept out of the way of the theme's language selector.

The theme fetches `sitemap.xml` beside every alternate-language link of a page, on every first
visit, to map pages between languages. The charter's language links already point at the same
page, so that map is never used, and a sitemap that lists every page would make each first visit
grow with the catalogue. So `<lang>/sitemap.xml` is a small sitemap index, which search engines read
as well, pointing at the full list of pages in `<lang>/sitemap-pages.xml`.

Once every language is built, each page in those lists gains its versions in the other languages
(`xhtml:link rel="alternate" hreflang`, and `x-default` for the default language's), and the
site's top gets a sitemap index of every language's list. Sitemaps need absolute addresses, so
all of this happens only when `site_url` is set.
"""

from __future__ import annotations

import gzip
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..addresses import SITEMAP, SITEMAP_PAGES

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
URL_FIELDS = ("loc", "lastmod", "changefreq", "priority")
"""What a sitemap says of a page, in the order the sitemap protocol gives."""


def index_sitemap(language_dir: Path, language_url: str) -> None:
    """Move the language's sitemap to `sitemap-pages.xml` and put a sitemap index in its place.

    Without an absolute `language_url` (no `site_url`), the theme's sitemap lists no page and stays.
    """
    sitemap = language_dir / SITEMAP
    if not language_url.startswith(("https://", "http://")) or not sitemap.is_file():
        return
    os.replace(sitemap, language_dir / SITEMAP_PAGES)
    compressed = language_dir / f"{SITEMAP}.gz"
    if compressed.is_file():
        os.replace(compressed, language_dir / f"{SITEMAP_PAGES}.gz")
    index = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"  <sitemap><loc>{escape(language_url + SITEMAP_PAGES)}</loc></sitemap>\n"
        "</sitemapindex>\n"
    )
    sitemap.write_text(index, encoding="utf-8")
    compressed.write_bytes(gzip.compress(index.encode("utf-8"), mtime=0))


def link_languages(site_dir: Path, site_url: str, languages: list[str], default: str) -> None:
    """Add to every page of each language's `sitemap-pages.xml` its versions in every language.

    A page is listed as an alternate only in the languages that have it (a hand-written page may
    exist in some languages only); `x-default` is the default language's version.
    """
    lists = {lang: site_dir / lang / SITEMAP_PAGES for lang in languages if (site_dir / lang / SITEMAP_PAGES).is_file()}
    pages = {lang: _pages(path, f"{site_url}{lang}/") for lang, path in lists.items()}
    alternates: dict[str, list[str]] = {}  # the same for a page in every language: written once
    for page in {page: None for lang_pages in pages.values() for page in lang_pages}:
        having = [lang for lang in pages if page in pages[lang]]
        versions = [(lang, lang) for lang in having] + ([("x-default", default)] if default in having else [])
        alternates[page] = [
            f'    <xhtml:link rel="alternate" hreflang="{hreflang}" href={quoteattr(f"{site_url}{lang}/{page}")}/>'
            for hreflang, lang in versions
        ]
    for lang, path in lists.items():
        lines = [f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">']
        for page, fields in pages[lang].items():
            lines.append("  <url>")
            lines += [f"    <{name}>{escape(value)}</{name}>" for name, value in fields]
            lines += [*alternates[page], "  </url>"]
        lines.append("</urlset>\n")
        _write(path, "\n".join(lines))


def write_site_index(site_dir: Path, site_url: str, languages: list[str]) -> None:
    """Write the site's `sitemap.xml`: a sitemap index of every language's list of pages."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{SITEMAP_NS}">']
    for lang in languages:
        if (site_dir / lang / SITEMAP_PAGES).is_file():
            lines.append(f"  <sitemap><loc>{escape(f'{site_url}{lang}/{SITEMAP_PAGES}')}</loc></sitemap>")
    lines.append("</sitemapindex>\n")
    _write(site_dir / SITEMAP, "\n".join(lines))


def _pages(path: Path, language_url: str) -> dict[str, list[tuple[str, str]]]:
    """The fields (`loc`, `lastmod`...) of each `<url>` in a list of pages, by its address in the language folder."""
    pages = {}
    for url in ET.parse(path).getroot().iter(f"{{{SITEMAP_NS}}}url"):
        fields = [(name, (url.findtext(f"{{{SITEMAP_NS}}}{name}") or "").strip()) for name in URL_FIELDS]
        loc = fields[0][1]
        if loc.startswith(language_url):
            pages[loc.removeprefix(language_url)] = [(name, value) for name, value in fields if value]
    return pages


def _write(path: Path, text: str) -> None:
    """Write a sitemap and, beside it, the same compressed (`.gz`)."""
    data = text.encode("utf-8")
    path.write_bytes(data)
    path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, compresslevel=6, mtime=0))
