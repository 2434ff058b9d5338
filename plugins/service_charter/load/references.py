"""Checks across files: every id that names another record names one that exists, in the site's languages.

Checked on the raw YAML where they can be, so a file with other errors is checked too.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..i18n import available_languages
from ..model.charter import Charter
from ..model.kinds import (
    BODY,
    BY_FOLDER,
    CATEGORY,
    CHANNEL,
    DATA,
    DEPARTMENT,
    FAQ,
    IMPROVEMENT,
    KINDS,
    LIFE_EVENT,
    NOTICE,
    SERVICE,
    SITE,
    YAML_SUFFIXES,
)
from ..model.schema import Service, iter_texts
from ..problems import Problem, Severity, key_path
from .yamlfile import KeyPath, YamlDocument

OFFICES = "offices"
"""Offices are listed in site.yml, not kept as files of their own."""
NEIGHBOURHOODS = "neighbourhoods"
"""So are neighbourhoods."""
IN_SITE_FILE = {OFFICES: "office", NEIGHBOURHOODS: "neighbourhood"}
"""What site.yml lists with ids that other records name, and how messages name one."""
# Where records name other records: (folder of the naming file, key path with `*` for any list item,
# folder of the named record). Checked on the raw YAML, so a file with other errors is checked too.
REFERENCES: list[tuple[str, str, str]] = [
    (SITE, "contact.channels.*", CHANNEL.folder),
    (SITE, "most_used.*", SERVICE.folder),
    (SITE, "complaints.steps.*.channel", CHANNEL.folder),
    (DEPARTMENT.folder, "office", OFFICES),
    (SERVICE.folder, "department", DEPARTMENT.folder),
    (SERVICE.folder, "categories.*", CATEGORY.folder),
    (SERVICE.folder, "life_events.*", LIFE_EVENT.folder),
    (SERVICE.folder, "related.*", SERVICE.folder),
    (SERVICE.folder, "channels.*.channel", CHANNEL.folder),
    (SERVICE.folder, "commitments.*.channel", CHANNEL.folder),
    (SERVICE.folder, "commitments.*.escalation.*.channel", CHANNEL.folder),
    (SERVICE.folder, "data.*.item", DATA.folder),
    (FAQ.folder, "categories.*", CATEGORY.folder),
    (FAQ.folder, "services.*", SERVICE.folder),
    (SERVICE.folder, "bodies.*.body", BODY.folder),
    (CATEGORY.folder, "bodies.*", BODY.folder),
    (LIFE_EVENT.folder, "bodies.*", BODY.folder),
    (FAQ.folder, "bodies.*", BODY.folder),
    (NOTICE.folder, "services.*", SERVICE.folder),
    (NOTICE.folder, "neighbourhoods.*", NEIGHBOURHOODS),
    (NOTICE.folder, "responsible", BODY.folder),
    (IMPROVEMENT.folder, "services.*", SERVICE.folder),
]


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


def check_references(root: Path, documents: dict[str, YamlDocument]) -> Iterable[Problem]:
    """Every id that names another record must name one that exists; data items must be used."""
    folder_of = {display: _folder(root, document.path) for display, document in documents.items()}
    # A file that exists counts even when it has errors of its own: those are reported there.
    known = {
        kind.folder: {p.stem for p in (root / kind.folder).glob("*") if p.suffix in YAML_SUFFIXES} for kind in KINDS
    }
    site = next((d for n, d in documents.items() if folder_of[n] == SITE), None)
    for key in IN_SITE_FILE:
        listed = site.data.get(key) if site and isinstance(site.data, dict) else None
        items = listed if isinstance(listed, list) else []
        known[key] = {str(item["id"]) for item in items if isinstance(item, dict) and item.get("id") is not None}
    used_data: set[str] = set()
    for display, document in sorted(documents.items()):
        for folder, pattern, target in REFERENCES:
            if folder_of[display] != folder:
                continue
            for path, value in _values_at(document.data, pattern.split(".")):
                if not isinstance(value, str):
                    continue  # the schema reports values of the wrong type
                if target == DATA.folder:
                    used_data.add(value)
                if target == SERVICE.folder and path[0] == "related" and value == document.path.stem:
                    yield document.problem(path, "a service cannot be related to itself", "remove it from `related`")
                if value in known[target]:
                    continue
                if target == DATA.folder:
                    yield document.problem(
                        path,
                        f"the service asks for `{value}` but there is no data-use statement for it",
                        f"create data/{value}.yml saying why we ask for it, or fix the id; "
                        "we never ask for data without saying why",
                    )
                    continue
                close = difflib.get_close_matches(value, sorted(known[target]), n=1)
                create = f"create {target}/{value}.yml" if target in BY_FOLDER else f"add it to `{target}` in site.yml"
                noun = BY_FOLDER[target].noun if target in BY_FOLDER else IN_SITE_FILE[target]
                yield document.problem(
                    path,
                    f"there is no {noun} `{value}`",
                    f"did you mean `{close[0]}`?" if close else f"{create}, or fix the id",
                )
    for display, document in sorted(documents.items()):
        if folder_of[display] == DATA.folder and document.path.stem not in used_data:
            yield document.problem(
                (),
                "no service asks for this data item",
                "list it under a service's `data`, or remove the file",
                severity=Severity.warning,
            )


def _untranslated(doc: YamlDocument, untranslated: dict[str, list[KeyPath]], default: str) -> Iterable[Problem]:
    """One warning per language a file's texts are missing in, at the first of them; it never stops a build."""
    for lang, paths in sorted(untranslated.items()):
        keys = ", ".join(key_path(path) for path in paths[:8]) + (", …" if len(paths) > 8 else "")
        yield doc.problem(
            paths[0],
            f"{len(paths)} text(s) have no `{lang}` version yet: {keys}",
            f"`{lang}` pages show them in `{default}`, introduced as such; add `{lang}: ...` to each "
            f"(list `{lang}` in `complete_languages` in site.yml to require it)",
            on_key=True,
            severity=Severity.warning,
            strict=False,
        )


def _folder(root: Path, path: Path) -> str:
    return SITE if path.parent == root else path.parent.name


def check_languages(charter: Charter, documents: dict[str, YamlDocument]) -> Iterable[Problem]:
    """Every language the site is published in has interface strings; texts are given in the site's languages."""
    languages = set(charter.site.languages)
    default = charter.site.default_language
    available = available_languages()
    for index, lang in enumerate(charter.site.languages):
        if lang not in available:
            yield documents[charter.sources[SITE]].problem(
                ("languages", index),
                f"the site cannot be published in `{lang}`: there are no interface strings for it",
                f"use languages that have them ({', '.join(available)}), or add locales/{lang}.yml to the package",
            )
    required = [lang for lang in charter.site.complete_languages if lang != default]
    for source, record in charter.records():
        doc = documents[source]
        untranslated: dict[str, list[KeyPath]] = {}
        for path, text in iter_texts(record):
            if default not in text.languages:
                yield doc.problem(
                    path,
                    f"the text has no `{default}` version; the default language must always be given",
                    f"add `{default}: ...` — other languages fall back to it",
                    on_key=True,
                )
            for lang in required:
                if lang not in text.languages:
                    yield doc.problem(
                        path,
                        f"the text has no `{lang}` version, and site.yml requires every text in `{lang}`",
                        f"add `{lang}: ...`, or take `{lang}` out of `complete_languages` in site.yml to publish "
                        f"the page with this text in `{default}`",
                        on_key=True,
                    )
            for lang in charter.site.languages:
                if lang not in text.languages and lang != default and lang not in required:
                    untranslated.setdefault(lang, []).append(path)
            for lang in sorted(text.languages - languages):
                yield doc.problem(
                    (*path, lang),
                    f"`{lang}` is not one of the site's languages ({', '.join(charter.site.languages)})",
                    "fix the language code or add the language to `languages` in site.yml",
                    on_key=True,
                )
        yield from _untranslated(doc, untranslated, default)
        if isinstance(record, Service):
            for lang in sorted(set(record.keywords) - languages):
                yield doc.problem(("keywords", lang), f"`{lang}` is not one of the site's languages", on_key=True)
