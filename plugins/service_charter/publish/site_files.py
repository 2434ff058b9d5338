"""The files at the top of the site that crawlers and hosts read: sitemaps, `robots.txt`, `_redirects`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from ..addresses import NOT_FOUND_PAGE, REDIRECTS, ROBOTS, SITEMAP
from .sitemap import link_languages, write_site_index

ROBOTS_WITHOUT_SITEMAP = """\
# No Sitemap line: a sitemap needs the site's full address. Set `site_url` in mkdocs.yml to get one.
"""


def write_site_files(
    site_dir: Path, site_url: str, languages: list[str], default: str, lastmod: Mapping[str, str] | None = None
) -> None:
    """Write the site-wide files once every language is built into `site_dir`.

    `site_url` is the site's absolute address ending in `/`, or empty when it is not known; `lastmod` the day
    each page last changed, by its address in a language's folder (`sitemap.last_changes`).
    """
    if site_url:
        link_languages(site_dir, site_url, languages, default, lastmod)
        write_site_index(site_dir, site_url, languages)
    write_robots(site_dir, site_url)
    write_redirects(site_dir, site_url, languages)


def write_robots(site_dir: Path, site_url: str) -> None:
    """Every page may be crawled; the sitemap is named when the site's address is known.

    Crawlers read `robots.txt` only at the top of a host: a site published in a folder
    (`https://city.example/charter/`) must have the `Sitemap:` line copied into the host's own.
    """
    lines = ["User-agent: *", "Allow: /", ""]
    lines += [f"Sitemap: {site_url}{SITEMAP}", ""] if site_url else [ROBOTS_WITHOUT_SITEMAP]
    (site_dir / ROBOTS).write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")


def write_redirects(site_dir: Path, site_url: str, languages: list[str]) -> None:
    """Netlify's `_redirects`: a missing address in a language's folder gets that language's 404 page.

    Other hosts ignore the file and serve the top `404.html`, which speaks every language.
    """
    prefix = (urlsplit(site_url).path or "/") if site_url else "/"
    lines = ["# Netlify: each language's own “page not found” page for a missing address in its folder."]
    lines += [f"{prefix}{lang}/*  {prefix}{lang}/{NOT_FOUND_PAGE}  404" for lang in languages]
    (site_dir / REDIRECTS).write_text("\n".join(lines) + "\n", encoding="utf-8")
