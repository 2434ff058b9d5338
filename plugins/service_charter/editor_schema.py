"""JSON Schema for every kind of charter file, generated from the content model, for editors and CI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .loader import FOLDERS, SITE_FILE
from .schema import Entity, Site

SCHEMA_FOLDER = "schema"
_NAMES = {
    "channels": "channel",
    "departments": "department",
    "categories": "topic",
    "life-events": "topic",
    "data": "data-item",
    "services": "service",
    "faqs": "faq",
    "notices": "notice",
}


def schema_for(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema of one file of `model`; an entity's id comes from its file name, so it is optional."""
    schema = model.model_json_schema(mode="validation")
    if issubclass(model, Entity):
        schema["required"] = [name for name in schema.get("required", []) if name != "id"]
        schema["properties"]["id"]["description"] = "Optional: the file name already gives the id."
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def file_schemas() -> dict[str, dict[str, Any]]:
    """`service.schema.json` → its schema, for every kind of file."""
    schemas = {"site.schema.json": schema_for(Site)}
    for folder, model in FOLDERS.items():
        schemas[f"{_NAMES[folder]}.schema.json"] = schema_for(model)
    return schemas


def schema_file_for(folder: str) -> str:
    """The schema file that describes files in `folder` (or `site.yml` for `""`)."""
    return "site.schema.json" if folder in ("", SITE_FILE) else f"{_NAMES[folder]}.schema.json"


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder`; return the files that changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, schema in file_schemas().items():
        path = folder / name
        text = render(schema)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale_schemas(folder: Path) -> list[str]:
    """Schema files in `folder` that differ from what the content model generates."""
    return [
        name
        for name, schema in file_schemas().items()
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != render(schema)
    ]
