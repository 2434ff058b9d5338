"""Read a charter folder: YAML files → validated records → one `Charter`, or every problem at once."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ..model.charter import Charter
from ..model.history import History
from ..model.kinds import FOLLOWED, KINDS, SERVICE, SITE, SITE_FILE, VOCABULARY, VOCABULARY_FILE, YAML_SUFFIXES
from ..model.schema import Site, Vocabulary, languages_first
from ..problems import CharterError, Problem, Severity
from .content import check_content, ended_notices
from .git_history import read_history
from .performance_csv import FOLDER as PERFORMANCE
from .performance_csv import read_performance
from .promises import check_promises
from .records import RecordReader
from .references import check_languages, check_references

STALE_AFTER_DAYS = 365


def load_charter(
    root: Path, *, today: date | None = None, stale_after_days: int = STALE_AFTER_DAYS, now: datetime | None = None
) -> Charter:
    """Load and check the charter in `root`; raise `CharterError` listing every problem.

    The charter comes complete: its records, its performance figures, its change history from git, and
    the warnings and notices found (such as pages not reviewed for `stale_after_days`). Notices
    (disruptions, events) that have ended by `now` are left out of the site.
    """
    root = root.resolve()
    reader = RecordReader(root)
    if not (root / SITE_FILE).is_file():
        raise CharterError(
            [
                Problem(
                    reader.display(root / SITE_FILE),
                    message="the charter has no site.yml",
                    hint="give the folder that holds site.yml, or start a new charter with "
                    "`charter init <folder> --name <name> --authority municipality --languages he,ar,en,ru`",
                )
            ]
        )
    site_document = reader.read(root / SITE_FILE)
    if site_document is not None:
        reader.context["languages"] = languages_first(site_document.data)
    site = reader.validate(Site, site_document, site_document.data) if site_document else None
    if site is not None:
        reader.context["timezone"] = site.timezone
    records: dict[str, Any] = {kind.attribute: reader.entities(kind) for kind in KINDS}  # each of its kind's model
    vocabulary, sources = _vocabulary(reader, root / VOCABULARY_FILE)
    if site is None or site_document is None:
        raise CharterError(reader.problems)
    today = today or date.today()
    service_files = {p.stem for p in (root / SERVICE.folder).glob("*") if p.suffix in YAML_SUFFIXES}
    performance, problems = read_performance(
        root / PERFORMANCE, service_files, reader.display, today, reader.refusal, services=records["services"]
    )
    reader.problems.extend(problems)
    logo_folder = site.logo.split("/")[0] if site.logo and "/" in site.logo else ""
    reader.problems.extend(reader.unexpected({*(kind.folder for kind in KINDS), PERFORMANCE, logo_folder} - {""}))
    charter = Charter(
        root=root,
        site=site,
        **records,
        sources={SITE: site_document.display, **sources, **reader.sources},
        loaded_at=now or datetime.now(UTC),
        history=History(),
        performance=performance,
        vocabulary=vocabulary,
    )
    reader.problems.extend(ended_notices(charter, reader.documents))
    reader.problems.extend(check_references(root, reader.documents))
    reader.problems.extend(check_languages(charter, reader.documents))
    reader.problems.extend(check_content(charter, reader.documents, today=today, stale_after_days=stale_after_days))
    reader.problems.extend(check_promises(charter, reader.documents, today=today))
    if any(problem.severity is Severity.error for problem in reader.problems):
        raise CharterError(reader.problems)
    history = read_history(root, FOLLOWED, site.timezone, [site.default_language, *site.languages])
    return dataclasses.replace(charter, history=history, problems=tuple(sorted(reader.problems)))


def _vocabulary(reader: RecordReader, path: Path) -> tuple[Vocabulary, dict[str, str]]:
    """The words residents search with (`vocabulary.yml`, optional) and where they came from."""
    if not path.exists():
        return Vocabulary(), {}
    document = reader.read(path)
    vocabulary = reader.validate(Vocabulary, document, document.data) if document else None
    return vocabulary or Vocabulary(), ({VOCABULARY: document.display} if document else {})
