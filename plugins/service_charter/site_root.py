"""The site's top folder: a page that leads to the default language and lists the others."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .catalog import Charter
from .i18n import Localizer
from .pages import HOME, Links
from .render import make_environment


def write_root(
    charter: Charter,
    site_dir: Path,
    languages: list[str],
    *,
    directory_urls: bool = False,
    override_dirs: list[Path] | None = None,
) -> None:
    """Write `index.html` at the top of the site, leading to the default language, and a 404 page."""
    default = charter.site.default_language
    template = make_environment(override_dirs or []).get_template("charter/root.html")
    home = Links(HOME, directory_urls).url(HOME) or "./"
    html = template.render(
        site=charter.site,
        default=Localizer(default, default),
        localizers=[Localizer(lang, default) for lang in languages],
        home=home,
    )
    (site_dir / "index.html").write_text(html, encoding="utf-8")
    not_found = site_dir / default / "404.html"
    if not_found.is_file():  # static hosts serve the top 404.html for any missing address
        shutil.copyfile(not_found, site_dir / "404.html")


def staging_folder(target: Path) -> Path:
    """Where a new site is built before it replaces `target`: beside it, on the same disk."""
    return target.with_name(f".{target.name}.building")


def publish(staging: Path, target: Path) -> None:
    """Replace the site in `target` with the complete one in `staging`.

    Until this moment the previous site stays untouched, so a failed build never leaves a
    half-built site behind.
    """
    old = target.with_name(f".{target.name}.previous")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
