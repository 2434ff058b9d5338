"""The plugin's options in mkdocs.yml (`plugins: - charter: ...`)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from ..load.loader import STALE_AFTER_DAYS


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
