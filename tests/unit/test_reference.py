"""The schema is the one source of what staff read: the JSON Schemas, the reference page and the scaffolds' comments."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
import yaml

from service_charter.generated import REFERENCE_PAGE, generated_files
from service_charter.model.json_schema import file_schemas
from service_charter.model.kinds import KINDS, SCAFFOLDS
from service_charter.model.reference import COMMENT_WIDTH, reference_page, scaffold

ROOT = Path(__file__).resolve().parents[2]


def test_the_committed_reference_page_is_the_one_the_schema_gives():
    committed = ROOT / REFERENCE_PAGE
    assert committed.read_text(encoding="utf-8") == reference_page(), "run `charter schema` and commit the result"


def test_the_reference_page_names_every_key_of_every_file():
    page = reference_page()
    sections = re.split(r"^## ", page, flags=re.MULTILINE)[1:]
    titles = {section.split("\n", 1)[0].strip("`") for section in sections}
    assert titles == {"site.yml", "vocabulary.yml", *(f"{kind.folder}/<id>.yml" for kind in KINDS)}
    for section in sections:
        title = section.split("\n", 1)[0].strip("`")
        top = {"site.yml": "site.schema.json", "vocabulary.yml": "vocabulary.schema.json"}
        name = top.get(title) or f"{_kind(title).schema}.schema.json"
        schema = file_schemas()[name]
        keys = set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE))
        expected = {key for key in schema["properties"] if key != "id"}
        for definition in schema.get("$defs", {}).values():
            if f"### {definition.get('title')} " in section:
                expected |= set(definition.get("properties", {}))
        assert expected <= keys, (title, sorted(expected - keys))


@pytest.mark.parametrize("kind", sorted(SCAFFOLDS), ids=str)
def test_a_scaffold_explains_each_key_in_the_schema_s_words(kind):
    values = (resources.files("service_charter") / "scaffolds" / f"{kind}.yml").read_text(encoding="utf-8")
    text = scaffold(SCAFFOLDS[kind], values)
    schema = file_schemas()[f"{SCAFFOLDS[kind].schema}.schema.json"]
    lines = text.splitlines()
    keys = [(index, line.split(":", 1)[0]) for index, line in enumerate(lines) if re.match(r"^[a-z_]+:", line)]
    assert keys, "the scaffold has no keys"
    for index, key in keys:
        assert key in schema["properties"], f"{kind}: `{key}` is not a key of the file"
        comment = []
        for line in reversed(lines[:index]):
            if not line.startswith("# ") or re.match(r"^# +[a-z_]+:", line):
                break
            comment.insert(0, line.removeprefix("# "))
        words = " ".join(comment)
        described = " ".join(schema["properties"][key].get("description", "").split())
        assert words, f"{kind}: `{key}` has no comment"
        if described:
            assert words.removeprefix("Optional. ") == described, (kind, key)
        assert (key in schema.get("required", [])) != words.startswith("Optional. "), (kind, key)
    assert all(len(line) <= COMMENT_WIDTH + 2 for line in lines if line.startswith("#") and "$schema" not in line)
    assert yaml.safe_load(text) is not None  # still YAML: the comments do not change the values


def test_charter_schema_check_fails_on_a_stale_reference_page(tmp_path):
    files = generated_files(tmp_path / "schema", tmp_path / "reference.md")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    args = ["--output", str(tmp_path / "schema"), "--reference", str(tmp_path / "reference.md")]
    check = [sys.executable, "-m", "service_charter", "schema", "--check", *args]
    assert subprocess.run(check, capture_output=True, text=True).returncode == 0
    (tmp_path / "reference.md").write_text(files[tmp_path / "reference.md"].replace("yes", "no", 1), encoding="utf-8")
    stale = subprocess.run(check, capture_output=True, text=True)
    assert stale.returncode == 1 and "reference.md" in stale.stderr


def _kind(title: str):
    return next(kind for kind in KINDS if title == f"{kind.folder}/<id>.yml")
