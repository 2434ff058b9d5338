"""Problems in the charter: values that say where, what and how to fix, reported together."""

from __future__ import annotations

from collections.abc import Iterable
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

    def report(self) -> str:
        errors = [p for p in self.problems if p.severity is Severity.error]
        lines = [p.format() for p in self.problems]
        lines.append(f"{len(errors)} error(s) in the charter; the site was not built.")
        return "\n".join(lines)


def key_path(path: Iterable[str | int]) -> str:
    """`('commitments', 0, 'resolve')` → `commitments[0].resolve`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
