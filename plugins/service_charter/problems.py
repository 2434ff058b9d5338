"""Problems in the charter: values that say where, what and how to fix, reported together; and how they look.

Every way a problem reaches a person goes through this module: the text staff read in a terminal
or the build log, JSON for other tools, annotations on a GitHub pull request, a GitLab Code Quality
report. A mistake in a template gives one line too (`RenderError`), never a traceback.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    error = "error"
    """Stops the build: the site would be wrong."""
    warning = "warning"
    """Stops a strict build: something is probably wrong."""
    notice = "notice"
    """Reported, never stops a build: a report such as stale pages."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place of one file."""

    file: str
    line: int = 0
    column: int = 0
    key: str = ""
    message: str = ""
    hint: str = ""
    severity: Severity = field(default=Severity.error, compare=False)
    strict: bool = field(default=True, compare=False)
    """False for a warning that never stops a strict build (a text not yet translated)."""

    def format(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: {self.severity.value}: "
        if self.key:
            text += f"{self.key}: "
        text += self.message
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class CharterError(Exception):
    """The charter has errors; nothing should be published."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self, outcome: str = "the site was not built") -> str:
        """Every problem, then how many errors stopped what (`outcome`)."""
        return "\n".join(
            [*(p.format() for p in self.problems), f"{count_errors(self.problems)} error(s) in the charter; {outcome}."]
        )


class RenderError(Exception):
    """A template could not draw a page or a file, most likely one a site overrides; the message is one line."""


def count_errors(problems: Iterable[Problem]) -> int:
    return sum(1 for problem in problems if problem.severity is Severity.error)


FORMATS = ("text", "json", "github", "gitlab")
"""`text` for people, `json` for other tools, `github` for annotations in GitHub Actions, `gitlab` for a
Code Quality report."""


def formatted(problems: Sequence[Problem], form: str) -> str:
    """Every problem in one of `FORMATS`; an empty string when there is nothing to say."""
    if form == "text":
        return "\n".join(problem.format() for problem in problems)
    if form == "json":
        return json.dumps([_as_dict(p) for p in problems], ensure_ascii=False, indent=2)
    if form == "github":
        return "\n".join(_github_annotation(problem) for problem in problems)
    if form == "gitlab":
        return json.dumps([_gitlab_issue(p) for p in problems], ensure_ascii=False, indent=2)
    raise ValueError(f"unknown format {form!r}; one of {', '.join(FORMATS)}")


def _as_dict(problem: Problem) -> dict[str, object]:
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "key": problem.key,
        "severity": problem.severity.value,
        "message": problem.message,
        "hint": problem.hint,
    }


def _github_annotation(problem: Problem) -> str:
    """A workflow command that GitHub shows on the line of the pull request."""
    text = f"{problem.key}: {problem.message}" if problem.key else problem.message
    if problem.hint:
        text += f" — {problem.hint}"
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{problem.severity.value} file={problem.file},line={problem.line or 1},col={problem.column or 1}::{text}"


def _gitlab_issue(problem: Problem) -> dict[str, object]:
    """One entry of a GitLab Code Quality report, shown on the merge request."""
    description = f"{problem.key}: {problem.message}" if problem.key else problem.message
    fingerprint = hashlib.sha256(f"{problem.file}:{problem.key}:{problem.message}".encode()).hexdigest()
    return {
        "description": description + (f" ({problem.hint})" if problem.hint else ""),
        "check_name": "charter",
        "fingerprint": fingerprint,
        "severity": {"error": "major", "warning": "minor", "notice": "info"}[problem.severity.value],
        "location": {"path": problem.file, "lines": {"begin": problem.line or 1}},
    }


def key_path(path: Iterable[str | int]) -> str:
    """`('commitments', 0, 'resolve')` → `commitments[0].resolve`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
