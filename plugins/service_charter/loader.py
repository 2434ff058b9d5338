"""Read a charter folder: YAML files → validated records → one `Charter`, or every problem at once."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .catalog import Charter
from .checks import check_content
from .notices import ended_notices
from .performance import FOLDER as PERFORMANCE
from .performance import read_performance
from .problems import CharterError, Problem, Severity
from .schema import (
    PATTERN_HINTS,
    SLUG_PATTERN,
    Channel,
    DataItem,
    Department,
    Entity,
    FaqEntry,
    Notice,
    Service,
    Site,
    Text,
    Topic,
    iter_texts,
)
from .yamlfile import KeyPath, YamlDocument, YamlError, read_yaml

E = TypeVar("E", bound=Entity)

# Folder of each kind of record, relative to the charter folder.
FOLDERS: dict[str, type[Entity]] = {
    "channels": Channel,
    "departments": Department,
    "categories": Topic,
    "life-events": Topic,
    "data": DataItem,
    "services": Service,
    "faqs": FaqEntry,
    "notices": Notice,
}
SITE_FILE = "site.yml"
YAML_SUFFIXES = (".yml", ".yaml")
STALE_AFTER_DAYS = 365


@dataclass
class _Reader:
    """Collects records and problems while reading one charter folder."""

    root: Path
    problems: list[Problem] = field(default_factory=list)
    documents: dict[str, YamlDocument] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)
    """For validators that need the site's settings, such as its time zone."""

    def display(self, path: Path) -> str:
        """The path as staff see it: relative to the working folder where possible."""
        for base in (Path.cwd(), self.root.parent):
            if path.is_relative_to(base):
                return str(path.relative_to(base))
        return str(path)

    def read(self, path: Path) -> YamlDocument | None:
        display = self.display(path)
        try:
            document = read_yaml(path, display)
        except YamlError as exc:
            self.problems.append(exc.problem)
            return None
        except OSError as exc:
            self.problems.append(Problem(display, message=f"cannot read the file: {exc.strerror}"))
            return None
        if not isinstance(document.data, dict):
            found = "nothing" if document.data is None else f"a {type(document.data).__name__}"
            self.problems.append(
                document.problem(
                    (), f"the file should hold `key: value` lines, but it holds {found}", "see the example files"
                )
            )
            return None
        self.documents[display] = document
        return document

    def validate(self, model: type[BaseModel], document: YamlDocument, data: dict[str, Any]) -> Any:
        try:
            return model.model_validate(data, context=self.context)
        except ValidationError as exc:
            for error in exc.errors():
                self.problems.append(_problem_from_error(model, document, data, error))
            return None

    def entities(self, folder: str, model: type[E]) -> dict[str, E]:
        # Ids are lower-case slugs and file names are unique, so ids are unique ignoring case too.
        records: dict[str, E] = {}
        directory = self.root / folder
        if not directory.is_dir():
            return records
        for path in sorted(directory.iterdir()):
            if path.suffix not in YAML_SUFFIXES or path.name.startswith("."):
                continue
            twin = path.with_suffix(".yml")
            if path.suffix == ".yaml" and twin.exists():
                self.problems.append(
                    Problem(
                        self.display(path),
                        message=f"both {twin.name} and {path.name} exist: one record cannot have two files",
                        hint="merge them into one file and delete the other",
                    )
                )
                continue
            document = self.read(path)
            if document is None:
                continue
            stem = path.stem
            if not re.match(SLUG_PATTERN, stem):
                self.problems.append(
                    document.problem(
                        (),
                        f"the file name `{path.name}` is not a valid id",
                        "use lower-case English letters, digits and hyphens, e.g. `parking-permit.yml`",
                    )
                )
                continue
            data = dict(document.data)
            given = data.pop("id", stem)
            if given != stem:
                self.problems.append(
                    document.problem(("id",), f"`id` is {given!r} but the file is named {path.name}", "make them match")
                )
                continue
            record = self.validate(model, document, {"id": stem, **data})
            if record is not None:
                records[stem] = record
                self.sources[f"{folder}/{stem}"] = document.display
        return records


def load_charter(
    root: Path, *, today: date | None = None, stale_after_days: int = STALE_AFTER_DAYS, now: datetime | None = None
) -> Charter:
    """Load and check the charter in `root`; raise `CharterError` listing every problem.

    Warnings and notices (such as pages not reviewed for `stale_after_days`) are kept on the charter.
    Notices (disruptions, events) that have ended by `now` are left out of the site.
    """
    root = root.resolve()
    reader = _Reader(root)
    if not (root / SITE_FILE).is_file():
        raise CharterError([Problem(reader.display(root / SITE_FILE), message="the charter has no site.yml")])
    site_document = reader.read(root / SITE_FILE)
    site = reader.validate(Site, site_document, site_document.data) if site_document else None
    if site is not None:
        reader.context["timezone"] = site.timezone
    records = {folder: reader.entities(folder, model) for folder, model in FOLDERS.items()}
    if site is None:
        raise CharterError(reader.problems)
    charter = Charter(
        root=root,
        site=site,
        channels=records["channels"],
        departments=records["departments"],
        categories=records["categories"],
        life_events=records["life-events"],
        data_items=records["data"],
        services=records["services"],
        faqs=records["faqs"],
        sources={"site": site_document.display, **reader.sources},
        notices=records["notices"],
        loaded_at=now or datetime.now(UTC),
    )
    reader.problems.extend(ended_notices(charter, reader.documents))
    reader.problems.extend(_check_references(root, reader.documents))
    reader.problems.extend(_check_languages(charter, reader.documents))
    today = today or date.today()
    service_files = {p.stem for p in (root / "services").glob("*") if p.suffix in YAML_SUFFIXES}
    charter.performance, problems = read_performance(root / PERFORMANCE, service_files, reader.display, today)
    reader.problems.extend(problems)
    reader.problems.extend(check_content(charter, reader.documents, today=today, stale_after_days=stale_after_days))
    errors = [p for p in reader.problems if p.severity is Severity.error]
    if errors:
        raise CharterError(reader.problems)
    charter.problems = sorted(reader.problems)
    return charter


# --- Pydantic errors → problems ----------------------------------------------------------------

_MESSAGES = {
    "missing": "this key is required but missing",
    "extra_forbidden": "unknown key",
    "string_type": "should be text; put it in quotes",
    "int_type": "should be a whole number",
    "int_parsing": "should be a whole number",
    "bool_type": "should be `true` or `false`",
    "list_type": "should be a list (lines starting with `- `)",
    "dict_type": "should be a group of `key: value` lines",
    "model_type": "should be a group of `key: value` lines",
    "date_from_datetime_parsing": "should be a date written as YYYY-MM-DD",
    "date_parsing": "should be a date written as YYYY-MM-DD",
    "date_type": "should be a date written as YYYY-MM-DD",
    "too_short": "should not be empty",
    "string_too_short": "should not be empty",
}


def _problem_from_error(model: type[BaseModel], document: YamlDocument, data: Any, error: Any) -> Problem:
    kind = error["type"]
    loc = _key_path(data, error["loc"], kind)
    # Our own validators write "message\nhint".
    message, _, hint = _MESSAGES.get(kind, error["msg"].removeprefix("Value error, ")).partition("\n")
    if kind == "extra_forbidden":
        name = str(loc[-1])
        allowed = _field_names(model, loc[:-1])
        close = difflib.get_close_matches(name, allowed, n=1)
        message = f"unknown key `{name}`"
        hint = f"did you mean `{close[0]}`?" if close else ("allowed keys: " + ", ".join(allowed) if allowed else "")
        if _is_text(model, loc[:-1]):
            message, hint = f"unknown language `{name}`", "use language codes such as he, ar, en, ru"
    elif kind == "missing":
        description = _field_description(model, loc)
        hint = f"add `{loc[-1]}:` — {description}" if description else f"add `{loc[-1]}:`"
    elif kind == "string_pattern_mismatch":
        message = f"{error['input']!r} is not in the expected form"
        hint = PATTERN_HINTS.get(error["ctx"]["pattern"], "")
    elif kind in ("enum", "literal_error"):
        message = f"{error['input']!r} is not allowed here; write one of: {error['ctx']['expected']}"
        hint = "copy one of the allowed values exactly as shown"
    if not hint:
        hint = _field_description(model, loc) or _field_description(model, loc[:-1])
    return document.problem(loc, message, hint, on_key=kind in ("extra_forbidden", "missing"))


def _key_path(data: Any, loc: tuple[str | int, ...], kind: str) -> KeyPath:
    """Pydantic's error location as a key path in the file, without the names it gives union members."""
    path: list[str | int] = []
    for index, part in enumerate(loc):
        in_file = isinstance(data, list) and isinstance(part, int) and part < len(data)
        if in_file or (isinstance(data, dict) and part in data):
            data = data[part]
        elif not (kind == "missing" and index == len(loc) - 1):
            continue  # the name of a union member, e.g. `Fee` in ('fees', 0, 'Fee', 'amount')
        path.append(part)
    return tuple(path)


def _resolve(model: Any, loc: KeyPath) -> Any:
    """The type found at `loc` inside `model`, or None."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel) and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            return None
    return _unwrap(current)


def _unwrap(annotation: Any) -> Any:
    while typing.get_origin(annotation) in (typing.Union, types.UnionType, typing.Annotated):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = args[0]
    return annotation


def _field_names(model: type[BaseModel], loc: KeyPath) -> list[str]:
    target = _resolve(model, loc)
    if isinstance(target, type) and issubclass(target, BaseModel) and not issubclass(target, Text):
        return [name for name in target.model_fields if name != "id"]
    return []


def _is_text(model: type[BaseModel], loc: KeyPath) -> bool:
    target = _resolve(model, loc)
    return isinstance(target, type) and issubclass(target, Text)


def _field_description(model: type[BaseModel], loc: KeyPath) -> str:
    parent = _resolve(model, loc[:-1])
    if isinstance(parent, type) and issubclass(parent, BaseModel) and loc and loc[-1] in parent.model_fields:
        return parent.model_fields[str(loc[-1])].description or ""
    return ""


# --- Checks across files -------------------------------------------------------------------------


# Where records name other records: (folder of the naming file, key path with `*` for any list item,
# folder of the named record). Checked on the raw YAML, so a file with other errors is checked too.
REFERENCES: list[tuple[str, str, str]] = [
    ("site", "contact.channels.*", "channels"),
    ("site", "most_used.*", "services"),
    ("departments", "office", "offices"),
    ("services", "department", "departments"),
    ("services", "categories.*", "categories"),
    ("services", "life_events.*", "life-events"),
    ("services", "related.*", "services"),
    ("services", "channels.*.channel", "channels"),
    ("services", "commitments.*.channel", "channels"),
    ("services", "data.*.item", "data"),
    ("faqs", "categories.*", "categories"),
    ("faqs", "services.*", "services"),
    ("notices", "services.*", "services"),
]
_WHAT = {
    "channels": "channel",
    "services": "service",
    "offices": "office",
    "departments": "department",
    "categories": "category",
    "life-events": "life event",
    "data": "data item",
}


def _values_at(data: Any, pattern: list[str], path: KeyPath = ()) -> Iterable[tuple[KeyPath, Any]]:
    """Values in raw YAML data at a key path pattern such as `channels.*.channel`."""
    if not pattern:
        yield path, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*" and isinstance(data, list):
        for index, item in enumerate(data):
            yield from _values_at(item, rest, (*path, index))
    elif isinstance(data, dict) and head in data:
        yield from _values_at(data[head], rest, (*path, head))


def _check_references(root: Path, documents: dict[str, YamlDocument]) -> Iterable[Problem]:
    """Every id that names another record must name one that exists; data items must be used."""
    folder_of = {display: _folder(root, document.path) for display, document in documents.items()}
    # A file that exists counts even when it has errors of its own: those are reported there.
    known = {folder: {p.stem for p in (root / folder).glob("*") if p.suffix in YAML_SUFFIXES} for folder in FOLDERS}
    site = next((d for n, d in documents.items() if folder_of[n] == "site"), None)
    offices = site.data.get("offices") if site else None
    known["offices"] = {o.get("id") for o in offices if isinstance(o, dict)} if isinstance(offices, list) else set()
    used_data: set[str] = set()
    for display, document in sorted(documents.items()):
        for folder, pattern, target in REFERENCES:
            if folder_of[display] != folder:
                continue
            for path, value in _values_at(document.data, pattern.split(".")):
                if not isinstance(value, str):
                    continue  # the schema reports values of the wrong type
                if target == "data":
                    used_data.add(value)
                if target == "services" and path[0] == "related" and value == document.path.stem:
                    yield document.problem(path, "a service cannot be related to itself", "remove it from `related`")
                if value in known[target]:
                    continue
                if target == "data":
                    yield document.problem(
                        path,
                        f"the service asks for `{value}` but there is no data-use statement for it",
                        f"create data/{value}.yml saying why we ask for it, or fix the id; "
                        "we never ask for data without saying why",
                    )
                    continue
                close = difflib.get_close_matches(value, sorted(known[target]), n=1)
                create = f"create {target}/{value}.yml" if target in FOLDERS else "add it to `offices` in site.yml"
                yield document.problem(
                    path,
                    f"there is no {_WHAT[target]} `{value}`",
                    f"did you mean `{close[0]}`?" if close else f"{create}, or fix the id",
                )
    for display, document in sorted(documents.items()):
        if folder_of[display] == "data" and document.path.stem not in used_data:
            yield document.problem(
                (),
                "no service asks for this data item",
                "list it under a service's `data`, or remove the file",
                severity=Severity.warning,
            )


def _folder(root: Path, path: Path) -> str:
    return "site" if path.parent == root else path.parent.name


def _check_languages(charter: Charter, documents: dict[str, YamlDocument]) -> Iterable[Problem]:
    languages = set(charter.site.languages)
    default = charter.site.default_language
    for source, record in charter.records():
        doc = documents[source]
        for path, text in iter_texts(record):
            if default not in text.languages:
                yield doc.problem(
                    path,
                    f"the text has no `{default}` version; the default language must always be given",
                    f"add `{default}: ...` — other languages fall back to it",
                    on_key=True,
                )
            for lang in sorted(text.languages - languages):
                yield doc.problem(
                    (*path, lang),
                    f"`{lang}` is not one of the site's languages ({', '.join(charter.site.languages)})",
                    "fix the language code or add the language to `languages` in site.yml",
                    on_key=True,
                )
        if isinstance(record, Service):
            for lang in sorted(set(record.keywords) - languages):
                yield doc.problem(("keywords", lang), f"`{lang}` is not one of the site's languages", on_key=True)
