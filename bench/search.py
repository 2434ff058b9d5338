#!/usr/bin/env python3
"""Search benchmark: what a first search downloads, and how fast results follow the last keystroke.

    .venv/bin/python bench/search.py [--services 100 1000 5000] [--queries 40] [--request-ms 150]
        [--key-ms 200] [--slow-queries 10] [--out bench/results/search.md]

It reports recall@3 and MRR of both query sets (tests/search/queries.yml and residents.yml) on the
example site, and of residents.yml again with the services' keywords left out of the index. Then, for
the example charter and for synthetic charters of N services (bench/synth.py), in every language, it
builds the search index and runs the resident queries:

- payload: each query on a fresh engine (tests/search/engine.cjs under Node) lists the index files
  it loads; added to the scripts and the manifest every page loads, gzipped at level 6 as a static
  host serves them. The baseline, measured in the same run, is the whole index in one file, as the
  theme's own search downloads it before its first result: every entry's title and text as JSON;
- latency: in Chromium, on the example site with the N-service index in place, each query is typed
  key by key; the time from the last keystroke (the query the theme posts) to the next frame after
  the results arrive. "warm" repeats each query once its index files are cached, "first" is the
  first time, files fetched from a local server; "slow network" gives each query a fresh browser
  whose every request Chromium delays (150 ms), typed at a phone typist's pace (a key every 200 ms).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "search"))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from quality import RESIDENTS, index_file_data, index_without_keywords, report  # noqa: E402

from service_charter.i18n import Localizer  # noqa: E402
from service_charter.load.loader import load_charter  # noqa: E402
from service_charter.search.index import build_index, charter_entries, write_index  # noqa: E402

LANGUAGES = ["he", "ar", "en", "ru"]
ENGINE = ROOT / "tests" / "search" / "engine.cjs"
ALWAYS = ["assets/charter-search-boot.js", "assets/charter-search.js", "search/search_index.json"]
"""Loaded by every page or by the first search, whatever the query: the scripts at the top of the site, shared by
every language, and the language's manifest."""
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SYNTH_TODAY = date(2026, 6, 1)

RECORD_LATENCY = """
window.searchLatency = [];
const NativeWorker = window.Worker;
window.Worker = function (url, options) {
  const worker = new NativeWorker(url, options);
  let asked = null;
  const post = worker.postMessage.bind(worker);
  worker.postMessage = message => {
    if (message.type === 2) asked = {query: message.data, at: performance.now()};
    post(message);
  };
  worker.addEventListener("message", event => {
    if (event.data.type !== 3 || !asked) return;
    const {query, at} = asked;
    requestAnimationFrame(() => window.searchLatency.push({query, ms: performance.now() - at}));
  });
  return worker;
};
"""


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def write_charter_index(charter_dir: Path, site: Path, today: date | None) -> tuple[int, float]:
    """The search index of every language of a charter, written as a built site holds it.

    Returns the number of entries and the seconds the index took (after the charter is loaded).
    """
    charter = load_charter(charter_dir, today=today) if today else load_charter(charter_dir)
    started = time.perf_counter()
    default = charter.site.default_language
    count = 0
    for lang in LANGUAGES:
        entries = list(charter_entries(charter, Localizer(lang, default)))
        (site / lang / "search").mkdir(parents=True, exist_ok=True)
        write_index(site / lang, *build_index(entries, lang, default, charter.vocabulary))
        count = len(entries)
    return count, time.perf_counter() - started


def whole_index_gz(site: Path, lang: str) -> int:
    """The baseline: every entry's title and text in one JSON file."""
    folder = next((site / lang / "search").glob("*/"))
    docs = [entry for chunk in sorted(folder.glob("d-*.js")) for entry in index_file_data(chunk)]
    shards = {term: postings for shard in folder.glob("t-*.js") for term, postings in index_file_data(shard).items()}
    return len(gzip.compress(json.dumps({"docs": docs, "terms": shards}, ensure_ascii=False).encode(), 6))


def payload(site: Path, example_site: Path, lang: str, queries: list[str]) -> dict:
    """Gzipped bytes each query downloads on a first visit, before its results show: the query alone, and
    typed key by key with every keystroke's query answered (what a slow typist's browser may fetch)."""

    def sizes(typed: bool) -> list[int]:
        request = {"site": str(site / lang), "queries": queries, "cold": True, "typed": typed}
        done = subprocess.run(
            ["node", str(ENGINE)], input=json.dumps(request), capture_output=True, text=True, check=True
        )
        fixed = sum(gz(example_site / name) for name in ALWAYS[:2]) + gz(site / lang / ALWAYS[2])
        return sorted(fixed + sum(gz(site / lang / name) for name in a["files"]) for a in json.loads(done.stdout))

    alone, typed = sizes(False), sizes(True)
    return {
        "median": statistics.median(alone),
        "p95": _p95(alone),
        "max": alone[-1],
        "typed_p95": _p95(typed),
        "whole": whole_index_gz(site, lang),
    }


def _p95(values: list) -> Any:
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def latency(site: Path, lang: str, queries: list[str]) -> dict:
    """Milliseconds from the last keystroke to the results, in Chromium."""
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    first, warm = [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page()
            page.add_init_script(RECORD_LATENCY)
            page.goto(f"http://127.0.0.1:{server.server_port}/{lang}/index.html")
            box = page.locator(".md-search__input")
            box.click()
            for round_ in (first, warm):
                for query in queries:
                    box.fill("")
                    page.wait_for_timeout(50)
                    page.evaluate("window.searchLatency = []")
                    box.press_sequentially(query, delay=30)
                    page.wait_for_function(
                        "q => window.searchLatency.some(r => r.query === q)", arg=query, timeout=10_000
                    )
                    round_.append(page.evaluate("q => window.searchLatency.find(r => r.query === q).ms", query))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()

    return {"first_p95": _p95(first), "warm_median": statistics.median(warm), "warm_p95": _p95(warm)}


ONE_AT_A_TIME = (
    "const handle = protocol(searchFolder(scope.location.href), fetchFile);",
    "let queue = Promise.resolve();"
    "const next = url => (queue = queue.then(() => fetchFile(url), () => fetchFile(url)));"
    "const handle = protocol(searchFolder(scope.location.href), next);",
)
"""The baseline of the slow-network timing: the same engine fetching its index files one after another."""


def one_at_a_time(site: Path) -> Path:
    """A copy of a built site whose search engine fetches one index file at a time."""
    copy = site.with_name(site.name + "-one-at-a-time")
    if copy.exists():
        return copy
    shutil.copytree(site, copy)
    for engine in copy.glob("assets/charter-search.js"):
        text = engine.read_text("utf-8")
        assert ONE_AT_A_TIME[0] in text, "the engine's worker set-up has changed: update ONE_AT_A_TIME"
        engine.write_text(text.replace(*ONE_AT_A_TIME), "utf-8")
    return copy


def throttled_latency(site: Path, lang: str, queries: list[str], request_ms: int, key_ms: int) -> dict:
    """Milliseconds from the last keystroke to the results on a first visit over a slow network: each query
    in a fresh browser context (nothing cached), every request delayed by `request_ms` (Chromium's network
    emulation), typed at one key every `key_ms` once the page has loaded."""
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    times = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for query in queries:
                context = browser.new_context()
                page = context.new_page()
                network = context.new_cdp_session(page)
                network.send("Network.enable")
                conditions = {"offline": False, "latency": request_ms, "downloadThroughput": -1, "uploadThroughput": -1}
                network.send("Network.emulateNetworkConditions", conditions)
                page.add_init_script(RECORD_LATENCY)
                page.goto(f"http://127.0.0.1:{server.server_port}/{lang}/index.html", wait_until="load")
                page.locator(".md-search__input").click()
                page.locator(".md-search__input").press_sequentially(query, delay=key_ms)
                page.wait_for_function("q => window.searchLatency.some(r => r.query === q)", arg=query, timeout=20_000)
                times.append(page.evaluate("q => window.searchLatency.find(r => r.query === q).ms", query))
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {"median": statistics.median(times), "p95": _p95(times), "max": max(times)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, nargs="*", default=[100, 1000, 5000])
    parser.add_argument("--queries", type=int, default=40, help="queries per language typed in Chromium")
    parser.add_argument(
        "--latency", nargs="*", default=["example", "1000"], help="the charters to time in Chromium (by name or N)"
    )
    parser.add_argument("--request-ms", type=int, default=150, help="delay of every request on the slow network")
    parser.add_argument("--key-ms", type=int, default=200, help="time between keys on the slow network")
    parser.add_argument("--slow-queries", type=int, default=10, help="queries per language on the slow network")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "search.md")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="charter-search-bench-"))
    rows = []
    try:
        os.chdir(ROOT)
        example_site = work / "example"
        build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(example_site)))
        quality = {
            "queries.yml": report(example_site),
            "residents.yml": report(example_site, RESIDENTS),
            "residents.yml, services' keywords left out": report(
                index_without_keywords(ROOT / "charter", work / "without-keywords"), RESIDENTS
            ),
        }
        charters: list[tuple[str, Path, date | None]] = [("example", ROOT / "charter", None)]
        for n in args.services:
            target = work / f"charter-{n}"
            synth = [sys.executable, str(ROOT / "bench" / "synth.py"), str(target), "--services", str(n)]
            subprocess.run(synth, check=True)
            charters.append((str(n), target, SYNTH_TODAY))
        for name, charter_dir, today in charters:
            site = work / f"site-{name}"
            shutil.copytree(example_site, site)
            for lang in LANGUAGES:
                shutil.rmtree(site / lang / "search")
            entries, seconds = write_charter_index(charter_dir, site, today)
            for lang in LANGUAGES:
                queries = [case["q"] for case in RESIDENTS[lang]]
                size = payload(site, example_site, lang, queries)
                timing = None
                if name in args.latency:
                    timing = latency(site, lang, queries[: args.queries])
                    sample = queries[:: max(1, len(queries) // args.slow_queries)][: args.slow_queries]
                    slow = throttled_latency(site, lang, sample, args.request_ms, args.key_ms)
                    timing |= {f"slow_{key}": value for key, value in slow.items()}
                    serial = throttled_latency(one_at_a_time(site), lang, sample, args.request_ms, args.key_ms)
                    timing |= {f"serial_{key}": value for key, value in serial.items()}
                rows.append((name, entries, lang, size, timing, seconds))
                print(name, lang, size, timing, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    write_report(args.out, quality, rows, argv if argv is not None else sys.argv[1:], args)
    return 0


def write_report(out: Path, quality: dict, rows: list, argv: list[str], args: argparse.Namespace) -> None:
    kb = lambda n: f"{n / 1024:.1f}"  # noqa: E731
    lines = [
        "# Search benchmark",
        "",
        f"Produced by `.venv/bin/python bench/search.py {' '.join(argv)}`".rstrip() + f" on {date.today()}",
        f"({os.cpu_count()} cores, Chromium {_chromium_version()}). Bytes are gzipped (level 6).",
        "",
        "## Finding the right service",
        "",
        "The expected service among the first three results (recall@3), and the mean of 1 / its rank (MRR), on",
        "the example site. `queries.yml`: the example's own words in the forms residents type them;",
        "`residents.yml`: written from a resident's point of view (everyday words, typos, questions, other",
        "scripts), apart from the services' keywords; then the same with the services' keywords left out of",
        "the index, so that only the pages' texts and the vocabulary (`charter/vocabulary.yml`) find them.",
        "",
    ]
    for title, results in quality.items():
        lines += [f"### {title}", "", "| lang | queries | recall@3 | MRR | not in the top 3 |", "|---|---|---|---|---|"]
        lines += [
            f"| {lang} | {q['queries']} | {q['recall@3']:.3f} | {q['mrr']:.3f} | "
            + ("; ".join(f"`{text}` → {expect} (rank {rank or '–'})" for text, expect, rank in q["misses"]) or "–")
            + " |"
            for lang, q in results.items()
        ]
        lines.append("")
    lines += [
        "## Download and speed",
        "",
        "Before the first result, for each query of `residents.yml` on a first visit: the engine, the manifest,",
        "the index files the query needs and the teasers of the results shown (“query”), and the same when the",
        "query is typed key by key and every keystroke's query is answered in full, files fetched ahead on the",
        "first letter included (“typed”, an upper bound). Baseline: the whole index in one file, as the theme's",
        "own search must download it first.",
        "",
        "Time from the last key to the results: “warm”, index files cached; “first time”, the same page, files",
        "fetched from a local server; “slow network”: a fresh browser (nothing cached) for each of",
        f"{args.slow_queries} queries, every request delayed {args.request_ms} ms by Chromium's network emulation,",
        f"typed at one key every {args.key_ms} ms. Its baseline, in the same run: the same engine fetching one",
        "index file at a time.",
        "",
        "| charter | entries | lang | query: median KB | p95 KB | max KB | typed: p95 KB | whole index KB | "
        "max / whole | warm: p95 ms | median ms | first time: p95 ms | slow network: median ms | p95 ms | max ms | "
        "one file at a time: p95 ms | p95 / one at a time |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, entries, lang, size, timing, _ in rows:
        keys = ("warm_p95", "warm_median", "first_p95", "slow_median", "slow_p95", "slow_max", "serial_p95")
        ms = [f"{timing[k]:.0f}" for k in keys] if timing else ["–"] * len(keys)
        ms.append(f"{timing['slow_p95'] / timing['serial_p95']:.2f}" if timing else "–")
        lines.append(
            f"| {name} | {entries} | {lang} | {kb(size['median'])} | {kb(size['p95'])} | {kb(size['max'])} | "
            f"{kb(size['typed_p95'])} | {kb(size['whole'])} | {size['max'] / size['whole']:.2f} | {' | '.join(ms)} |"
        )
    lines += ["", "Index build time (all four languages, in-process, after loading the charter):", ""]
    for name, _, lang, _, _, seconds in rows:
        if lang == LANGUAGES[0]:
            lines.append(f"- {name}: {seconds:.1f} s")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out}")


def _chromium_version() -> str:
    done = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True)
    return done.stdout.split()[1] if done.returncode == 0 else "?"  # "Chromium <version> built on …"


if __name__ == "__main__":
    raise SystemExit(main())
