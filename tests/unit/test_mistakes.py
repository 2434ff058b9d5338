"""A corpus of realistic mistakes and attacks, one small file each in tests/mistakes/.

Each file starts with a comment saying what it shows and `# file: <path>`, the charter file it
becomes inside the tiny fixture charter. `# expect:` lines give every problem it must cause,
exactly (file:line:column, severity, key and message); `# absent:` and `# present:` lines give
text that must not, or must, appear in any generated page (for attacks that load but must be
rendered harmless).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import FIXTURES, LANGUAGES
from service_charter.i18n import Localizer
from service_charter.load.loader import load_charter
from service_charter.pages.render import Renderer, make_environment
from service_charter.pages.specs import page_specs
from service_charter.problems import CharterError

CASES = sorted((Path(__file__).parents[1] / "mistakes").glob("*.yml"))
TODAY = date(2026, 11, 1)


def directives(raw: bytes) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"file": [], "expect": [], "absent": [], "present": []}
    for line in raw.split(b"\n"):
        if line.startswith(b"# "):
            name, _, value = line[2:].decode("utf-8", "replace").partition(": ")
            if name in found:
                found[name].append(value)
    return found


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 30
    assert sum(1 for case in CASES if directives(case.read_bytes())["absent"]) >= 2


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.stem)
def test_mistake_is_reported_exactly_or_rendered_harmless(case, tmp_path):
    raw = case.read_bytes()
    found = directives(raw)
    root = tmp_path / "charter"
    shutil.copytree(FIXTURES / "tiny" / "charter", root)
    (root / found["file"][0]).write_bytes(raw)
    try:
        charter = load_charter(root, today=TODAY)
        problems = charter.problems
    except CharterError as exc:
        charter, problems = None, exc.problems
    reported = [p.format().split("\n")[0].split("charter/", 1)[1] for p in problems]
    assert reported == found["expect"]
    for problem in problems:
        assert problem.hint or problem.severity.value != "error" or "YAML" in problem.message, problem
    if found["absent"] or found["present"]:
        assert charter is not None, "an attack case must load, to show that it is rendered harmless"
        html = "".join(
            Renderer(charter, Localizer(lang, "he"), make_environment(), directory_urls=False).render(spec).html
            for lang in LANGUAGES
            for spec in page_specs(charter)
        )
        for text in found["absent"]:
            assert text not in html, text
        for text in found["present"]:
            assert text in html, text
