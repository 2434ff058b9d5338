"""The charter's recent changes, by record and across the charter (read from git by `load.git_history`)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from hashlib import sha256

from .schema import Text

NEW = "+"
"""In `Change.sections`: the record's file was created."""


@dataclass(frozen=True)
class Change:
    """One commit that changed the charter: when, which records it touched, and what it tells residents."""

    commit: str
    """The commit's id, for the build log only: pages and feeds never show it."""
    when: datetime
    """The commit date, in the site's time zone."""
    records: tuple[str, ...]
    """Keys of the records it changed under their current names, e.g. `services/arnona`, `site`."""
    note: Text | None = None
    """What changed, for residents, from the commit's `Change-note` trailers, in the languages staff wrote it
    (untrusted: escape it); None when the commit says nothing to residents."""
    sections: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """For each record: the top-level keys of its file that the commit changed (`fees`…), or `NEW`."""

    @property
    def id(self) -> str:
        """A stable id for feeds that does not give the commit away."""
        return sha256(self.commit.encode("utf-8")).hexdigest()[:20]

    def noted_in(self, languages: Collection[str]) -> bool:
        """Whether the change has a note in one of `languages` (a page's own and the charter's default)."""
        return self.note is not None and not self.note.languages.isdisjoint(languages)

    def sections_of(self, key: str) -> tuple[str, ...]:
        """The top-level keys of record `key` this commit changed, in file order; `(NEW,)` if it created the file."""
        return dict(self.sections).get(key, ())


@dataclass
class History:
    """Recent changes, by record and across the charter; empty when there is no history to read."""

    by_record: dict[str, list[Change]] = field(default_factory=dict)
    """Each record's newest change, and its newest changes with a note, newest first."""
    latest: list[Change] = field(default_factory=list)
    """The newest changes across the charter, newest first."""
    note: str = ""
    """Why the history is empty, for the build log."""

    def of(self, key: str) -> list[Change]:
        """The changes kept for one record (`services/arnona`), newest first."""
        return self.by_record.get(key, [])

    def last_changed(self, key: str) -> datetime | None:
        """When record `key` last changed, with a note or not; None when the history does not know."""
        changes = self.of(key)
        return changes[0].when if changes else None

    def noted(self, key: str, languages: Collection[str]) -> list[Change]:
        """The newest changes of record `key` that tell residents what changed in one of `languages`, newest first.

        A page passes its language and the default: a note written only in others is not shown on it."""
        return [change for change in self.of(key) if change.noted_in(languages)]

    def __bool__(self) -> bool:
        return bool(self.latest)
