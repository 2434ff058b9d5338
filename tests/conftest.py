"""Shared fixtures: real MkDocs builds of the example charter and of small fixture sites."""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from search.quality import index_file_data

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
LANGUAGES = ["he", "ar", "en", "ru"]
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _bench_module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


synth = _bench_module("synth")
"""The benchmark's generator of synthetic charters (bench/synth.py)."""


def build_site(project: Path, site_dir: Path, **overrides) -> Path:
    """Build `project`'s mkdocs.yml with the real MkDocs into `site_dir`, strictly."""
    cwd = os.getcwd()
    os.chdir(project)
    try:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=True, **overrides)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    finally:
        os.chdir(cwd)
    return site_dir


def copy_project(source: Path, target: Path) -> Path:
    """A copy of a project (mkdocs.yml, charter/, docs/) that a test may change."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("site", ".venv", ".git", "tests", "bench"))
    return target


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The repository's example municipality, built in all four languages."""
    return build_site(ROOT, tmp_path_factory.mktemp("example") / "site")


@pytest.fixture(scope="session")
def tiny_site(tmp_path_factory) -> Path:
    return build_site(FIXTURES / "tiny", tmp_path_factory.mktemp("tiny") / "site")


def search_teasers(language_site: Path) -> list[dict]:
    """The title and teaser of every entry in a language's search index."""
    folder = next((language_site / "search").glob("*/"))
    return [entry for path in folder.glob("d-*.js") for entry in index_file_data(path)]


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


@contextmanager
def serve_folder(folder: Path, handler: type[SimpleHTTPRequestHandler] = _QuietHandler) -> Iterator[str]:
    """A folder served over HTTP on the loopback interface, as a static host would; its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(example_site) -> Iterator[str]:
    """The example site served over HTTP."""
    with serve_folder(example_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


_ANSWERED = """() => {
  // Remember the words of the query the search worker last answered (it answers only the latest).
  if (self.answered !== undefined) return;
  self.answered = null;
  const post = self.postMessage.bind(self);
  self.postMessage = message => {
    const items = message.type === 3 ? message.data.items : [];
    if (items.length) self.answered = Object.keys(items[0][0].terms).join(" ");
    post(message);
  };
}"""


def listen_for_answers(page):
    """The page's search worker, made to remember which query it last answered (None from a folder on disk)."""
    worker = page.workers[0] if page.workers else None
    if worker:
        worker.evaluate(_ANSWERED)
    return worker


def wait_for_answer(page, worker, query: str) -> None:
    """Wait until the results of the whole query, not of a prefix typed on the way, are on the page."""
    from service_charter.search.text import content_words

    if not worker:
        page.wait_for_selector(".md-search-result__list li")
        return
    for _ in range(100):
        if worker.evaluate("() => self.answered") == " ".join(content_words(query)):
            break
        page.wait_for_timeout(50)
    else:
        pytest.fail(f"no answer to {query!r}")
    page.wait_for_timeout(100)  # the page renders what the worker sent
