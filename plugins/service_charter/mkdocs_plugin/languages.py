"""One MkDocs build per language: the run they share, and the other languages' builds in worker processes.

The build MkDocs starts is the default language's. It loads the charter once and queues the other
languages' builds for worker processes (one per core, or `jobs`); whatever no worker has started when
it has built its own language, it builds itself. Worker logs come back with their results, so a
warning in any language counts for `--strict`.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mkdocs
import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.utils import CountHandler

from ..i18n import language_name
from ..model.charter import Charter
from ..model.kinds import SITE_FILE
from ..model.schema import Site
from ..publish.recipe import SiteOptions
from .parallel import Job, available_cores, start, submit

BuildLanguage = Callable[[dict[str, Any], "Run | bytes", str], "str | None"]
"""Builds one more language of a run (here, or in a worker from the run pickled); None, or what went wrong."""
log = get_plugin_logger(__name__)
PRELOAD = ("properdocs.replacement",) if mkdocs.__name__ == "properdocs" else ()
"""Under the ProperDocs fork, `mkdocs` is an alias that a worker must set up before it imports this module."""


@dataclass
class Run:
    """What the default-language build hands to the builds of the other languages (in other processes too)."""

    charter: Charter
    root_site_dir: str
    """Where this run builds every language: a staging folder beside the real site folder."""
    target_site_dir: str
    """The real site folder, replaced by the staging folder only when every language has built."""
    docs_root: str
    """The folder of hand-written pages, one folder per language inside it."""
    languages: list[str]
    options: SiteOptions


@dataclass
class OtherLanguages:
    """The default-language build's view of the other languages' builds."""

    warnings: CountHandler
    """Counts warnings from every language, for strict mode."""
    pending: dict[str, Job] = field(default_factory=dict)
    """Builds running in worker processes, by language; they answer None or what went wrong."""

    @classmethod
    def counting_warnings(cls) -> OtherLanguages:
        warnings = CountHandler()
        warnings.setLevel(logging.WARNING)
        logging.getLogger("mkdocs").addHandler(warnings)
        return cls(warnings)

    def stop_counting(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)

    def queue(self, config: MkDocsConfig, run: Run, lang: str, jobs: int | None, build: BuildLanguage) -> None:
        """Queue the languages other than `lang` for the worker processes, if there are any to spare."""
        workers = worker_count(len(run.languages), jobs)
        if workers < 1:
            return  # all built here, one after another
        packed, options = pickle.dumps(run, protocol=pickle.HIGHEST_PROTOCOL), build_options(config)
        for other in run.languages:
            if other != lang:
                self.pending[other] = submit(workers, build, options, packed, other, preload=PRELOAD)

    def finish(self, config: MkDocsConfig, run: Run, lang: str, build: BuildLanguage) -> dict[str, str | None]:
        """Build here, one after another, the languages no worker has started; what went wrong, by language."""
        pending = self.pending
        here = [other for other in run.languages if other != lang and (other not in pending or pending[other].cancel())]
        outcomes = {}
        for other in here:
            pending.pop(other, None)
            log.info(f"Building the {language_name(other)} site")
            outcomes[other] = build(build_options(config), run, other)
        return outcomes

    def collect(self) -> dict[str, str | None]:
        """Wait for every language still in a worker; what went wrong, by language."""
        outcomes = {other: outcome(job) for other, job in self.pending.items()}
        self.pending.clear()
        return outcomes

    def abandon(self) -> None:
        """Withdraw the builds no worker has started; wait for the others, which must not write any more."""
        for job in self.pending.values():
            if not job.cancel():
                outcome(job)
        self.pending.clear()
        self.stop_counting()


def languages_to_build(site: Site, only: list[str] | None) -> list[str]:
    """The languages to build: site.yml's, or those of `languages` in mkdocs.yml, always with the default.

    Loading the charter has made sure each of site.yml's has interface strings."""
    unknown = sorted(set(only or []) - set(site.languages))
    if unknown:
        raise PluginError(
            f"mkdocs.yml: plugins.charter.languages lists {', '.join(unknown)}, "
            f"which charter/site.yml does not publish ({', '.join(site.languages)})"
        )
    languages = [lang for lang in site.languages if lang in (only or site.languages)]
    return languages if site.default_language in languages else [site.default_language, *languages]


def worker_count(languages: int, jobs: int | None) -> int:
    """How many worker processes build the languages: one fewer than `jobs`, as this process is one."""
    return min(languages - 1, (jobs or available_cores()) - 1)


def start_workers(config: MkDocsConfig, charter_dir: Path, jobs: int | None) -> None:
    """Start the worker processes while the charter loads, so that their own start-up overlaps it."""
    workers = worker_count(len(published_languages(charter_dir)), jobs)
    if workers >= 1:
        start(workers, PRELOAD, f"{__name__}:warm_up", config.config_file_path)


def warm_up(config_file: str) -> None:
    """In a worker: import MkDocs, the theme and the plugins before the first build needs them."""
    load_config(config_file)


def published_languages(charter_dir: Path) -> list[str]:
    """The languages site.yml lists, at a glance (the charter is read properly later), or none."""
    try:
        # Every value read as text: an impossible date elsewhere in the file is the loader's to report.
        languages = yaml.load((charter_dir / SITE_FILE).read_text(encoding="utf-8"), yaml.BaseLoader).get("languages")
    except (OSError, ValueError, yaml.YAMLError, AttributeError):
        return []
    return languages if isinstance(languages, list) else []


def build_options(config: MkDocsConfig) -> dict[str, Any]:
    """What another language's build needs from this one's configuration, command-line options included."""
    return {
        "config_file": config.config_file_path,
        "strict": config.strict,
        "use_directory_urls": config.use_directory_urls,
    }


def outcome(job: Job) -> str | None:
    """What a language's build in a worker process answered, or why the worker failed."""
    try:
        answer: str | None = job.result()
    except Exception as exc:  # the worker process died (killed, out of memory)
        return f"its worker process failed: {exc!r}"
    return answer
