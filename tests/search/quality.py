"""Reading a built site's search index: the resident queries' recall@3 and mean reciprocal rank, and the
data of an index file.

Two query sets: `queries.yml`, words of the example's own texts in the forms residents type them, and
`residents.yml`, written from a resident's point of view (everyday words, typos, questions, other scripts)
apart from the services' keywords. `index_without_keywords` writes the example's index with the services'
keywords left out, to show how much search finds from the texts and the vocabulary alone.

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
RESIDENTS = yaml.safe_load((HERE / "residents.yml").read_text(encoding="utf-8"))
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


def report(site: Path, queries: dict[str, list[dict]] = QUERIES, languages: list[str] = LANGUAGES) -> dict[str, dict]:
    """Per language: number of queries, recall@3, MRR, and the queries not in the top 3."""
    out = {}
    for lang in languages:
        cases = queries[lang]
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


def index_without_keywords(charter_dir: Path, site: Path) -> Path:
    """Write into `site` the search index of every language of the charter, its services' keywords left out."""
    import dataclasses

    from service_charter.i18n import Localizer
    from service_charter.load.loader import load_charter
    from service_charter.search.index import build_index, charter_entries, write_index

    charter = load_charter(charter_dir)
    services = {key: service.model_copy(update={"keywords": {}}) for key, service in charter.services.items()}
    charter = dataclasses.replace(charter, services=services)
    default = charter.site.default_language
    for lang in LANGUAGES:
        (site / lang).mkdir(parents=True, exist_ok=True)
        entries = charter_entries(charter, Localizer(lang, default))
        write_index(site / lang, *build_index(entries, lang, default, charter.vocabulary))
    return site
