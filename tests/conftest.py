"""Shared fixtures: real MkDocs builds of the example charter and of small fixture sites."""

from __future__ import annotations

import csv
import functools
import importlib.util
import json
import os
import re
import shutil
import string
import subprocess
import sys
import tempfile
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config
from search.quality import engine, index_file_data

from service_charter.addresses import HEADERS

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
    wait_until_results_settle(page)


def wait_until_results_settle(page, quiet_ms: int = 300, limit_ms: int = 5000) -> None:
    """Wait until the list of results has stopped changing for `quiet_ms`: on a busy machine the page may still be
    drawing what the worker sent (titles, then teasers), and a redraw would take the focus from a result."""
    results = "() => (document.querySelector('.md-search-result') || {}).innerHTML || ''"
    last, still = page.evaluate(results), 0
    for _ in range(limit_ms // 50):
        page.wait_for_timeout(50)
        now = page.evaluate(results)
        still = still + 50 if now == last else 0
        if still >= quiet_ms and now:
            return
        last = now
    pytest.fail("the search results kept changing")


# --- Shared by the tests of one subject that are split between tests/unit, tests/build and tests/browser ---
# Each part below is used by the test files of that name in two or three of the folders. A site built for them is
# built once per session, whichever folders run.


# --- Feedback (test_feedback.py) ---


ENDPOINT = "https://feedback.example/answers?form=page-feedback&source=charter"


def with_feedback(project: Path, url: str = ENDPOINT, method: str | None = None) -> Path:
    """The project, its site.yml asking for feedback."""
    lines = ["feedback:", f'  url: "{url}"'] + ([f"  method: {method}"] if method else [])
    with (project / "charter" / "site.yml").open("a", encoding="utf-8") as site:
        site.write("\n".join(lines) + "\n")
    return project


@pytest.fixture(scope="session")
def feedback_site(tmp_path_factory) -> Path:
    """The tiny site with feedback on, with a hand-written page in every language and one in a folder."""
    tmp = tmp_path_factory.mktemp("feedback")
    project = with_feedback(copy_project(FIXTURES / "tiny", tmp / "project"))
    (project / "docs" / "he" / "guide").mkdir()
    (project / "docs" / "he" / "guide" / "moving.md").write_text("# מעבר דירה\n\nטקסט.\n", encoding="utf-8")
    return build_site(project, tmp / "site")


# --- Change history (test_history.py) ---


HOSTILE = 'Hazard <script>alert("x")</script> ]]> &amp; \u202eevil'

# (subject, commit date) of the commits that change the charter, newest first; `git_history` makes them.
MERGED_FEE = ("Pay tax: a new card fee", "2026-06-10T09:00:00+03:00")
CLOSED = ("Close the courtyard service", "2026-06-01T09:00:00+03:00")
STREET = ("Street permits replace the old permits", "2026-05-01T09:00:00+03:00")
HAZARD_YAML = ("Hazard reports: a .yaml file", "2026-04-01T12:00:00+03:00")
HAZARD = (HOSTILE, "2026-03-01T23:30:00+00:00")  # already 2 March in Jerusalem
PAY_TAX = ("Pay tax: we now answer within 3 days", "2026-02-10T10:00:00+02:00")
INITIAL = ("Initial charter", "2026-01-05T09:00:00+02:00")
CHARTER_COMMITS = [MERGED_FEE, CLOSED, STREET, HAZARD_YAML, HAZARD, PAY_TAX, INITIAL]


def git(repo: Path, *args: str, when: str = "2026-01-01T00:00:00+00:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    env.update({"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull})
    command = ["git", "-c", "user.name=Clerk", "-c", "user.email=clerk@testville.example", "-c", "commit.gpgsign=false"]
    result = subprocess.run([*command, *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return result.stdout


def commit(repo: Path, message: tuple[str, str]) -> None:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", message[0], when=message[1])


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="session")
def git_history(tmp_path_factory) -> Path:
    """The tiny project in a git repository with a history: edits, renames, a removal, a merge, other files."""
    repo = copy_project(FIXTURES / "tiny", tmp_path_factory.mktemp("history") / "project")
    services = repo / "charter" / "services"
    hazard = (services / "report-hazard.yml").read_text(encoding="utf-8")
    (services / "old-permit.yml").write_text(hazard.replace("Report a hazard", "Old permit"), encoding="utf-8")
    (services / "courtyard.yml").write_text(hazard.replace("Report a hazard", "Courtyard"), encoding="utf-8")
    git(repo, "init", "--quiet", "--initial-branch", "main")
    commit(repo, INITIAL)
    edit(services / "pay-tax.yml", "Pay property tax at any hour.", "Pay property tax online at any hour.")
    commit(repo, PAY_TAX)
    edit(repo / "docs" / "he" / "about.md", "\n", "\n\n")  # not the charter
    (repo / "charter" / "README.txt").write_text("Notes for staff\n", encoding="utf-8")  # not a record
    commit(repo, ("Notes and wording outside the records", "2026-02-20T08:00:00+02:00"))
    edit(services / "report-hazard.yml", "Report a safety hazard.", "Report a safety hazard in the street.")
    commit(repo, HAZARD)
    git(repo, "mv", "charter/services/report-hazard.yml", "charter/services/report-hazard.yaml")
    commit(repo, HAZARD_YAML)
    git(repo, "mv", "charter/services/old-permit.yml", "charter/services/street-permit.yml")
    edit(services / "street-permit.yml", "Old permit", "Street permit")
    commit(repo, STREET)
    (services / "courtyard.yml").unlink()
    commit(repo, CLOSED)
    git(repo, "checkout", "--quiet", "-b", "fees")
    edit(services / "pay-tax.yml", "amount: 12.5", "amount: 14")
    commit(repo, MERGED_FEE)
    git(repo, "checkout", "--quiet", "main")
    git(
        repo,
        "merge",
        "--quiet",
        "--no-ff",
        "--message",
        "Merge branch 'fees'",
        "fees",
        when="2026-06-15T09:00:00+03:00",
    )
    return repo


@pytest.fixture(scope="session")
def history_site(git_history, tmp_path_factory) -> Path:
    return build_site(git_history, tmp_path_factory.mktemp("history-site") / "site")


# --- Notices (test_notices.py) ---


def in_every_language(words: str) -> str:
    return "{" + ", ".join(f"{lang}: {words} ({lang})" for lang in LANGUAGES) + "}"


# Far from today in both directions, so that these tests mean the same whenever they run.
ROADWORKS = f"""\
kind: works
title: {in_every_language("Roadworks on Main Street")}
body: {in_every_language("Use the **side entrance**. <script>alert(1)</script>")}
starts: "2020-01-05 08:00"
ends: "2090-01-01 12:00"
services: [pay-tax]
"""
FESTIVAL = f"""\
kind: event
title: {in_every_language("Harvest festival")}
body: {in_every_language("Streets around the square are closed.")}
starts: "2089-06-01 10:00+03:00"
ends: "2089-12-31 22:00"
neighbourhoods: [old-town]
url: https://festival.testville.example/
"""
OUTAGE = f"""\
kind: disruption
title: {in_every_language("Payment system outage")}
body: {in_every_language("Payments were down.")}
starts: "2021-03-01 08:00"
ends: "2021-03-01 12:00"
services: [report-hazard]
"""


def add_notices(charter: Path, **notices: str) -> None:
    folder = charter / "notices"
    folder.mkdir(exist_ok=True)
    for name, text in notices.items():
        (folder / f"{name.replace('_', '-')}.yml").write_text(text, encoding="utf-8")


@pytest.fixture(scope="session")
def notices_site(tmp_path_factory) -> Path:
    project = copy_project(FIXTURES / "tiny", tmp_path_factory.mktemp("notices") / "project")
    add_notices(project / "charter", roadworks=ROADWORKS, festival=FESTIVAL, outage=OUTAGE)
    return build_site(project, project / "site")


# --- Performance figures (test_performance.py) ---


def headline_id(service_id: str) -> str:
    """The id of an example service's headline commitment ("" when it has none), read from its YAML file."""
    data = yaml.safe_load((ROOT / "charter" / "services" / f"{service_id}.yml").read_text(encoding="utf-8"))
    commitments = data["commitments"]
    return next((c for c in commitments if c.get("headline")), commitments[0]).get("id", "")


def example_series() -> dict[tuple[str, str, str], list[tuple[str, int, int]]]:
    """The example's CSV files read independently of the plugin: (service, commitment, tier) → (period, requests,
    met), oldest first. The commitment is its id, the headline's ("" when it has none) where the CSV leaves it
    empty; the tier `standard` where the CSV leaves it empty."""
    series: dict[tuple[str, str, str], list[tuple[str, int, int]]] = defaultdict(list)
    for path in sorted((ROOT / "charter" / "performance").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as file:
            for row in csv.DictReader(file):
                service = row["service"]
                key = (service, row.get("commitment") or headline_id(service), row.get("tier") or "standard")
                series[key].append((row["period"], int(row["requests"]), int(row["met"])))
    for rows in series.values():
        rows.sort()
    return dict(series)


SERIES = example_series()
FIGURES = {
    service: rows
    for (service, commitment, tier), rows in SERIES.items()
    if commitment == headline_id(service) and tier == "standard"
}
"""Each service's figures for its headline commitment in its standard tier: service → (period, requests, met)."""


def floor_percent(requests: int, met: int) -> int:
    return met * 100 // requests


def write_csv(project: Path, name: str, text: str) -> Path:
    folder = project / "charter" / "performance"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- Generated charters for the property-based tests (test_properties.py) ---


TINY = FIXTURES / "tiny"
TODAY = date(2026, 11, 1)
HEBREW = "אבגדהוזחטיכלמנסעפצקרשת"
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
words = st.text(alphabet=HEBREW + ARABIC + string.ascii_letters + " .,:;!?-'\"<>&/()[]*_#", min_size=1, max_size=40)
texts = st.fixed_dictionaries(
    {"he": words.filter(str.strip)}, optional={lang: words.filter(str.strip) for lang in LANGUAGES[1:]}
)
durations = st.builds(
    lambda n, unit: f"{n} {unit}",
    st.integers(1, 500),
    st.sampled_from(["minutes", "hours", "days", "business_days", "weeks"]),
)


@st.composite
def services(draw, service_id: str) -> dict:
    resolve = draw(durations)
    commitment = {"resolve": resolve}
    if draw(st.booleans()):
        commitment["request"] = draw(texts)
    return {
        "title": draw(texts),
        "summary": draw(texts),
        "description": draw(texts),
        "department": "revenue",
        "categories": draw(st.lists(st.sampled_from(["tax", "reports"]), min_size=1, max_size=2, unique=True)),
        "eligibility": draw(texts),
        "steps": draw(st.lists(texts, min_size=1, max_size=3)),
        "channels": [{"channel": draw(st.sampled_from(["hotline", "web-form"]))}],
        "commitments": [commitment],
        "data": [{"item": "id-number"}, {"item": "photo"}],
        "faqs": draw(st.lists(st.fixed_dictionaries({"question": texts, "answer": texts}), max_size=2)),
        "keywords": {"he": draw(st.lists(words.filter(str.strip), max_size=3))},
        "owner": draw(texts),
        "last_reviewed": draw(st.dates(date(2020, 1, 1), TODAY)).isoformat(),
    }


@contextmanager
def tiny_copy():
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "project"
        shutil.copytree(TINY, target)
        yield target


def write_services(charter: Path, generated: list[dict]) -> None:
    for old in (charter / "services").glob("*.yml"):
        old.unlink()
    for index, service in enumerate(generated):
        (charter / "services" / f"service-{index}.yml").write_text(
            yaml.safe_dump(service, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    site = yaml.safe_load((charter / "site.yml").read_text(encoding="utf-8"))
    site["most_used"] = ["service-0"]
    (charter / "site.yml").write_text(yaml.safe_dump(site, allow_unicode=True, sort_keys=False), encoding="utf-8")
    faq = yaml.safe_load((charter / "faqs" / "track.yml").read_text(encoding="utf-8"))
    faq["services"] = ["service-0"]
    (charter / "faqs" / "track.yml").write_text(yaml.safe_dump(faq, allow_unicode=True), encoding="utf-8")


def generated_charters(max_size: int = 4):
    return st.integers(1, max_size).flatmap(lambda n: st.tuples(*[services(f"service-{i}") for i in range(n)]))


# --- Security headers (test_security_headers.py) ---


Rules = list[tuple[str, dict[str, str]]]


def parse_headers_file(text: str) -> Rules:
    """`_headers` as Netlify reads it: a path pattern at the start of a line, its `Name: value` headers indented."""
    rules: Rules = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            assert line.startswith("/"), f"line {number}: a path must start with /: {line!r}"
            rules.append((line.strip(), {}))
            continue
        name, colon, value = line.strip().partition(":")
        assert rules and colon and re.fullmatch(r"[A-Za-z-]+", name) and value.strip(), f"line {number}: {line!r}"
        rules[-1][1][name] = value.strip()
    return rules


def headers_for(rules: Rules, path: str) -> dict[str, str]:
    headers: dict[str, str] = {}
    for pattern, values in rules:
        if re.fullmatch(".*".join(map(re.escape, pattern.split("*"))), path):
            headers.update(values)
    return headers


# --- Structured data (test_structured_data.py) ---


TSC = ROOT / "node_modules" / ".bin" / "tsc"


def tsc(nodes: list[dict], folder: Path) -> subprocess.CompletedProcess:
    """Type-check `nodes` against schema-dts, each as a constant of its `@type`."""
    assert TSC.exists(), "schema-dts and typescript are missing: run `scripts/setup --test` (npm ci)"
    types = sorted({node["@type"] for node in nodes})
    lines = [f'import type {{ {", ".join(types)} }} from "schema-dts";']
    lines += [
        f"export const n{i}: {node['@type']} = {json.dumps(node, ensure_ascii=False)};" for i, node in enumerate(nodes)
    ]
    (folder / "graph.ts").write_text("\n".join(lines) + "\n", encoding="utf-8")
    node_modules = folder / "node_modules"
    if not node_modules.exists():
        node_modules.symlink_to(ROOT / "node_modules", target_is_directory=True)
    return subprocess.run(
        [str(TSC), "--noEmit", "--strict", "--skipLibCheck", "graph.ts"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )


# --- Shared by tests in several folders ---------------------------------------------------------------


def parse_html(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def directives(policy: str) -> dict[str, list[str]]:
    """A Content-Security-Policy's directives and their sources."""
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.fixture(scope="session")
def rules(example_site) -> Rules:
    """The example site's `_headers` rules."""
    return parse_headers_file((example_site / HEADERS).read_text(encoding="utf-8"))


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the tiny fixture project that a test may change."""
    return copy_project(FIXTURES / "tiny", tmp_path / "project")


def search(site: Path, lang: str, queries: list[str]) -> list[list[list[dict]]]:
    """The browser's search engine (run by Node) answering `queries` on a language of a built site."""
    return engine({"site": str(site / lang), "queries": queries})
