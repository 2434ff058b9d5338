#!/usr/bin/env python3
"""Build benchmark: build time, memory, the plugin's share, preview rebuilds and page weight.

    .venv/bin/python bench/build.py [--services 100 1000 5000] [--repeat 3] [--serve-edits 8]
                                    [--serve-edits-large 2]
                                    [--out bench/results/build.md]

For synthetic charters of N services (bench/synth.py), in all four languages:

- the full `mkdocs build` of the charter site: wall time and peak memory of all its processes together
  (the other languages build in worker processes), and the same with `jobs: 1` (one after another);
- the baseline, in the same run: the same pages as hand-written Markdown (bench/baseline.py), built by
  plain MkDocs with the same theme, one language after another, and two at a time;
- the plugin's own time: in a `jobs: 1` build, the time spent in the charter plugin's event handlers
  (loading and checking the YAML, rendering the pages, building the search index), without the
  MkDocs builds it starts for the other languages, against the whole build;
- page weight: a service page opened in Chromium from a local server, every request it makes counted
  (HTML, CSS, JS, images, raw and gzipped at level 6), and the bytes of its HTML outside the page's
  own content (header, navigation, footer), which must not grow with the charter;
- search: what the first search downloads before any query (the engine and the manifest);
- output size: the raw bytes of every file of the built site, by part (pages, search index, feeds, assets,
  open data), beside those of the baseline's site.

For the example and each synthetic charter, `mkdocs serve` is started in a copy of the repository, a
service file is edited, and the time until the served page shows the edit is measured (`--serve-edits`
times, `--serve-edits-large` for 1,000 services and more).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
LANGUAGES = ["he", "ar", "en", "ru"]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SERVICE_FILE = "services/arnona-payment.yml"
"""The file edited in the preview benchmark, and the page it checks."""
SEARCH_FIRST = ["assets/charter-search.js", "{lang}/search/search_index.json"]
"""From the site's top: the engine every language shares, and a language's manifest."""
SITE_URL = "https://www.ramat-hadekalim.example/"
"""Set as a deployed site sets it: canonical links and sitemaps list full addresses."""


# --- Building ------------------------------------------------------------------------------------


def site_config(work: Path, charter_dir: Path, jobs: int | None = None) -> Path:
    """The repository's mkdocs.yml, pointed at `charter_dir`, building into `work/site`."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    config["site_url"] = SITE_URL
    config["docs_dir"] = str(ROOT / "docs")
    config["site_dir"] = str(work / "site")
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "charter" in plugin:
            plugin["charter"]["charter_dir"] = str(charter_dir)
            if jobs:
                plugin["charter"]["jobs"] = jobs
    path = work / ("mkdocs.yml" if jobs is None else f"mkdocs-jobs{jobs}.yml")
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Run `command`; its wall time and the peak of the memory (RSS) of it and its children together."""
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=log)
        peak = 0
        while process.poll() is None:
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        if process.returncode:
            log.seek(0)
            raise SystemExit(f"{' '.join(command)} failed:\n{log.read().decode()[-3000:]}")
    return seconds, peak


def timed_runs(command: list[str], cwd: Path, repeat: int) -> tuple[float, int]:
    """The median wall time of `repeat` runs, and the highest memory peak."""
    runs = [timed(command, cwd) for _ in range(repeat)]
    return statistics.median(seconds for seconds, _ in runs), max(peak for _, peak in runs)


def _tree_rss(root: int) -> int:
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    total = 0
    for pid in tree:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(found.group(1)) * 1024 if found else 0
    return total


def baseline_sites(charter_dir: Path, work: Path) -> list[Path]:
    """The same pages written as Markdown, one MkDocs project per language in `work`; their configurations."""
    sys.path.insert(0, str(ROOT / "bench"))
    from baseline import write_site

    from service_charter.load.loader import load_charter

    charter = load_charter(charter_dir)
    theme = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))["theme"]
    return [write_site(charter, lang, work / f"baseline-{lang}", theme, SITE_URL + lang) for lang in LANGUAGES]


def baseline_bytes(work: Path) -> int:
    """Raw bytes of the baseline's sites, every language."""
    return sum(
        f.stat().st_size for lang in LANGUAGES for f in (work / f"baseline-{lang}" / "site").rglob("*") if f.is_file()
    )


def baseline(charter_dir: Path, work: Path, repeat: int) -> dict[str, float]:
    """Plain MkDocs building the same pages written as Markdown: one language after another, and two at a time."""
    configs = baseline_sites(charter_dir, work)
    sequential, two_at_a_time = [], []
    for _ in range(repeat):
        sequential.append(sum(timed([*MKDOCS, "build", "-q", "-f", str(c)], c.parent)[0] for c in configs))
        started = time.perf_counter()
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda c: timed([*MKDOCS, "build", "-q", "-f", str(c)], c.parent), configs))
        two_at_a_time.append(time.perf_counter() - started)
    return {"sequential": statistics.median(sequential), "two_at_a_time": statistics.median(two_at_a_time)}


# --- The plugin's own time -----------------------------------------------------------------------

HOOKS = (
    "on_config",
    "on_files",
    "on_page_markdown",
    "on_page_content",
    "on_page_context",
    "on_post_page",
    "on_template_context",
    "on_post_template",
    "on_post_build",
)


def plugin_time(config_file: str) -> dict[str, Any]:
    """In this process: a build with every charter plugin handler timed, without the builds it starts."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from service_charter.mkdocs_plugin import plugin as mkdocs_plugin

    own: dict[str, float] = dict.fromkeys(HOOKS, 0.0)
    excluded: list[float] = []

    def timing(name: str, function: Any, nested: bool = False) -> Any:
        @functools.wraps(function)
        def timed_call(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            excluded.append(0.0)
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - started
                inner = excluded.pop()
                if nested:
                    excluded[-1] += elapsed
                else:
                    own[name] += elapsed - inner

        return timed_call

    for hook in HOOKS:
        setattr(mkdocs_plugin.CharterPlugin, hook, timing(hook, getattr(mkdocs_plugin.CharterPlugin, hook)))
    mkdocs_plugin.build_language = timing("build_language", mkdocs_plugin.build_language, nested=True)
    started = time.perf_counter()
    build(load_config(config_file))
    total = time.perf_counter() - started
    return {"total": total, "plugin": sum(own.values()), "hooks": own}


# --- Page weight ---------------------------------------------------------------------------------


def page_weight(site: Path, pages: list[str]) -> list[dict[str, Any]]:
    """Every request a first visit of each page makes in Chromium, with raw and gzipped bytes.

    The browser asks for the site at its own address (SITE_URL), answered from the built folder, so
    the links that name the site in full (language links, canonical address) stay on the site.
    """
    from playwright.sync_api import sync_playwright

    def answer(route: Any) -> None:
        path = site / route.request.url.removeprefix(SITE_URL).split("#")[0].split("?")[0]
        if path.is_file():
            route.fulfill(path=path)
        else:
            route.fulfill(status=404, body="not found")

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for page_path in pages:
            context = browser.new_context()
            context.route(f"{SITE_URL}**", answer)
            page = context.new_page()
            responses: list[Any] = []
            page.on("response", lambda response, found=responses: found.append(response))
            page.goto(f"{SITE_URL}{page_path}", wait_until="networkidle")
            files = []
            for response in responses:
                body = response.body() if response.ok else b""
                files.append(
                    {
                        "url": response.url.removeprefix(SITE_URL),
                        "type": response.request.resource_type,
                        "raw": len(body),
                        "gz": len(gzip.compress(body, 6)),
                        "other_host": not response.url.startswith(SITE_URL),
                    }
                )
            context.close()
            results.append({"page": page_path, "files": files})
        browser.close()
    return results


_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*)</article>', re.DOTALL)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL | re.IGNORECASE)


def chrome_bytes(site: Path, lang: str) -> list[int]:
    """Bytes of each service page's HTML outside its own content: what the theme repeats in every page."""
    sizes = []
    for path in sorted((site / lang).glob("service-*.html")):
        html = path.read_text("utf-8")
        found = _ARTICLE.search(html)
        sizes.append(len(html.encode()) - (len(found.group(1).encode()) if found else 0))
    return sizes


def article_text(site: Path, lang: str, pattern: str) -> int:
    """Characters of visible text in the content of the pages matching `pattern`."""
    total = 0
    for path in (site / lang).glob(pattern):
        found = _ARTICLE.search(path.read_text("utf-8"))
        if found:
            shown = _SCRIPT.sub(" ", found.group(1))  # the JSON-LD block is data, not text a reader sees
            total += len(" ".join(re.sub(r"<[^>]+>", " ", shown).split()))
    return total


# --- Output size ---------------------------------------------------------------------------------

OUTPUT_PARTS = (
    "service pages",
    "topic, life-event, department and data pages",
    "hubs, hand-written and 404 pages",
    "search index",
    "feeds, calendars and sitemaps",
    "theme's and charter's assets",
    "open data: charter.json",
    "open data: HSDS",
    "open data: the rest",
    "top of the site",
)
"""Where a built site's bytes go, in the order of the report."""
RECORD_PAGES = ("category-", "life-event-", "department-", "data-")
_JSON_LD = re.compile(rb'<script type="application/ld\+json">.*?</script>', re.DOTALL)


def output_breakdown(site: Path) -> dict[str, int]:
    """Raw bytes of every file of a built site (what static hosts count), by part; and of the pages, their JSON-LD."""
    parts = dict.fromkeys((*OUTPUT_PARTS, "of the pages: JSON-LD"), 0)
    for path in site.rglob("*"):
        if path.is_file():
            relative = path.relative_to(site).parts
            size = path.stat().st_size
            parts[_output_part(relative)] += size
            if path.suffix == ".html":
                parts["of the pages: JSON-LD"] += sum(len(block) for block in _JSON_LD.findall(path.read_bytes()))
    return parts


def site_size(site: Path) -> dict[str, Any]:
    """A built site's bytes by part (`output`) and in all (`bytes`, the parts without the JSON-LD counted within)."""
    output = output_breakdown(site)
    return {"output": output, "bytes": sum(output[part] for part in OUTPUT_PARTS)}


def _output_part(relative: tuple[str, ...]) -> str:
    top, name = relative[0], relative[-1]
    if top == "open-data":
        return "open data: charter.json" if name == "charter.json" else (
            "open data: HSDS" if relative[1] == "hsds" else "open data: the rest"
        )  # fmt: skip
    if len(relative) == 1:
        return "top of the site"
    if "assets" in relative[:2]:  # shared at the top, or a language's own
        return "theme's and charter's assets"
    if relative[1] == "search":
        return "search index"
    if name.endswith((".xml", ".xml.gz", ".ics", ".xsl")):
        return "feeds, calendars and sitemaps"
    if name.startswith("service-"):
        return "service pages"
    return "topic, life-event, department and data pages" if name.startswith(RECORD_PAGES) else (
        "hubs, hand-written and 404 pages"
    )  # fmt: skip


# --- Preview -------------------------------------------------------------------------------------


def serve_rebuilds(charter_dir: Path, edits: int) -> list[float]:
    """Seconds from saving a service file of `charter_dir` to `mkdocs serve` serving the edited page, for each edit.

    The repository's docs and mkdocs.yml are copied beside a copy of the charter, as staff have them."""
    work = Path(tempfile.mkdtemp(prefix="charter-serve-bench-"))
    shutil.copytree(charter_dir, work / "charter")
    shutil.copytree(ROOT / "docs", work / "docs")
    shutil.copy(ROOT / "mkdocs.yml", work)
    port = _free_port()
    server = subprocess.Popen(
        [*MKDOCS, "serve", "-a", f"127.0.0.1:{port}"],
        cwd=work,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    service = work / "charter" / SERVICE_FILE
    if not service.is_file():  # a synthetic charter: its first service of the same kind
        service = sorted(service.parent.glob(f"{service.stem}-*.yml"))[0]
    url = f"http://127.0.0.1:{port}/he/service-{service.stem}.html"
    original = service.read_text("utf-8")
    times = []
    try:
        _wait_for(url, lambda html: "</html>" in html, timeout=900)
        for edit in range(edits):
            marker = f"EDIT{edit:03d}X"
            service.write_text(original.replace("summary:\n  he: ", f"summary:\n  he: {marker} ", 1), "utf-8")
            saved = time.perf_counter()
            _wait_for(url, lambda html, marker=marker: marker in html, timeout=900)
            times.append(time.perf_counter() - saved)
            time.sleep(1.0)
    finally:
        server.terminate()
        server.wait(timeout=60)
        shutil.rmtree(work, ignore_errors=True)
    return times


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, ready: Any, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            with urlopen(url, timeout=5) as response:
                if ready(response.read().decode("utf-8")):
                    return
        except OSError:
            pass
        time.sleep(0.02)
    raise SystemExit(f"{url} did not show the edit within {timeout} s")


# --- The run -------------------------------------------------------------------------------------


def measure(name: str, charter_dir: Path, work: Path, repeat: int) -> dict[str, Any]:
    work.mkdir(parents=True)
    row: dict[str, Any] = {"name": name, "runs": repeat}
    config = site_config(work, charter_dir)
    row["seconds"], row["peak"] = timed_runs([*MKDOCS, "build", "-q", "-f", str(config)], work, repeat)
    sequential = site_config(work, charter_dir, jobs=1)
    row["seconds_jobs1"], row["peak_jobs1"] = timed_runs([*MKDOCS, "build", "-q", "-f", str(sequential)], work, repeat)
    shutil.rmtree(work / "site")
    profile = subprocess.run(
        [sys.executable, __file__, "--plugin-time", str(sequential)],
        cwd=work, env=ENV, capture_output=True, text=True, check=True,
    )  # fmt: skip
    row["profile"] = json.loads(profile.stdout.splitlines()[-1])
    site = work / "site"
    row["pages"] = sum(1 for _ in (site / "he").glob("*.html"))
    row.update(site_size(site))
    row["chrome"] = {lang: chrome_bytes(site, lang) for lang in ("he", "en")}
    service = sorted((site / "he").glob("service-*.html"))[0].name
    row["weight"] = page_weight(site, [f"he/{service}", f"en/{service}"])
    row["search_first"] = {
        lang: sum(len(gzip.compress((site / f.format(lang=lang)).read_bytes(), 6)) for f in SEARCH_FIRST)
        for lang in ("he", "en")
    }
    row["baseline"] = baseline(charter_dir, work, repeat)
    row["baseline_bytes"] = baseline_bytes(work)
    row["text"] = {
        "charter": article_text(site, "he", "service-*.html"),
        "baseline": article_text(work / "baseline-he" / "site", "", "service-*.html"),
    }
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({k: v for k, v in row.items() if k not in ("weight", "chrome")}), flush=True)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, nargs="*", default=[100, 1000, 5000])
    parser.add_argument("--serve-edits", type=int, default=8, help="edits to preview, the example and 100 services")
    parser.add_argument("--serve-edits-large", type=int, default=2, help="the same, 1,000 services and more")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each build, median reported (charters of 1,000 or fewer)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "build.md")
    parser.add_argument("--plugin-time", help=argparse.SUPPRESS)
    parser.add_argument("--size-only", action="store_true", help="only where the bytes go (a quicker run)")
    args = parser.parse_args(argv)
    if args.plugin_time:
        print(json.dumps(plugin_time(args.plugin_time)))
        return 0
    if args.size_only:
        return size_only(args.services, args.out, argv if argv is not None else sys.argv[1:])

    work = Path(tempfile.mkdtemp(prefix="charter-build-bench-"))
    rows = []
    try:
        rows.append(measure("example", ROOT / "charter", work / "example", args.repeat))
        rows[-1]["serve"] = serve_rebuilds(ROOT / "charter", args.serve_edits)
        for n in args.services:
            charter_dir = work / f"charter-{n}"
            synth = [sys.executable, str(ROOT / "bench" / "synth.py"), str(charter_dir), "--services", str(n)]
            subprocess.run(synth, check=True, stdout=subprocess.DEVNULL)
            rows.append(measure(str(n), charter_dir, work / f"build-{n}", args.repeat if n <= 1000 else 1))
            rows[-1]["serve"] = serve_rebuilds(charter_dir, args.serve_edits if n < 1000 else args.serve_edits_large)
            print("serve", n, rows[-1]["serve"], flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    write_report(args.out, rows, argv if argv is not None else sys.argv[1:])
    return 0


def size_only(services: list[int], out: Path, argv: list[str]) -> int:
    """Where the bytes go, for the example and charters of `services` services, written to `out`."""
    work = Path(tempfile.mkdtemp(prefix="charter-size-bench-"))
    try:
        rows = [measure_size("example", ROOT / "charter", work / "example")]
        for n in services:
            charter_dir = work / f"charter-{n}"
            synth = [sys.executable, str(ROOT / "bench" / "synth.py"), str(charter_dir), "--services", str(n)]
            subprocess.run(synth, check=True, stdout=subprocess.DEVNULL)
            rows.append(measure_size(str(n), charter_dir, work / f"build-{n}"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    command = " ".join([".venv/bin/python", "bench/build.py", *argv])
    lines = [
        "# Output size benchmark",
        "",
        f"Produced by `{command}` on {date.today()}; every build is all four languages.",
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines + output_size_lines(rows)) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


def write_report(out: Path, rows: list[dict[str, Any]], argv: list[str]) -> None:
    mb = lambda n: f"{n / 2**20:.0f} MB"  # noqa: E731
    kb = lambda n: f"{n / 1024:.1f}"  # noqa: E731
    by_name = {row["name"]: row for row in rows}
    lines = [
        "# Build benchmark",
        "",
        f"Produced by `{' '.join(['.venv/bin/python', 'bench/build.py', *argv])}` on {date.today()}, on",
        f"{_machine()}. Synthetic charters come from `bench/synth.py`; every build is all four languages.",
        "Times are wall clock, including starting Python: the median of `--repeat` runs for charters of",
        "up to 1,000 services, one run for larger ones. Memory is the peak of all the build's processes",
        "together.",
        "",
        "## Build time against plain MkDocs",
        "",
        "Baseline: the same pages as hand-written Markdown (`bench/baseline.py`), built by plain MkDocs with",
        "the same theme, navigation and search plugin, one language after another, and two languages at a",
        "time (as the charter's build runs them on this machine). The ratio is charter build / baseline.",
        "",
        "| charter | pages per language | charter build | ratio to baseline, two at a time | `jobs: 1` | "
        "ratio to baseline, one after another | baseline, two at a time | baseline, one after another | "
        "peak memory | output |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        base = row["baseline"]
        lines.append(
            f"| {row['name']} | {row['pages']} | {row['seconds']:.1f} s | "
            f"{row['seconds'] / base['two_at_a_time']:.2f} | {row['seconds_jobs1']:.1f} s | "
            f"{row['seconds_jobs1'] / base['sequential']:.2f} | {base['two_at_a_time']:.1f} s | "
            f"{base['sequential']:.1f} s | {mb(row['peak'])} | {row['bytes'] / 1e6:.0f} MB |"
        )
    if "1000" in by_name and "5000" in by_name:
        big, small = by_name["5000"], by_name["1000"]
        lines += [
            "",
            f"Growth from 1,000 to 5,000 services (×5): charter build ×{big['seconds'] / small['seconds']:.2f}, "
            f"`jobs: 1` ×{big['seconds_jobs1'] / small['seconds_jobs1']:.2f}, baseline (two at a time) "
            f"×{big['baseline']['two_at_a_time'] / small['baseline']['two_at_a_time']:.2f}.",
        ]
    lines += output_size_lines(rows)
    lines += [
        "",
        "Equivalence of the baseline: visible text in the content of the Hebrew service pages, charter",
        "site / baseline site: "
        + ", ".join(f"{row['name']} {row['text']['charter'] / row['text']['baseline']:.2f}" for row in rows)
        + ".",
        "",
        "## The plugin's own time",
        "",
        "A `jobs: 1` build in one process, every charter plugin event handler timed without the MkDocs",
        "builds it starts for the other languages. `on_config` loads and checks the charter once;",
        "`on_page_content` renders the generated pages (Jinja templates and the staff's Markdown);",
        "`on_post_build` builds the search index of each language. The rest is MkDocs and the theme.",
        "",
        "| charter | whole build | plugin | share | " + " | ".join(f"`{h}`" for h in HOOKS) + " |",
        "|---|---|---|---|" + "---|" * len(HOOKS),
    ]
    for row in rows:
        profile = row["profile"]
        hooks = " | ".join(f"{profile['hooks'][h]:.2f}" for h in HOOKS)
        lines.append(
            f"| {row['name']} | {profile['total']:.1f} s | {profile['plugin']:.1f} s | "
            f"{profile['plugin'] / profile['total']:.0%} | {hooks} |"
        )
    lines += [
        "",
        "## Page weight",
        "",
        "A service page's first visit in Chromium, the site asked for at its own address (`site_url`) and",
        "answered from the built folder: every request, gzipped at level 6 as a static host serves it.",
        '"other" is the logo and what the theme fetches as the page loads: the search manifest and each',
        "language's `sitemap.xml`. Other hosts: requests to any host but the site's own.",
        "",
        "| charter | page | requests | HTML KB (raw / gz) | CSS KB gz | JS KB gz | other KB gz | total KB gz | "
        "other hosts |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        for visit in row["weight"]:
            files = visit["files"]

            def gz_of(kinds: tuple[str, ...], files: list = files) -> int:
                return sum(f["gz"] for f in files if f["type"] in kinds)

            html = [f for f in files if f["type"] == "document"]
            lines.append(
                f"| {row['name']} | `{visit['page']}` | {len(files)} | "
                f"{kb(sum(f['raw'] for f in html))} / {kb(sum(f['gz'] for f in html))} | "
                f"{kb(gz_of(('stylesheet',)))} | {kb(gz_of(('script',)))} | "
                f"{kb(sum(f['gz'] for f in files if f['type'] not in ('document', 'stylesheet', 'script')))} | "
                f"{kb(sum(f['gz'] for f in files))} | {sum(f['other_host'] for f in files)} |"
            )
    lines += [
        "",
        "What the theme repeats around each service page's own content (header, navigation, footer),",
        "in bytes, smallest and largest over all service pages:",
        "",
        "| charter | he | en |",
        "|---|---|---|",
        *(
            f"| {row['name']} | " + " | ".join(f"{min(v)}–{max(v)}" for v in row["chrome"].values()) + " |"
            for row in rows
        ),
        "",
        "The first search downloads the search engine and the index manifest before any index file "
        "(gzipped): "
        + "; ".join(
            f"{row['name']} " + ", ".join(f"{lang} {kb(n)} KB" for lang, n in row["search_first"].items())
            for row in rows
        )
        + ". What each query adds is measured by `bench/search.py`.",
        "",
        "## Edit to preview",
        "",
        "`mkdocs serve` on a copy of the repository's docs and mkdocs.yml and of the charter;",
        f"`charter/{SERVICE_FILE}` (in a synthetic charter, the first service of that kind) is saved with a new",
        "Hebrew summary, and the served page is fetched every 20 ms until it shows it. The time includes the preview",
        "server noticing the change (it polls every 0.5 s). Target: 2 s at 1,000 services, 5 s at 5,000.",
        "",
        "| charter | edits | median | slowest | each |",
        "|---|---|---|---|---|",
        *(
            f"| {row['name']} | {len(row['serve'])} | {statistics.median(row['serve']):.2f} s | "
            f"{max(row['serve']):.2f} s | {', '.join(f'{t:.2f}' for t in row['serve'])} |"
            for row in rows
            if row.get("serve")
        ),
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out}")


def output_size_lines(rows: list[dict[str, Any]]) -> list[str]:
    """The report's table of where each site's bytes go."""
    return [
        "",
        "## Output size",
        "",
        "Raw bytes (MB of 10⁶) of every file of the built site, as static hosts count them (GitHub Pages refuses a",
        "site over 1 GB), by part; the baseline is plain MkDocs' site of the same pages, the four languages together.",
        "JSON-LD is counted within the pages it is part of.",
        "",
        "| part | " + " | ".join(row["name"] for row in rows) + " |",
        "|---|" + "---|" * len(rows),
        *(
            f"| {part} | " + " | ".join(f"{row['output'][part] / 1e6:.1f} MB" for row in rows) + " |"
            for part in (*OUTPUT_PARTS, "of the pages: JSON-LD")
        ),
        "| **whole site** | " + " | ".join(f"**{row['bytes'] / 1e6:.1f} MB**" for row in rows) + " |",
        "| baseline (plain MkDocs) | " + " | ".join(f"{row['baseline_bytes'] / 1e6:.1f} MB" for row in rows) + " |",
    ]


def measure_size(name: str, charter_dir: Path, work: Path) -> dict[str, Any]:
    """Only where the bytes go: the charter site and the baseline's, each built once."""
    work.mkdir(parents=True)
    subprocess.run([*MKDOCS, "build", "-q", "-f", str(site_config(work, charter_dir))], cwd=work, env=ENV, check=True)
    row: dict[str, Any] = {"name": name, **site_size(work / "site")}
    configs = baseline_sites(charter_dir, work)
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda c: timed([*MKDOCS, "build", "-q", "-f", str(c)], c.parent), configs))
    row["baseline_bytes"] = baseline_bytes(work)
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(row), flush=True)
    return row


def _machine() -> str:
    import platform

    import material
    import mkdocs

    model = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"{cores} cores ({model.group(1).strip() if model else platform.processor()}), Python "
        f"{platform.python_version()}, MkDocs {mkdocs.__version__}, Material {material.__version__}"
    )


if __name__ == "__main__":
    sys.exit(main())
