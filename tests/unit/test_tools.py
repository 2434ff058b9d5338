"""Tools for staff and CI: JSON Schema for editors, validate output for CI, scaffolds."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import FIXTURES, ROOT
from service_charter.load.yamlfile import read_yaml
from service_charter.model.json_schema import SCHEMA_FOLDER, file_schemas, render, schema_file_for
from service_charter.model.kinds import BY_FOLDER, VOCABULARY_FILE


def charter_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "service_charter", *args], cwd=cwd, capture_output=True, text=True)


def test_committed_json_schemas_are_up_to_date():
    for name, schema in file_schemas().items():
        committed = ROOT / SCHEMA_FOLDER / name
        assert committed.is_file(), f"{committed} is missing: run `charter schema`"
        assert committed.read_text(encoding="utf-8") == render(schema), f"{name} is stale: run `charter schema`"
    assert charter_cli("schema", "--check").returncode == 0


def test_every_example_file_matches_its_json_schema():
    """What editors underline must agree with what the build accepts."""
    checked = 0
    for folder in ["", VOCABULARY_FILE, *BY_FOLDER]:
        schema = json.loads((ROOT / SCHEMA_FOLDER / schema_file_for(folder)).read_text(encoding="utf-8"))
        top = [ROOT / "charter" / (folder or "site.yml")]
        paths = top if folder in ("", VOCABULARY_FILE) else sorted((ROOT / "charter" / folder).glob("*.yml"))
        for path in paths:
            jsonschema.validate(read_yaml(path, path.name).data, schema)
            checked += 1
    assert checked > 90


def test_json_schema_rejects_what_the_build_rejects():
    schema = json.loads((ROOT / SCHEMA_FOLDER / "service.schema.json").read_text(encoding="utf-8"))
    path = ROOT / "charter" / "services" / "arnona-payment.yml"
    service = read_yaml(path, path.name).data
    for broken in (
        {**service, "reponse_time": "1 days"},
        {**service, "commitments": [{"resolve": "2 fortnights"}]},
        {**service, "title": {"he": "x", "english": "x"}},
        {**service, "channels": [{"channel": "web-form", "url": "javascript:alert(1)"}]},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)


def test_editor_settings_point_every_folder_at_its_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    for folder in ["", VOCABULARY_FILE, *BY_FOLDER]:
        schema = f"./{SCHEMA_FOLDER}/{schema_file_for(folder)}"
        patterns = settings[schema] if isinstance(settings[schema], list) else [settings[schema]]
        top = f"charter/{folder or 'site.yml'}"
        assert (top if folder in ("", VOCABULARY_FILE) else f"charter/{folder}/*.yml") in patterns


@pytest.fixture
def broken_charter(tmp_path) -> Path:
    charter = tmp_path / "charter"
    shutil.copytree(FIXTURES / "tiny" / "charter", charter)
    service = charter / "services" / "pay-tax.yml"
    service.write_text(service.read_text(encoding="utf-8").replace("department: revenue", "department: finance"))
    return charter


def test_validate_for_github_annotations(broken_charter):
    result = charter_cli("validate", str(broken_charter), "--format", "github")
    assert result.returncode == 1
    line = next(line for line in result.stdout.splitlines() if "finance" in line)
    assert line.startswith("::error file=") and ",line=4,col=13::department: there is no department `finance`" in line


def test_validate_for_gitlab_code_quality(broken_charter):
    result = charter_cli("validate", str(broken_charter), "--format", "gitlab")
    assert result.returncode == 1
    [issue] = [i for i in json.loads(result.stdout) if "finance" in i["description"]]
    assert issue["severity"] == "major" and issue["location"]["lines"]["begin"] == 4
    assert issue["location"]["path"].endswith("charter/services/pay-tax.yml") and len(issue["fingerprint"]) == 64


def test_validate_as_json(broken_charter):
    result = charter_cli("validate", str(broken_charter), "--format", "json")
    [problem] = [p for p in json.loads(result.stdout) if p["severity"] == "error"]
    assert (problem["line"], problem["column"], problem["key"]) == (4, 13, "department")
    assert problem["hint"] == "create departments/finance.yml, or fix the id"


@pytest.mark.parametrize("kind", ["service", "data", "faq"])
def test_new_file_scaffold_explains_every_field_and_points_at_what_to_fill(tmp_path, kind):
    charter = tmp_path / "charter"
    shutil.copytree(FIXTURES / "tiny" / "charter", charter)
    created = charter_cli("new", kind, "my-new-record", "--folder", str(charter))
    assert created.returncode == 0, created.stderr
    folder = {"service": "services", "data": "data", "faq": "faqs"}[kind]
    text = (charter / folder / "my-new-record.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/")
    result = charter_cli("validate", str(charter))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{folder}/my-new-record.yml:" in result.stderr
    assert charter_cli("new", kind, "My Record", "--folder", str(charter)).returncode == 2


def test_a_new_charter_starts_with_the_example_s_vocabulary():
    """`charter init` writes the starter vocabulary, which is the example's own: one list to keep up."""
    starter = ROOT / "plugins" / "service_charter" / "scaffolds" / "vocabulary.yml"
    assert starter.read_text(encoding="utf-8") == (ROOT / "charter" / "vocabulary.yml").read_text(encoding="utf-8")
