"""Staff files → validated records: each YAML file read strictly and checked by its model, every problem kept.

Pydantic's errors become problems that staff can act on: the line and column of the key or value,
the key path, a message in plain words and a hint (`did you mean ...?`, what the key is for).
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..model.kinds import TOP_FILES, YAML_SUFFIXES, Kind
from ..model.schema import PATTERN_HINTS, SLUG_PATTERN, Entity, Text, text_example
from ..problems import Problem, Severity
from .yamlfile import KeyPath, YamlDocument, YamlError, read_yaml


@dataclass
class RecordReader:
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

    def inside(self, path: Path) -> bool:
        """Whether `path`, links followed, lies inside the charter folder: the build reads nothing else."""
        try:
            return path.resolve().is_relative_to(self.root)
        except (OSError, RuntimeError):  # a link that leads to itself
            return False

    def refusal(self, path: Path) -> Problem | None:
        """Why the file at `path` must not be read, or None: a link that leads outside the charter folder."""
        if self.inside(path):
            return None
        return Problem(
            self.display(path),
            message="the file is a link to a place outside the charter folder, which the site never publishes",
            hint="replace the link with the file itself",
        )

    def read(self, path: Path) -> YamlDocument | None:
        display = self.display(path)
        refused = self.refusal(path)
        if refused is not None:
            self.problems.append(refused)
            return None
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
                self.problems.append(
                    problem_from_error(model, document, data, error, self.context.get("languages", EXAMPLE_LANGUAGES))
                )
            return None

    def entities(self, kind: Kind) -> dict[str, Entity]:
        """Every valid record of one kind, by id (its file name); the problems of the others."""
        # Ids are lower-case slugs and file names are unique, so ids are unique ignoring case too.
        records: dict[str, Entity] = {}
        directory = self.root / kind.folder
        if not directory.is_dir():
            return records
        refused = self.refusal(directory)
        if refused is not None:
            self.problems.append(refused)
            return records
        for path in sorted(directory.iterdir()):
            if path.name.startswith("."):
                continue  # the editor's or the system's own files, such as .gitkeep
            if path.suffix not in YAML_SUFFIXES:
                self.problems.append(self.not_a_record(path, kind))
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
            record = self.validate(kind.model, document, {"id": stem, **data})
            if record is not None:
                records[stem] = record
                self.sources[kind.key(stem)] = document.display
        return records

    def not_a_record(self, path: Path, kind: Kind) -> Problem:
        """A file in a record folder that would be left out of the site: staff meant it as a record."""
        display = self.display(path)
        if path.is_dir():
            return Problem(
                display,
                message=f"folders inside `{kind.folder}/` are not read, so nothing in `{path.name}/` is published",
                hint=f"move its files up into `{kind.folder}/`",
            )
        name = f"{path.name.split('.')[0]}.yml"
        return Problem(
            display,
            message=f"`{path.name}` is not read: only files ending in `.yml` (lower case) are {kind.noun} records",
            hint=f"rename it `{name}`, or move it out of the charter folder",
        )

    def unexpected(self, known: set[str]) -> Iterator[Problem]:
        """What the top of the charter folder holds besides `site.yml`, `vocabulary.yml` and the `known` folders:
        all unread."""
        for path in sorted(self.root.iterdir()):
            if path.name.startswith(".") or path.name in known or path.name in TOP_FILES:
                continue
            display = self.display(path)
            if path.is_dir():
                close = difflib.get_close_matches(path.name, sorted(known), n=1)
                holds_records = any(p.suffix.lower() in YAML_SUFFIXES for p in path.rglob("*") if p.is_file())
                yield Problem(
                    display,
                    message=f"the folder `{path.name}/` is not read, so nothing in it is published",
                    hint=f"did you mean `{close[0]}/`?" if close else f"records go in {', '.join(sorted(known))}",
                    severity=Severity.error if holds_records else Severity.notice,
                )
            elif path.suffix.lower() in YAML_SUFFIXES:
                yield Problem(
                    display,
                    message=f"`{path.name}` is not read: only site.yml and vocabulary.yml sit at the charter's top",
                    hint="move a record into its kind's folder, e.g. `services/`",
                )
            else:
                yield Problem(
                    display,
                    message=f"`{path.name}` is not part of the charter and is not published",
                    hint="keep notes for staff elsewhere, or leave it: it does no harm",
                    severity=Severity.notice,
                )


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
    "decimal_parsing": "should be a number written in digits, e.g. `150` or `12.50`",
    "decimal_type": "should be a number written in digits, e.g. `150` or `12.50`",
    "string_too_short": "should not be empty",
}


EXAMPLE_LANGUAGES = ["he", "en"]
"""The languages examples in messages show when site.yml does not say (its default language first)."""


def problem_from_error(
    model: type[BaseModel], document: YamlDocument, data: Any, error: Any, languages: Sequence[str] = EXAMPLE_LANGUAGES
) -> Problem:
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
        example = f"e.g. `{loc[-1]}: {_example(_resolve(model, loc), languages)}`"
        hint = f"add `{loc[-1]}:` — {description.rstrip('.')}; {example}" if description else f"add it, {example}"
    elif kind == "string_pattern_mismatch":
        message = f"{error['input']!r} is not in the expected form"
        hint = PATTERN_HINTS.get(error["ctx"]["pattern"], "")
    elif kind in ("enum", "literal_error"):
        message = f"{error['input']!r} is not allowed here; write one of: {error['ctx']['expected']}"
        hint = "copy one of the allowed values exactly as shown"
    elif kind in _BOUNDS:
        word, bound, name = _BOUNDS[kind]
        message = f"{error['input']} is too {word}: it must be {bound} {error['ctx'][name]}"
    elif kind in ("date_from_datetime_parsing", "date_parsing") and _DAY.match(str(error["input"])):
        message = f"{error['input']} is not a day of the calendar"
        hint = "check the month and the day: write it as YYYY-MM-DD, e.g. `2027-02-28`"
    elif kind == "finite_number":
        message = f"{error['input']} is not a number the site can show"
        hint = "write the number in digits, e.g. `150` or `12.50`"
    if not hint:
        hint = _field_description(model, loc) or _field_description(model, loc[:-1])
    if not hint and kind == "list_type":
        hint = "write the items in square brackets, e.g. `[first, second]`, or each on a line starting with `- `"
    return document.problem(loc, message, hint, on_key=kind in ("extra_forbidden", "missing"))


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
"""A date in the right form, which the calendar may still not have (30 February)."""

_BOUNDS = {
    "less_than_equal": ("large", "at most", "le"),
    "less_than": ("large", "less than", "lt"),
    "greater_than_equal": ("small", "at least", "ge"),
    "greater_than": ("small", "more than", "gt"),
}
"""Pydantic's errors for a number out of its range: the word for it, how the bound is said, and its name."""


_ABSENT_KEY = re.compile(r"^[a-z][a-z_]*$")
"""A key a file leaves out, which a check of the whole record says it needs (`utility` of an outage); union
members, which pydantic also names in locations, are named otherwise (`Fee`, `function-after[...]`)."""


def _key_path(data: Any, loc: tuple[str | int, ...], kind: str) -> KeyPath:
    """Pydantic's error location as a key path in the file, without the names it gives union members."""
    path: list[str | int] = []
    for index, part in enumerate(loc):
        in_file = isinstance(data, list) and isinstance(part, int) and part < len(data)
        if in_file or (isinstance(data, dict) and part in data):
            data = data[part]
        elif not (
            index == len(loc) - 1 and (kind == "missing" or (isinstance(data, dict) and _ABSENT_KEY.match(str(part))))
        ):
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


def _example(annotation: Any, languages: Sequence[str], depth: int = 0) -> str:
    """A short YAML example of a value of `annotation`, in flow style, texts in the site's first languages."""
    if isinstance(annotation, type) and issubclass(annotation, Text):
        return text_example(languages)
    if typing.get_origin(annotation) is list:
        args = typing.get_args(annotation)
        return f"[{_example(_unwrap(args[0]), languages, depth + 1)}]" if args and depth < 2 else "[...]"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and depth < 2:
        own_file = issubclass(annotation, Entity)  # its id is its file name
        required = [
            name
            for name, field in annotation.model_fields.items()
            if field.is_required() and not (own_file and name == "id")
        ]
        inner = (
            f"{name}: {_example(_unwrap(annotation.model_fields[name].annotation), languages, depth + 1)}"
            for name in required
        )
        return "{" + ", ".join(inner) + "}" if required else "{...}"
    return "..."


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
