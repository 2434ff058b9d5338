"""The charter's recent changes, by record and across the charter (read from git by `load.git_history`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

NEW = "+"
"""In `Change.sections`: the record's file was created."""


@dataclass(frozen=True)
class Change:
    """One commit that changed the charter: when, what its author said, and which records it touched."""

    commit: str
    when: datetime
    """The commit date, in the site's time zone."""
    subject: str
    """The first line of the commit message, as staff wrote it (untrusted: escape it)."""
    records: tuple[str, ...]
    """Keys of the records it changed under their current names, e.g. `services/arnona`, `site`."""
    sections: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """For each record: the top-level keys of its file that the commit changed (`fees`…), or `NEW`."""

    @property
    def short(self) -> str:
        return self.commit[:7]

    def sections_of(self, key: str) -> tuple[str, ...]:
        """The top-level keys of record `key` this commit changed, in file order; `(NEW,)` if it created the file."""
        return dict(self.sections).get(key, ())


@dataclass
class History:
    """Recent changes, by record and across the charter; empty when there is no history to read."""

    by_record: dict[str, list[Change]] = field(default_factory=dict)
    latest: list[Change] = field(default_factory=list)
    """The newest changes across the charter, newest first."""
    note: str = ""
    """Why the history is empty, for the build log."""

    def of(self, key: str) -> list[Change]:
        """The newest changes of one record (`services/arnona`), newest first."""
        return self.by_record.get(key, [])

    def __bool__(self) -> bool:
        return bool(self.latest)
