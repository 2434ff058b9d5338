"""Strict YAML reading that remembers where every value came from.

Staff write YAML by hand, so the reader refuses what silently changes meaning elsewhere:
duplicate keys, YAML 1.1 booleans such as `no`, sexagesimal times such as `08:30`, numbers
with leading zeros. Plain scalars become `true`/`false`, `null`, whole and decimal numbers,
or strings; everything else stays a string for the schema to check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..problems import Problem, key_path

MAX_BYTES = 1_000_000
MAX_NODES = 100_000
MAX_DEPTH = 50
"""Lists and mappings nested deeper than this are refused before they are built: no charter file needs more than
a handful of levels, and deep nesting would exhaust the parsers' stack."""

KeyPath = tuple[str | int, ...]

_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(0|[1-9][0-9]*)\.[0-9]+$")
_NULL = {"", "~", "null", "Null", "NULL"}
_STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")
}
_GLUED_COMMENT = re.compile(r"[ \t]+(#[^\s#]\S*)")
"""A comment whose first word is glued to its `#`: almost always part of the value, such as an extension `#2`."""
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


@dataclass
class YamlDocument:
    """A parsed file: its data and the line and column (1-based) of every key path.

    `positions` holds where each key (or list item) starts; `value_positions` where each plain
    value starts, so a wrong value is pointed at, not its key.
    """

    path: Path
    display: str
    data: Any
    positions: dict[KeyPath, tuple[int, int]]
    value_positions: dict[KeyPath, tuple[int, int]]

    def position(self, path: KeyPath, on_key: bool = False) -> tuple[int, int]:
        """The position of `path`'s value (or key), or of its nearest ancestor in the file."""
        if not on_key and path in self.value_positions:
            return self.value_positions[path]
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def problem(self, path: KeyPath, message: str, hint: str = "", on_key: bool = False, **kwargs: Any) -> Problem:
        line, column = self.position(path, on_key)
        return Problem(self.display, line, column, key_path(path), message, hint, **kwargs)


class YamlError(Exception):
    """The file cannot be read as YAML; `problem` says where and why."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format())
        self.problem = problem


def read_yaml(path: Path, display: str) -> YamlDocument:
    """Parse one YAML file strictly; raise `YamlError` with a clear problem otherwise."""
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise YamlError(Problem(display, 1, 1, "", f"the file is larger than {MAX_BYTES:,} bytes", "split it up"))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(
            Problem(
                display,
                line,
                1,
                "",
                "the file is not saved as UTF-8 (perhaps Windows-1255 or another legacy encoding)",
                "open it in your editor and save it with the encoding “UTF-8”",
            )
        ) from None
    _refuse_line_separators(display, text)
    try:
        _refuse_deep_nesting(display, text)
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        raise YamlError(_syntax_problem(display, text, exc)) from None
    except yaml.YAMLError as exc:
        raise YamlError(Problem(display, 1, 1, "", f"not valid YAML: {exc}")) from None
    builder = _Builder(display, text)
    data = builder.build(node, ()) if node is not None else None
    return YamlDocument(path, display, data, builder.positions, builder.value_positions)


_LINE_SEPARATORS = re.compile("[\u0085\u2028\u2029]")


def _refuse_line_separators(display: str, text: str) -> None:
    """Invisible line separators, which YAML counts as new lines (so every later position would be off) but editors
    do not show."""
    found = _LINE_SEPARATORS.search(text)
    if found:
        start = found.start()
        raise _error(
            display,
            (text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)),
            f"the text holds an invisible line separator (U+{ord(found[0]):04X}), which YAML reads as a new line",
            "delete it: retype the words around it, or paste them as plain text",
        )


def _error(display: str, position: tuple[int, int], message: str, hint: str) -> YamlError:
    """A file that cannot be read, at its (line, column)."""
    return YamlError(Problem(display, *position, "", message, hint))


def _refuse_deep_nesting(display: str, text: str) -> None:
    """Refuse lists and mappings nested deeper than `MAX_DEPTH`, reading events (which needs no stack) before any
    parser builds the tree (which does). Only files that could be so deep are read twice."""
    brackets = text.count("[") + text.count("{")
    deepest = max((len(line) - len(line.lstrip(" -")) for line in text.splitlines()), default=0)
    if brackets <= MAX_DEPTH and deepest <= MAX_DEPTH:
        return
    depth = 0
    loader = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise _error(
                    display,
                    (mark.line + 1, mark.column + 1) if mark else (1, 1),
                    f"lists and groups are nested more than {MAX_DEPTH} deep",
                    "check the brackets and the indentation; a charter file needs only a few levels",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _compose(text: str) -> yaml.Node | None:
    """The node tree of `text`, parsed by libyaml when PyYAML has it (about five times faster).

    Both parsers give the same nodes and positions. On a syntax error the pure-Python parser runs
    again, because its messages name the offending character, which the hints rely on.
    """
    if not yaml.__with_libyaml__:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    try:
        return yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as fast_error:
        yaml.compose(text, Loader=yaml.SafeLoader)  # raises the same error, worded for the hints
        raise fast_error from None


def _syntax_problem(display: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = (exc.problem or exc.context or "syntax error").strip()
    source_line = text.splitlines()[line - 1] if mark and line <= len(text.splitlines()) else ""
    hint = "check the indentation and that every `key: value` has a space after the colon"
    if "\t" in source_line or "'\\t'" in what:
        what, hint = "a tab character is used for indentation", "indent with spaces only, never tabs"
    elif "mapping values are not allowed" in what:
        hint = 'a value that contains `: ` must be quoted, e.g. `title: "Hours: 8–16"`'
    elif "found character '@'" in what or "found character '`'" in what:
        hint = "quote a value that starts with @ or `"
    return Problem(display, line, column, "", f"YAML syntax: {what}", hint)


class _Builder:
    """Turns a composed node tree into plain values, recording positions."""

    def __init__(self, display: str, text: str):
        self.display = display
        self.lines = text.splitlines()
        self.building: set[int] = set()
        """The lists and mappings being built, to refuse an alias to one of them (it would never end)."""
        self.positions: dict[KeyPath, tuple[int, int]] = {}
        self.value_positions: dict[KeyPath, tuple[int, int]] = {}
        self.count = 0

    def fail(self, node: yaml.Node, message: str, hint: str = "", path: KeyPath = ()) -> YamlError:
        mark = node.start_mark
        return YamlError(Problem(self.display, mark.line + 1, mark.column + 1, key_path(path), message, hint))

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(node, "the file is too large or repeats anchors too often", "remove `&` and `*` aliases")
        self.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if node.tag not in _STANDARD_TAGS:
            raise self.fail(node, f"the YAML tag `{node.tag}` is not allowed", "remove the `!` tag", path)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if id(node) in self.building:
            raise self.fail(
                node, "an alias (`*`) refers to the list or group it is inside", "write the values out in full", path
            )
        self.building.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        finally:
            self.building.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, "merge keys (`<<`) are not supported", "write the keys out in full", path)
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, "a key must be a plain word", "", path)
            key = str(key_node.value)
            if key in first_seen:
                raise self.fail(
                    key_node,
                    f"the key `{key}` appears twice (first on line {first_seen[key]})",
                    "delete one of them; YAML would silently keep only the last",
                    (*path, key),
                )
            first_seen[key] = key_node.start_mark.line + 1
            self.positions[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, (*path, key))
        return result

    def _scalar(self, node: yaml.ScalarNode, path: KeyPath) -> Any:
        self.value_positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        value = node.value
        if node.style is not None and node.style != "":
            return value  # quoted or block scalars are always text
        self._refuse_lost_words(node, path)
        if value in _NULL:
            return None
        if value in _BOOL:
            return _BOOL[value]
        if _INT.match(value):
            return int(value)
        if _FLOAT.match(value):
            return float(value)
        return value

    def _refuse_lost_words(self, node: yaml.ScalarNode, path: KeyPath) -> None:
        """`phone: 03-5551234 #2` is a number and a comment to YAML: the words glued to the `#` would be lost."""
        end = node.end_mark
        line = self.lines[end.line] if end.line < len(self.lines) else ""
        lost = _GLUED_COMMENT.match(line, end.column)
        if lost:
            raise self.fail(
                node,
                f"`{lost[1]}` after the value is read as a comment and would be left out",
                f'put the whole value in quotes to keep it: `"{node.value} {lost[1]}"`; a comment needs a space',
                path,
            )
