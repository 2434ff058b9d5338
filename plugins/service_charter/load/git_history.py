"""What changed in the charter and when, read from the git history of its YAML files.

Two `git log` calls for the whole charter folder, whatever its size: one for the files each commit
changed and its notes to residents, one for its changed lines, which tell the parts of each file it changed
(`fees`, `commitments`).
Each changed file is mapped to its record (`services/arnona.yml` → `services/arnona`, `site.yml` →
`site`); a renamed file keeps the history it had under its old name. When there is no history to read
(not a git repository, git missing, a shallow clone without the commits) the history is empty and the
site claims nothing.

A commit tells residents what changed through git trailers at the end of its message, in the default language
and in others (the subject, written for staff, is never read):

    Change-note: אפשר לשלם ארנונה ב-10 תשלומים
    Change-note-en: Property tax can now be paid in 10 instalments
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..model.history import NEW, Change, History
from ..model.kinds import SITE, YAML_SUFFIXES
from ..model.schema import DEFAULT_TIMEZONE, FIRST_YEAR, LANGUAGES, LAST_YEAR, Text

PER_RECORD = 10
"""Changes with a note kept for each record, newest first (and its newest change, with a note or not)."""
LATEST = 50
"""Changes kept across the charter, newest first, for the feed."""
NOTE_LENGTH = 300
"""The longest note shown, in characters; a longer one is cut at a word and ends with “…”."""
GIT_TIMEOUT_SECONDS = 60

_START = "\x1e"
_TRAILER_END = "\x1f"
_LOG = (
    *("-c", "log.showSignature=false", "-c", "i18n.logOutputEncoding=UTF-8", "log"),
    *("--no-merges", "--no-color", "--root", "--relative", "-M", "--name-status", "-z"),
    f"--format={_START}%H%x00%cI%x00%(trailers:only,unfold,separator=%x1f)",
    *("--", "."),
)
"""Every commit but merges that changed a file in the folder, newest first, with its trailers and its files' paths.

Git finds the trailers (the last paragraph of `Key: value` lines), joins a value folded onto indented lines
(`unfold`) and writes each as `Key: value`. Merges are left out: the commits they bring in are listed themselves.
`-M` follows renamed files."""
_DIFF = (
    *("-c", "log.showSignature=false", "-c", "core.quotePath=false", "log"),
    *("--no-merges", "--no-color", "--no-ext-diff", "--root", "--relative", "-M", "-U0"),
    f"--format={_START}%H",
    *("--", "."),
)
"""The same commits with their changed lines alone, to tell which parts of each file they changed."""
NO_HISTORY = "pages show no change history"
_STATUS = re.compile(r"[ACDMRTUXB]\d*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Control characters and bidirectional overrides, which a note must not carry into a page."""
_NOTE_KEY = re.compile(r"change-note(?:-([a-z]{2,3}))?", re.IGNORECASE)
"""A trailer that tells residents what changed: `Change-note` (the default language), `Change-note-en`…"""
_TOP_KEY = re.compile(r"([A-Za-z_][\w-]*)\s*:")
"""A top-level key of a YAML file: the only kind of line that starts at the first column."""
_HUNK = re.compile(r"@@ [^@]* @@ ?(.*)")


def read_history(
    root: Path, folders: Collection[str], timezone: str = DEFAULT_TIMEZONE, languages: Sequence[str] = LANGUAGES
) -> History:
    """The history of the records in `folders` (and `site.yml`) of the charter folder `root` from git.

    `languages` are the charter's, its default language first: the language of a plain `Change-note`.
    An empty history, saying why, when git cannot tell.
    """
    git = shutil.which("git")
    if git is None:
        return History(note=f"git is not installed: {NO_HISTORY}")
    info, error = _git(git, root, "rev-parse", "--is-shallow-repository", "--git-path", "shallow")
    if info is None:
        if "not a git repository" in error:
            return History(note=f"{root} is not in a git repository: {NO_HISTORY}")
        return History(note=f"git cannot read {root} ({error}): {NO_HISTORY}")
    shallow, shallow_file = [*info.splitlines(), "", ""][:2]
    boundary = set(_read(root / shallow_file).split()) if shallow == "true" else set()
    log, error = _git(git, root, *_LOG)
    if log is None:
        return History(note=f"git cannot read the history of {root} ({error}): {NO_HISTORY}")
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo(DEFAULT_TIMEZONE)
    diff, _ = _git(git, root, *_DIFF)  # without it, changes list no sections
    history = build_history(parse_log(log), folders, zone, boundary, parse_sections(diff or ""), languages)
    if not history:
        history.note = (
            f"the git history of {root} is shallow (cloned with --depth): {NO_HISTORY}"
            if boundary
            else f"{root} has no committed changes yet: {NO_HISTORY}"
        )
    return history


@dataclass(frozen=True)
class LogEntry:
    """One commit as `git log --name-status` tells it: trailers as (key, value), files as (status, path, new path
    or None)."""

    commit: str
    date: str
    trailers: tuple[tuple[str, str], ...]
    files: tuple[tuple[str, str, str | None], ...]


def parse_log(output: str) -> Iterator[LogEntry]:
    """Commits from `git log -z --name-status` with this module's format, newest first."""
    tokens = output.split("\0")
    index = 0
    while index + 2 < len(tokens):
        start = tokens[index].lstrip("\n")
        if not start.startswith(_START):
            index += 1
            continue
        commit, date, trailers = start[1:], tokens[index + 1], parse_trailers(tokens[index + 2])
        index += 3
        files: list[tuple[str, str, str | None]] = []
        while index < len(tokens) and _STATUS.fullmatch(status := tokens[index].lstrip("\n")):
            if status[0] in "RC":
                files.append((status[0], tokens[index + 1], tokens[index + 2]))
                index += 3
            else:
                files.append((status[0], tokens[index + 1], None))
                index += 2
        yield LogEntry(commit, date, trailers, tuple(files))


def parse_trailers(output: str) -> tuple[tuple[str, str], ...]:
    """`Key: value` trailers, as `%(trailers:only,unfold,separator=%x1f)` writes them, as (key, value) pairs."""
    pairs = (line.partition(":") for line in output.strip("\n").split(_TRAILER_END))
    return tuple((key.strip(), value.strip()) for key, colon, value in pairs if colon and key.strip())


def change_note(trailers: Iterable[tuple[str, str]], languages: Sequence[str]) -> Text | None:
    """What a commit tells residents, by language, from its `Change-note` trailers; None when it says nothing.

    `Change-note` is in the default language (the first of `languages`), `Change-note-<lang>` in another;
    a language the charter is not written in is ignored, and notes repeated in one language are joined.
    """
    found: dict[str, list[str]] = {}
    for key, value in trailers:
        if (lang := _note_language(key, languages)) is not None:
            found.setdefault(lang, []).append(value)
    notes = {lang: text for lang, values in found.items() if (text := clean_text(" ".join(values)))}
    return Text(notes) if notes else None


def _note_language(key: str, languages: Sequence[str]) -> str | None:
    """The language of a `Change-note` trailer's key, if it is one of `languages`; None for any other key."""
    match = _NOTE_KEY.fullmatch(key)
    lang = (match.group(1) or languages[0]).lower() if match else None
    return lang if lang in languages else None


def parse_sections(output: str) -> dict[tuple[str, str], tuple[str, ...]]:
    """From `git log -U0`: (commit, file path after the commit) → the top-level keys whose lines it changed.

    A changed line belongs to the last top-level key above it: the key on the line itself, an earlier
    changed line of the hunk, or the one git names in the hunk's header (the nearest line above the hunk
    that starts at the first column). A created file gets `NEW`.
    """
    sections: dict[tuple[str, str], list[str]] = {}
    commit, path, key, keys, created = "", "", "", None, False
    for line in output.split("\n"):
        if line.startswith(_START):
            commit, keys = line[1:].strip(), None
        elif line.startswith("diff --git "):
            path, keys, created = "", None, False
        elif keys is None and line.startswith("new file mode"):
            created = True
        elif keys is None and line.startswith(("--- a/", "+++ b/")):
            path = line[6:]  # the old path, then the new one; a deleted file keeps its old one
        elif line.startswith("@@"):
            if keys is None:
                keys = sections.setdefault((commit, path), [NEW] if created else [])
            header = _HUNK.match(line)
            found = _TOP_KEY.match(header.group(1)) if header else None
            key = found.group(1) if found else ""
        elif keys is not None and line[:1] in ("+", "-"):
            found = _TOP_KEY.match(line[1:])
            key = found.group(1) if found else key
            if key and NEW not in keys and key not in keys:
                keys.append(key)
    return {place: tuple(keys) for place, keys in sections.items()}


def build_history(
    entries: Iterable[LogEntry],
    folders: Collection[str],
    zone: ZoneInfo,
    skip: set[str] | None = None,
    sections: dict[tuple[str, str], tuple[str, ...]] | None = None,
    languages: Sequence[str] = LANGUAGES,
) -> History:
    """Group commits (newest first) by record, following renames back to older names.

    Commits in `skip` (the boundary of a shallow clone, whose diff is the whole tree) are left out.
    `sections` (from `parse_sections`) tells which parts of each file a commit changed; `languages` (the
    default first) which notes are read.
    """
    skip, sections = skip or set(), sections or {}
    renamed: dict[str, str] = {}
    """An older path → the path the same file has today, learnt from renames while going back in time."""
    history = History()
    for entry in entries:
        keys: list[str] = []
        changed: dict[str, tuple[str, ...]] = {}
        for status, path, new_path in entry.files:
            if status == "R" and new_path is not None:
                current = renamed.get(new_path, new_path)
                renamed[path] = current
            elif status == "A":  # where the file began: an older file at the same path is another one
                current = renamed.pop(path, path)
            else:
                current = renamed.get(new_path or path, new_path or path)
            key = record_key(current, folders)
            if key is not None and key not in keys:
                keys.append(key)
                changed[key] = sections.get((entry.commit, new_path or path), ())
        when = _commit_date(entry.date, zone)
        if not keys or entry.commit in skip or when is None:
            continue
        change = Change(
            commit=entry.commit,
            when=when,
            records=tuple(sorted(keys)),
            note=change_note(entry.trailers, languages),
            sections=tuple(sorted((key, found) for key, found in changed.items() if found)),
        )
        if len(history.latest) < LATEST:
            history.latest.append(change)
        for key in change.records:
            _keep(history.by_record.setdefault(key, []), change)
    return history


def _keep(changes: list[Change], change: Change) -> None:
    """Add an older change to a record's: its first change, and up to `PER_RECORD` with a note."""
    if not changes or (change.note is not None and sum(c.note is not None for c in changes) < PER_RECORD):
        changes.append(change)


def _commit_date(written: str, zone: ZoneInfo) -> datetime | None:
    """The commit's date in the site's time zone; None for a date no calendar can show (a clock set to year 10000)."""
    try:
        when = datetime.fromisoformat(written).astimezone(zone)
    except (ValueError, OverflowError):
        return None
    return when if FIRST_YEAR <= when.year <= LAST_YEAR else None


def record_key(path: str, folders: Collection[str]) -> str | None:
    """The record a charter file holds: `services/arnona.yml` → `services/arnona`; None for other files."""
    parts = PurePosixPath(path)
    if parts.suffix not in YAML_SUFFIXES or parts.name.startswith("."):
        return None
    if len(parts.parts) == 1:
        return SITE if parts.stem == SITE else None
    if len(parts.parts) == 2 and parts.parts[0] in folders:
        return f"{parts.parts[0]}/{parts.stem}"
    return None


def clean_text(written: str) -> str:
    """Words from a commit fit to show: no control or direction-override characters, not overly long."""
    text = " ".join(_CONTROL.sub(" ", written).split())
    if len(text) <= NOTE_LENGTH:
        return text
    cut = text[: NOTE_LENGTH - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[NOTE_LENGTH // 2 :] else cut).rstrip() + "…"


def _git(git: str, root: Path, *args: str) -> tuple[str | None, str]:
    """What git answered, or None and the first line of its complaint."""
    try:
        result = subprocess.run(
            [git, "-C", str(root), *args],
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            env={**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"},
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return None, str(exc)
    if result.returncode != 0:
        complaint = result.stderr.decode("utf-8", errors="replace").strip().splitlines()
        return None, complaint[0].removeprefix("fatal: ") if complaint else f"exit status {result.returncode}"
    return result.stdout.decode("utf-8", errors="replace"), ""


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii", errors="replace")
    except OSError:
        return ""
