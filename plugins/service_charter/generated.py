"""Files generated from the content schema and committed beside the charter: one source, checked for freshness.

- `schema/*.schema.json`: the JSON Schema of every kind of file, for editors and CI;
- `docs/staff/reference.md`: every key of every kind of file, for staff.

`charter schema` writes them; `charter schema --check` fails when one differs from what the schema gives.
"""

from __future__ import annotations

from pathlib import Path

from .model.json_schema import SCHEMA_FOLDER, file_schemas, render
from .model.reference import reference_page

REFERENCE_PAGE = "docs/staff/reference.md"


def generated_files(schema_dir: Path = Path(SCHEMA_FOLDER), reference: Path = Path(REFERENCE_PAGE)) -> dict[Path, str]:
    """Every generated file, by where it is committed, with the text it must hold."""
    files = {schema_dir / name: render(schema) for name, schema in file_schemas().items()}
    files[reference] = reference_page()
    return files


def write_generated(files: dict[Path, str]) -> list[Path]:
    """Write the files that differ from what they must hold; the files written."""
    changed = []
    for path, text in files.items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale(files: dict[Path, str]) -> list[Path]:
    """The files that are missing or differ from what they must hold."""
    return [path for path, text in files.items() if not path.is_file() or path.read_text(encoding="utf-8") != text]
