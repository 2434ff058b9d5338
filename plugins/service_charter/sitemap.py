"""Each language's sitemap, kept out of the way of the theme's language selector.

The theme fetches `sitemap.xml` beside every alternate-language link of a page, on every first
visit, to map pages between languages. The charter's language links already point at the same
page, so that map is never used, and a sitemap that lists every page would make each first visit
grow with the catalogue. So `<lang>/sitemap.xml` is a small sitemap index, which search engines read
as well, pointing at the full list of pages in `<lang>/sitemap-pages.xml`.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from xml.sax.saxutils import escape

PAGES = "sitemap-pages.xml"


def index_sitemap(language_dir: Path, language_url: str) -> None:
    """Move the language's sitemap to `sitemap-pages.xml` and put a sitemap index in its place.

    Without an absolute `language_url` (no `site_url`), the theme's sitemap lists no page and stays.
    """
    sitemap = language_dir / "sitemap.xml"
    if not language_url.startswith(("https://", "http://")) or not sitemap.is_file():
        return
    os.replace(sitemap, language_dir / PAGES)
    compressed = language_dir / "sitemap.xml.gz"
    if compressed.is_file():
        os.replace(compressed, language_dir / f"{PAGES}.gz")
    index = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"  <sitemap><loc>{escape(language_url + PAGES)}</loc></sitemap>\n"
        "</sitemapindex>\n"
    )
    sitemap.write_text(index, encoding="utf-8")
    compressed.write_bytes(gzip.compress(index.encode("utf-8"), mtime=0))
