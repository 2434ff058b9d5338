"""The charter as open data: the shape of `charter.json` and its JSON Schema, generated from the content model.

The format is published and versioned: readers outside the municipality rely on it, so its keys keep
their order and their names whatever the code calls them (see `FORMAT_VERSION`).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from .charter import Charter
from .kinds import CATEGORY, CHANNEL, DATA, DEPARTMENT, FAQ, LIFE_EVENT, NOTICE, SERVICE
from .schema import Site, Slug

FORMAT_VERSION = "1.1.0"
"""The version of the format of `charter.json`, `commitments.csv` and `performance.csv`, in semantic versioning.

Bump the major version when a reader may break (a field or column removed, renamed or given another
type), the minor version when something is added, the patch version for a fix that changes no shape.
A change to the content model in `schema.py` changes the export too: bump this with it.
"""
HSDS_VERSION = "3.1"
"""The version of Open Referral's Human Services Data Specification that the HSDS files follow."""
EXPORTED = (CHANNEL, DEPARTMENT, CATEGORY, LIFE_EVENT, DATA, SERVICE, FAQ, NOTICE)
"""The kinds in `charter.json`, in the order of its keys since format 1.0.0."""


def _json_key(folder: str) -> str:
    return folder.replace("-", "_")


@cache
def export_model() -> type[BaseModel]:
    """The pydantic model of `charter.json`: the site, then every folder's records by id."""
    fields: dict[str, Any] = {
        "format_version": (str, Field(description="The version of this format (semantic versioning).")),
        "last_reviewed": (
            date,
            Field(description="The newest of the services' `last_reviewed` dates and of the accessibility check."),
        ),
        "site": (Site, Field(description="The municipality and the charter as a whole (`site.yml`).")),
    }
    for kind in EXPORTED:
        fields[_json_key(kind.folder)] = (
            dict[Slug, kind.model],  # type: ignore[name-defined]
            Field(description=f"Every record of `{kind.folder}/`, by id (the file name)."),
        )
    return create_model("CharterExport", __config__=ConfigDict(extra="forbid"), **fields)


def charter_schema(schema_url: str) -> dict[str, Any]:
    """The JSON Schema of `charter.json`, published beside it as `charter.schema.json`."""
    schema = export_model().model_json_schema(mode="serialization")
    for kind in EXPORTED:  # ids are slugs: no other key is a record
        schema["properties"][_json_key(kind.folder)]["additionalProperties"] = False
    schema["properties"] = {
        "$schema": {"type": "string", "description": "Where this schema is published."},
        **schema["properties"],
    }
    schema["title"] = "Service charter"
    schema["description"] = (
        "A municipality's service charter as open data: its services, the commitments it makes for each "
        f"(response times), the personal data it asks for and why, and how to reach it. Format {FORMAT_VERSION}."
    )
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": schema_url, **schema}


def charter_export(charter: Charter, schema_url: str) -> dict[str, Any]:
    """`charter.json`: every record in every language, as the content model holds it."""
    export = export_model()(
        format_version=FORMAT_VERSION,
        last_reviewed=charter.last_reviewed,
        site=charter.site,
        **{_json_key(kind.folder): dict(sorted(charter.of_kind(kind).items())) for kind in EXPORTED},
    )
    return {"$schema": schema_url, **export.model_dump(mode="json")}
