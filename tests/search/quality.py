"""Reading a built site's search index: the resident queries' recall@3 and mean reciprocal rank
(queries.yml), and the data of an index file.

Used by the tests (test_search.py holds the figures to a floor) and bench/search.py (which reports them).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import yaml

HERE = Path(__file__).parent
QUERIES = yaml.safe_load((HERE / "queries.yml").read_text(encoding="utf-8"))
LANGUAGES = ["he", "ar", "en", "ru"]


def engine(request: dict) -> list:
    """Ask the browser's search engine, run by Node (engine.cjs)."""
    node = shutil.which("node") or "node"
    done = subprocess.run(
        [node, str(HERE / "engine.cjs")], input=json.dumps(request), capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def index_file_data(path: Path) -> object:
    """The data an index file hands to the engine: `__charterSearch("name",DATA);`."""
    text = path.read_text("utf-8")
    return json.loads(text[text.index(",") + 1 : text.rindex(")")])


def report(site: Path) -> dict[str, dict]:
    """Per language: number of queries, recall@3, MRR, and the queries not in the top 3."""
    out = {}
    for lang in LANGUAGES:
        cases = QUERIES[lang]
        results = engine({"site": str(site / lang), "queries": [case["q"] for case in cases]})
        ranks = []
        for case, groups in zip(cases, results, strict=True):
            locations = [group[0]["location"].split("#")[0] for group in groups]
            page = f"service-{case['expect']}.html"
            ranks.append(locations.index(page) + 1 if page in locations else None)
        out[lang] = {
            "queries": len(cases),
            "recall@3": sum(1 for r in ranks if r and r <= 3) / len(cases),
            "mrr": sum(1 / r for r in ranks if r) / len(cases),
            "misses": [(c["q"], c["expect"], r) for c, r in zip(cases, ranks, strict=True) if not r or r > 3],
        }
    return out
