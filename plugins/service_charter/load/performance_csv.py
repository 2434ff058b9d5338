"""Performance figures, read from `charter/performance/*.csv`: how often each service kept its commitment.

Each file has a header line and one line per period and service, in any order of columns:

    period,service,requests,met
    2026-Q3,arnona-payment,15230,15102

`period` is a year (`2026`), a quarter (`2026-Q3`) or a month (`2026-07`); each service is reported
in one of the three throughout. `requests` is how many requests the service received in the period,
`met` for how many of them we kept the commitment. Without any file the site makes no claim.

Two columns are optional, for a service with several commitments or an urgent tier:

    period,service,commitment,tier,requests,met
    2026-Q3,building-permit,decision,standard,78,61
    2026-Q3,hazard-report,,urgent,112,104

`commitment` is the `id` of one of the service's commitments; empty (or no such column), the service's
headline commitment. `tier` is `standard` or `urgent`; empty (or no such column), `standard`.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Final, Literal

from ..model.performance import STANDARD, TIERS, URGENT, Performance, Period, Result
from ..model.schema import Service
from ..problems import Problem, Severity

FOLDER = "performance"
COLUMNS = ("period", "service", "requests", "met")
OPTIONAL_COLUMNS = ("commitment", "tier")
"""Columns a file may leave out: the headline commitment, in its standard tier."""
HEADER = ",".join(COLUMNS)
SPREADSHEET_SUFFIXES = (".xlsx", ".xls", ".ods", ".numbers")
PERIOD_FORMS = "a year (2026), a quarter (2026-Q3) or a month (2026-07)"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def read_performance(
    folder: Path,
    service_ids: Collection[str],
    display: Callable[[Path], str],
    today: date,
    refusal: Callable[[Path], Problem | None] = lambda path: None,
    services: Mapping[str, Service] | None = None,
) -> tuple[Performance, list[Problem]]:
    """Read every CSV file in `folder`: the data, and every problem found in it (all at once).

    A file for which `refusal` gives a problem (a link out of the charter folder) is not read. `services` are
    the validated services by id, whose commitments the `commitment` and `tier` columns name; a service that
    is not among them (its file has mistakes of its own) has its commitment ids taken as written.
    """
    reader = _FiguresReader(set(service_ids), display, today, dict(services or {}))
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.name.startswith("."):
                continue
            refused = refusal(path)
            if refused is not None:
                reader.problems.append(refused)
            elif path.suffix.lower() == ".csv":
                reader.read_file(path)
            elif path.suffix.lower() in SPREADSHEET_SUFFIXES:
                reader.problems.append(
                    Problem(
                        display(path),
                        message="this file is not read: performance data must be in CSV files",
                        hint=f"save it as “CSV UTF-8” with the header `{HEADER}`, and delete this file",
                        severity=Severity.warning,
                    )
                )
    results: dict[str, list[Result]] = {}
    for result in reader.results:
        results.setdefault(result.service, []).append(result)
    for service_results in results.values():
        service_results.sort(key=lambda result: result.period)
    headlines = {sid: headline for sid, service in reader.services.items() if (headline := service.headline.id)}
    return Performance(results, headlines), reader.problems


class _Wrong(Enum):
    """A commitment the row names that the service does not have."""

    commitment = "commitment"


_WRONG: Final = _Wrong.commitment


@dataclass
class _Row:
    """One line of figures, with where each cell starts for the messages."""

    file: str
    line: int
    columns: dict[str, int]
    cells: dict[str, str]

    def problem(self, column: str, message: str, hint: str, severity: Severity = Severity.error) -> Problem:
        return Problem(self.file, self.line, self.columns.get(column, 1), column, message, hint, severity)


@dataclass
class _FiguresReader:
    """Collects every service's results and every problem while reading the performance files."""

    service_ids: set[str]
    display: Callable[[Path], str]
    today: date
    services: dict[str, Service] = field(default_factory=dict)
    results: list[Result] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seen: dict[tuple[Period, str, str | None, str], str] = field(default_factory=dict)
    """(period, service, commitment, tier) → where it was first given; None is the headline commitment."""
    kinds: dict[str, tuple[str, str]] = field(default_factory=dict)
    """service → how it is reported (year, quarter or month), and where that was first seen."""

    def read_file(self, path: Path) -> None:
        name = self.display(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.problems.append(Problem(name, message=f"cannot read the file: {exc.strerror}"))
            return
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self.problems.append(
                Problem(
                    name,
                    line,
                    message="the file is not UTF-8 text",
                    hint="save it as “CSV UTF-8” (in Excel: File › Save As › CSV UTF-8)",
                )
            )
            return
        lines = _LINE_BREAK.split(text)
        try:
            rows = list(_rows(text))
        except csv.Error as exc:
            self.problems.append(
                Problem(name, message=f"the file is not valid CSV: {exc}", hint="save it again as CSV")
            )
            return
        if not rows:
            self.problems.append(
                Problem(
                    name,
                    message="the file is empty",
                    hint=f"start with the header line `{HEADER}`, then one line per period and service; "
                    "or delete the file",
                )
            )
            return
        (header_line, header), *figures = rows
        columns = self._header(name, header_line, header, lines[header_line - 1])
        if columns is None:
            return
        if not figures:
            self.problems.append(
                Problem(
                    name,
                    header_line,
                    message="the file has a header but no figures",
                    hint="add one line per period and service under the header, or delete the file",
                )
            )
            return
        for line, cells in figures:
            starts = _cell_columns(lines[line - 1])
            if len(cells) != len(columns):
                self.problems.append(
                    Problem(
                        name,
                        line,
                        message=f"the line has {len(cells)} values but the header has {len(columns)} columns",
                        hint="give exactly one value per column; write numbers without thousands separators "
                        "(1284, not 1,284)",
                    )
                )
                continue
            row = _Row(
                name,
                line,
                {column: starts[i] if i < len(starts) else 1 for i, column in enumerate(columns)},
                {
                    **dict.fromkeys(OPTIONAL_COLUMNS, ""),
                    **{column: cell.strip() for column, cell in zip(columns, cells, strict=True)},
                },
            )
            self._row(row)

    def _header(self, name: str, line: int, header: list[str], text: str) -> list[str] | None:
        """The header's column names in file order, or None (with problems) when it cannot be used."""
        columns = [cell.strip().lower() for cell in header]
        starts = _cell_columns(text)
        found: list[Problem] = []
        if not set(COLUMNS) & set(columns):
            separator = next((s for s in (";", "\t") if s in text), "")
            hint = f"the first line must be the header `{HEADER}` (columns in any order)"
            if separator:
                hint += "; separate the columns with commas, not " + ("semicolons" if separator == ";" else "tabs")
            self.problems.append(Problem(name, line, message="the file has no header line", hint=hint))
            return None
        for index, column in enumerate(columns):
            where = starts[index] if index < len(starts) else 1
            if column not in COLUMNS + OPTIONAL_COLUMNS:
                close = difflib.get_close_matches(column, COLUMNS + OPTIONAL_COLUMNS, n=1)
                hint = (
                    f"did you mean `{close[0]}`?"
                    if close
                    else f"the columns are {', '.join(COLUMNS)}, and if needed {', '.join(OPTIONAL_COLUMNS)}; remove it"
                )
                found.append(Problem(name, line, where, column, f"unknown column `{header[index].strip()}`", hint))
            elif column in columns[:index]:
                found.append(Problem(name, line, where, column, "the column appears twice", "keep one of them"))
        for column in COLUMNS:
            if column not in columns:
                found.append(
                    Problem(
                        name,
                        line,
                        message=f"the header has no `{column}` column",
                        hint=f"the header is `{HEADER}`, in any order",
                    )
                )
        self.problems.extend(found)
        return None if found else columns

    def _row(self, row: _Row) -> None:
        problems: list[Problem] = []
        period = self._period(row, problems)
        service = self._service(row, problems)
        commitment = self._commitment(row, service, problems)
        tier = self._tier(row, service, commitment, problems)
        requests = self._count(row, "requests", problems)
        met = self._count(row, "met", problems)
        if requests == 0:
            problems.append(
                row.problem(
                    "requests",
                    "there were no requests, so there is nothing to report",
                    "leave the line out: a period without requests says nothing about the commitment",
                )
            )
        if requests and met is not None and met > requests:
            problems.append(
                row.problem(
                    "met",
                    f"met ({met}) is more than the requests received ({requests})",
                    "`met` counts the requests for which we kept the commitment: at most `requests`",
                )
            )
        if period and service and commitment is not _WRONG and tier:
            here = f"{row.file}:{row.line}"
            first = self.seen.setdefault((period, service, commitment, tier), here)
            if first != here:
                problems.append(
                    row.problem(
                        "period",
                        f"{period} is given twice for {self._naming(service, commitment, tier)}",
                        f"it is first given at {first}; keep one line per period, service, commitment and tier"
                        + self._headline_spelling(service, commitment),
                    )
                )
            kind, where = self.kinds.setdefault(service, (period.kind, here))
            if kind != period.kind:
                problems.append(
                    row.problem(
                        "period",
                        f"`{service}` is reported by {kind} elsewhere ({where}), here by {period.kind}",
                        "report every period of one service the same way: by year, by quarter or by month",
                    )
                )
        self.problems.extend(problems)
        errors = any(problem.severity is Severity.error for problem in problems)
        if not errors and period and service and requests and met is not None and tier and commitment is not _WRONG:
            self.results.append(Result(period, service, requests, met, commitment, tier))

    def _period(self, row: _Row, problems: list[Problem]) -> Period | None:
        text = row.cells["period"]
        period = Period.parse(text)
        if period is None:
            message = "the period is empty" if not text else f"{text!r} is not a period"
            problems.append(row.problem("period", message, f"write {PERIOD_FORMS}"))
            return None
        if period.start > self.today:
            problems.append(
                row.problem("period", f"{text} has not begun yet", "check the year; report a period once it is over")
            )
            return None
        if period.end >= self.today:
            problems.append(
                row.problem(
                    "period",
                    f"{text} is not over yet (it ends on {period.end.isoformat()})",
                    "figures for a period still running will change; publish them once it is over",
                    Severity.warning,
                )
            )
        return period

    def _service(self, row: _Row, problems: list[Problem]) -> str | None:
        service = row.cells["service"]
        if service in self.service_ids:
            return service
        if not service:
            problems.append(
                row.problem("service", "the service is empty", "write the service's id, e.g. `dog-license`")
            )
            return None
        close = difflib.get_close_matches(service, sorted(self.service_ids), n=1)
        hint = f"did you mean `{close[0]}`?" if close else "write the id of a service: its file name in services/"
        problems.append(row.problem("service", f"there is no service `{service}`", hint))
        return None

    def _commitment(
        self, row: _Row, service: str | None, problems: list[Problem]
    ) -> str | Literal[_Wrong.commitment] | None:
        """The commitment's id; None for the headline (named by its id or left empty); _WRONG when it is unknown."""
        text = row.cells["commitment"]
        known = self.services.get(service) if service else None
        if not text or known is None:  # a service with mistakes in its own file: its ids cannot be checked
            return text or None
        ids = [c.id for c in known.commitments if c.id]
        if text in ids:
            return None if text == known.headline.id else text
        close = difflib.get_close_matches(text, ids, n=1)
        if close:
            hint = f"did you mean `{close[0]}`?"
        elif ids:
            hint = f"the commitments of `{service}` with an id are {', '.join(f'`{i}`' for i in ids)}"
            hint += "; leave `commitment` empty for its headline commitment"
        else:
            hint = (
                f"no commitment of `{service}` has an `id`: give it one in services/{service}.yml, "
                "or leave `commitment` empty for its headline commitment"
            )
        problems.append(row.problem("commitment", f"`{service}` has no commitment `{text}`", hint))
        return _WRONG

    def _tier(
        self,
        row: _Row,
        service: str | None,
        commitment: str | Literal[_Wrong.commitment] | None,
        problems: list[Problem],
    ) -> str | None:
        """`standard` or `urgent`, or None when it is not a tier or the commitment has no such tier."""
        text = row.cells["tier"]
        tier = text.lower() or STANDARD
        if tier not in TIERS:
            close = difflib.get_close_matches(tier, TIERS, n=1)
            problems.append(
                row.problem(
                    "tier",
                    f"{text!r} is not a tier",
                    (f"did you mean `{close[0]}`? " if close else "")
                    + "write `standard` or `urgent`, or leave it empty for the standard tier",
                )
            )
            return None
        known = self.services.get(service) if service else None
        if tier == URGENT and known is not None and commitment is not _WRONG:
            chosen = known.headline if commitment is None else next(c for c in known.commitments if c.id == commitment)
            if chosen.urgent is None:
                which = f"commitment `{commitment}`" if commitment else "headline commitment"
                problems.append(
                    row.problem(
                        "tier",
                        f"the {which} of `{service}` has no urgent tier",
                        f"give figures for the `urgent` tier only for a commitment with `urgent:` in "
                        f"services/{service}.yml; write `standard` or leave the tier empty",
                    )
                )
                return None
        return tier

    @staticmethod
    def _naming(service: str, commitment: str | None, tier: str) -> str:
        """`service`, with its commitment and tier when they are not the headline's standard one."""
        return (
            f"`{service}`"
            + (f", commitment `{commitment}`" if commitment else "")
            + (", urgent tier" if tier == URGENT else "")
        )

    def _headline_spelling(self, service: str, commitment: str | None) -> str:
        """For the headline commitment when it has an id: that an empty `commitment` names it too."""
        known = self.services.get(service)
        headline = known.headline.id if known else None
        if commitment is None and headline:
            return f" (an empty `commitment` is the headline commitment, `{headline}`)"
        return ""

    @staticmethod
    def _count(row: _Row, column: str, problems: list[Problem]) -> int | None:
        text = row.cells[column]
        if text.isascii() and text.isdigit():
            return int(text)
        if re.fullmatch(r"-\d+", text):
            problems.append(row.problem(column, f"{text} is negative", "write how many requests: 0 or more"))
        else:
            value = "it is empty" if not text else f"{text!r} is not one"
            problems.append(
                row.problem(column, f"should be a whole number; {value}", "write digits only, without separators: 1284")
            )
        return None


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """The CSV's non-blank rows, each with the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    for cells in reader:
        if any(cell.strip() for cell in cells):
            yield line, cells
        line = reader.line_num + 1


def _cell_columns(line: str) -> list[int]:
    """Where each comma-separated cell of one CSV line starts (1-based)."""
    starts, quoted = [1], False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            starts.append(index + 2)
    return starts
