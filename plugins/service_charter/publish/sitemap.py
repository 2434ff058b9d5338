"""Each language's sitemap, kept out of the way of the theme's language selector.

The theme fetches `sitemap.xml` beside every alternate-language link of a page, on every first
visit, to map pages between languages. The charter's language links already point at the same
page, so that map is never used, and a sitemap that lists every page would make each first visit
grow with the catalogue. So `<lang>/sitemap.xml` is a small sitemap index, which search engines read
as well, pointing at the full list of pages in `<lang>/sitemap-pages.xml`.

Once every language is built, each page in those lists gains its versions in the other languages
(`xhtml:link rel="alternate" hreflang`, and `x-default` for the default language's) and the day it
last changed as git tells it (`lastmod`: a record's page its record's last change, any other
generated page the charter's; none where git tells nothing), and the site's top gets a sitemap
index of every language's list. Sitemaps need absolute addresses, so all of this happens only when
`site_url` is set. Pages carry the same `x-default` in their `<head>` (`with_x_default`).
"""

from __future__ import annotations

import gzip
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..addresses import HOME, SITEMAP, SITEMAP_PAGES, Links, pages
from ..model.charter import Charter

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


def last_changes(charter: Charter, directory_urls: bool) -> dict[str, str]:
    """The day (`YYYY-MM-DD`, in the site's time zone) each generated page last changed, as git tells it, by its
    address in a language's folder: a record's page its record's last change, any other page the charter's.

    Pages git tells nothing of are left out: the whole site when the charter has no history."""
    history = charter.history
    if not history:
        return {}
    links, latest = Links(HOME, directory_urls), history.latest[0].when.date().isoformat()
    days = {}
    for page in pages(charter):
        if page.kind is None or page.record is None:
            days[links.url(page.path)] = latest
        elif changed := history.last_changed(page.kind.key(page.record.id)):
            days[links.url(page.path)] = changed.date().isoformat()
    return days


def link_languages(
    site_dir: Path, site_url: str, languages: list[str], default: str, lastmod: Mapping[str, str] | None = None
) -> None:
    """Add to every page of each language's `sitemap-pages.xml` its versions in every language, and its `lastmod`.

    A page is listed as an alternate only in the languages that have it (a hand-written page may
    exist in some languages only); `x-default` is the default language's version. `lastmod` holds the
    day each page last changed by its address in the language's folder (`last_changes`); a page it
    does not hold has no `lastmod` (rather than the day of the build, which says nothing).
    """
    lastmod = lastmod or {}
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
            lines += [f"    <{name}>{escape(value)}</{name}>" for name, value in _dated(fields, lastmod.get(page))]
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


def _dated(fields: list[tuple[str, str]], day: str | None) -> list[tuple[str, str]]:
    """A page's fields with `day` as its `lastmod` (after `loc`), or with none when `day` is None."""
    rest = [(name, value) for name, value in fields if name != "lastmod"]
    return rest[:1] + ([("lastmod", day)] if day else []) + rest[1:]


_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def with_x_default(html: str, default: str) -> str:
    """A page whose `<head>` links its versions in each language (`rel="alternate" hreflang`), with one more after
    them: `x-default`, its version in the `default` language, for readers whose language the site does not have."""
    head = html.find("</head>")
    last, target = None, None
    for link in _LINK.finditer(html, 0, max(head, 0)):
        attributes = {name.lower(): double or single for name, double, single in _ATTRIBUTE.findall(link[0])}
        if attributes.get("rel") != "alternate" or "hreflang" not in attributes:
            continue
        if attributes["hreflang"] == "x-default":
            return html
        last = link
        if attributes["hreflang"] == default:
            target = attributes.get("href")
    if last is None or target is None:
        return html
    return f'{html[: last.end()]}\n<link rel="alternate" href="{target}" hreflang="x-default">{html[last.end() :]}'


def _write(path: Path, text: str) -> None:
    """Write a sitemap and, beside it, the same compressed (`.gz`)."""
    data = text.encode("utf-8")
    path.write_bytes(data)
    path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, compresslevel=6, mtime=0))
