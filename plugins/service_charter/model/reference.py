"""What staff read about each key of each file, written from the JSON Schema: the reference page and the
comments of the files `charter new` creates. The schema's field docstrings are the one source of both."""

from __future__ import annotations

import re
from typing import Any

from .json_schema import file_schemas
from .kinds import KINDS, SITE_FILE, Kind
from .schema import SLUG_PATTERN

TEXT = "Text"
"""The definition of a text in each language, described once at the top of the page."""
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*):")


def reference_page() -> str:
    """The staff reference: every key of every kind of file, what to write and whether it is required."""
    schemas = file_schemas()
    lines = [
        "# Reference: every key of every charter file",
        "",
        "<!-- Generated from the content schema by `charter schema`; edit the schema's docstrings, not this page. -->",
        "",
        "Texts residents read are written in each language side by side: `title: {he: ..., ar: ..., en: ..., ru: ...}`.",
        "A language left out is shown in the default language. Ids are file names without `.yml`.",
        "",
    ]
    files = [(SITE_FILE, "site.schema.json")] + [
        (f"{kind.folder}/<id>.yml", f"{kind.schema}.schema.json") for kind in KINDS
    ]
    for title, name in files:
        schema = schemas[name]
        lines += [f"## `{title}`", "", _first_paragraph(schema.get("description", "")), ""]
        lines += _table(schema, schema)
        for group in _groups(schema):
            definition = schema["$defs"][group]
            lines += [f"### {group} (in `{title}`)", "", _first_paragraph(definition.get("description", "")), ""]
            lines += _table(definition, schema)
    return "\n".join(lines).rstrip() + "\n"


def scaffold(kind: Kind, values: str) -> str:
    """A new file of `kind`: the scaffold's `values`, each top-level key preceded by what the schema says of it."""
    schema = file_schemas()[f"{kind.schema}.schema.json"]
    properties = schema["properties"]
    lines = [
        f"# yaml-language-server: $schema=../../schema/{kind.schema}.schema.json",
        *(f"# {line}" if line else "#" for line in schema.get("description", "").splitlines()),
        f"# The file name is the id{f' and the page address ({kind.page_prefix}<id>.html)' if kind.page_prefix else ''}.",
        "# Check your work with:  charter validate",
        "",
    ]
    for line in values.splitlines():
        key = _TOP_KEY.match(line)
        if key and key[1] in properties:
            required = key[1] in schema.get("required", [])
            help_text = _description(properties[key[1]]) or _kind_of_value(properties[key[1]], schema)
            lines.append(f"# {'' if required else 'Optional: '}{help_text}")
        lines.append(line)
    return "\n".join(lines).rstrip() + "\n"


def _first_paragraph(text: str) -> str:
    return " ".join(text.split("\n\n")[0].split())


def _table(node: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    required = set(node.get("required", []))
    rows = ["| Key | Required | What to write |", "|---|---|---|"]
    for name, prop in node.get("properties", {}).items():
        if name == "id":
            continue  # the file name
        what, description = _kind_of_value(prop, schema), _description(prop)
        cell = f"{description} ({what})" if description and description != what else what
        cell = cell.replace("|", "\\|")
        rows.append(f"| `{name}` | {'yes' if name in required else 'no'} | {cell} |")
    return [*rows, ""]


def _description(prop: dict[str, Any]) -> str:
    """The field's own description (its docstring, or its type's), in one line."""
    return " ".join(str(prop.get("description", "")).split())


def _groups(schema: dict[str, Any]) -> list[str]:
    """The groups of keys (nested models) a file's keys lead to, in the order they are first met."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            name = ref.rsplit("/", 1)[-1] if ref.startswith("#/$defs/") else ""
            if name and name not in found and name != TEXT and "properties" in schema["$defs"].get(name, {}):
                found.append(name)
                walk(schema["$defs"][name])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema.get("properties", {}))
    return found


def _kind_of_value(prop: dict[str, Any], schema: dict[str, Any]) -> str:
    """What kind of value a key takes, in words: "text in each language", "a list of ..."."""
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        definition = schema["$defs"].get(name, {})
        if name == TEXT:
            return "text in each language"
        if "enum" in definition:
            return "one of " + ", ".join(f"`{value}`" for value in definition["enum"])
        if "properties" in definition:
            return f"a group of keys: see {name} below"
        return _kind_of_value(definition, schema)
    if "anyOf" in prop:
        options = [option for option in prop["anyOf"] if option.get("type") != "null"]
        return " or ".join(_kind_of_value(option, schema) for option in options)
    if "enum" in prop:
        return "one of " + ", ".join(f"`{value}`" for value in prop["enum"])
    kind = prop.get("type")
    if kind == "array":
        return "a list: each item " + _kind_of_value(prop.get("items", {}), schema)
    if kind == "object":
        values = prop.get("additionalProperties")
        return "per language: " + _kind_of_value(values, schema) if isinstance(values, dict) else "a group of keys"
    if prop.get("format") == "date":
        return "a date, `YYYY-MM-DD`"
    if kind == "integer":
        return "a whole number"
    if kind == "number" or prop.get("pattern", "").startswith("^(?!^[-+.]"):  # pydantic's decimals
        return "a number"
    if kind == "boolean":
        return "`true` or `false`"
    if kind == "string" and prop.get("pattern") == SLUG_PATTERN:
        return "an id"
    if kind == "string" and "description" in prop and "pattern" in prop:
        return _first_paragraph(prop["description"])
    return "text"
