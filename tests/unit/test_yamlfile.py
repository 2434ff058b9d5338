"""Strict YAML reading: traps that change meaning elsewhere are refused or kept as text."""

from __future__ import annotations

import pytest
import yaml

from conftest import ROOT
from service_charter.load import yamlfile
from service_charter.load.yamlfile import YamlError, read_yaml


def read(tmp_path, text: str | bytes):
    path = tmp_path / "record.yml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return read_yaml(path, "record.yml")


def error(tmp_path, text: str | bytes) -> str:
    with pytest.raises(YamlError) as caught:
        read(tmp_path, text)
    return caught.value.problem.format()


def test_yaml_11_traps_stay_text(tmp_path):
    data = read(tmp_path, "a: no\nb: 08:30\nc: 0501234567\nd: on\ne: 2026-01-05\nf: 1_000\n").data
    assert data == {"a": "no", "b": "08:30", "c": "0501234567", "d": "on", "e": "2026-01-05", "f": "1_000"}


def test_plain_numbers_booleans_and_null(tmp_path):
    data = read(tmp_path, "a: 12\nb: 1.5\nc: true\nd: false\ne: null\nf: ~\ng:\nh: '12'\n").data
    assert data == {"a": 12, "b": 1.5, "c": True, "d": False, "e": None, "f": None, "g": None, "h": "12"}


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML was built without libyaml")
def test_libyaml_and_pure_python_parsers_agree_on_every_example_file(monkeypatch):
    """The reader parses with libyaml for speed; values and positions must be the pure parser's."""
    files = sorted((ROOT / "charter").rglob("*.yml"))
    fast = [read_yaml(path, path.name) for path in files]
    monkeypatch.setattr(yamlfile.yaml, "__with_libyaml__", False)
    pure = [read_yaml(path, path.name) for path in files]
    assert len(files) > 100
    for a, b in zip(fast, pure, strict=True):
        assert (a.data, a.positions, a.value_positions) == (b.data, b.positions, b.value_positions), a.display


def test_positions_of_nested_keys(tmp_path):
    document = read(tmp_path, "title:\n  he: שלום\nsteps:\n  - he: א\n  - he: ב\n")
    assert document.positions[("title", "he")] == (2, 3)
    assert document.positions[("steps", 1)] == (5, 5)
    assert document.position(("steps", 1, "en")) == (5, 5)


def test_duplicate_key_names_both_lines(tmp_path):
    message = error(tmp_path, "title: a\nsummary: b\ntitle: c\n")
    assert message.startswith("record.yml:3:1: error: title: the key `title` appears twice (first on line 1)")


def test_tab_indentation(tmp_path):
    message = error(tmp_path, "title:\n\the: a\n")
    assert message.startswith("record.yml:2:1: error: YAML syntax: a tab character is used for indentation")
    assert "never tabs" in message


def test_byte_order_mark_is_accepted(tmp_path):
    assert read(tmp_path, b"\xef\xbb\xbftitle: a\n").data == {"title": "a"}


def test_windows_1255_file_is_explained(tmp_path):
    message = error(tmp_path, "title: שלום\n".encode("cp1255"))
    assert message.startswith("record.yml:1:1: error: the file is not saved as UTF-8")
    assert "UTF-8" in message.split("hint:")[1]


def test_python_tags_are_refused(tmp_path):
    message = error(tmp_path, "a: !!python/object/apply:os.system ['true']\n")
    assert "record.yml:1:4" in message and "is not allowed" in message


def test_alias_bomb_is_bounded(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    assert "too large" in error(tmp_path, "\n".join(lines) + "\n")


def test_unquoted_colon_gets_a_hint(tmp_path):
    message = error(tmp_path, "title: Hours: 8-16\n")
    assert message.startswith("record.yml:1:13: error: YAML syntax: mapping values are not allowed here")
    assert "must be quoted" in message
