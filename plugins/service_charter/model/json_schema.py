"""JSON Schema for every kind of charter file, generated from the content model, for editors and CI."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from .kinds import BY_FOLDER, KINDS, SITE_FILE, VOCABULARY_FILE
from .schema import Entity, Site, Vocabulary

SCHEMA_FOLDER = "schema"
"""Where the schemas are committed, beside the charter folder; YAML files name them in their first line."""


def schema_for(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema of one file of `model`; an entity's id comes from its file name, so it is optional."""
    schema = model.model_json_schema(mode="validation")
    if issubclass(model, Entity):
        schema["required"] = [name for name in schema.get("required", []) if name != "id"]
        schema["properties"]["id"]["description"] = "Optional: the file name already gives the id."
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def file_schemas() -> dict[str, dict[str, Any]]:
    """`service.schema.json` → its schema, for every kind of file."""
    schemas = {"site.schema.json": schema_for(Site), "vocabulary.schema.json": schema_for(Vocabulary)}
    for kind in KINDS:
        schemas[f"{kind.schema}.schema.json"] = schema_for(kind.model)
    return schemas


def schema_file_for(folder: str) -> str:
    """The schema file that describes files in `folder` (or `site.yml` for `""`, or `vocabulary.yml`)."""
    if folder == VOCABULARY_FILE:
        return "vocabulary.schema.json"
    return "site.schema.json" if folder in ("", SITE_FILE) else f"{BY_FOLDER[folder].schema}.schema.json"


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
