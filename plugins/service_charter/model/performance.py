"""Performance figures: how often each service kept its commitment, period by period.

Read from staff's CSV files by `load.performance_csv`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from .schema import FIRST_YEAR, LAST_YEAR

_PERIOD = re.compile(r"(\d{4})(?:-(?:[Qq]([1-4])|(0[1-9]|1[0-2])))?")
_KIND = {12: "year", 3: "quarter", 1: "month"}


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: a whole year, quarter or month."""

    start: date
    months: int
    """12, 3 or 1."""

    @classmethod
    def parse(cls, text: str) -> Period | None:
        """`2026`, `2026-Q3` or `2026-07` → the period, or None."""
        match = _PERIOD.fullmatch(text.strip())
        if not match:
            return None
        year, quarter, month = match.groups()
        if not FIRST_YEAR <= int(year) <= LAST_YEAR:
            return None
        if quarter:
            return cls(date(int(year), 3 * int(quarter) - 2, 1), 3)
        if month:
            return cls(date(int(year), int(month), 1), 1)
        return cls(date(int(year), 1, 1), 12)

    @property
    def end(self) -> date:
        """The last day of the period."""
        months = self.start.year * 12 + self.start.month - 1 + self.months
        return date(months // 12, months % 12 + 1, 1) - timedelta(days=1)

    @property
    def kind(self) -> str:
        return _KIND[self.months]

    def __str__(self) -> str:
        if self.months == 12:
            return f"{self.start.year}"
        if self.months == 3:
            return f"{self.start.year}-Q{(self.start.month + 2) // 3}"
        return f"{self.start.year}-{self.start.month:02d}"


@dataclass(frozen=True)
class Result:
    """How one service did in one period."""

    period: Period
    service: str
    requests: int
    met: int

    @property
    def share(self) -> Decimal:
        """The share of requests met, rounded down to a whole percent: never more than was achieved."""
        return Decimal(self.met * 100 // self.requests) / 100


@dataclass
class Performance:
    """Every service's results, oldest period first; empty when the charter has no performance data."""

    results: dict[str, list[Result]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.results)

    def __contains__(self, service_id: object) -> bool:
        return service_id in self.results

    def of(self, service_id: str) -> list[Result]:
        return self.results.get(service_id, [])

    def latest(self, service_id: str) -> Result | None:
        """The service's most recent result, or None when it reports none."""
        results = self.results.get(service_id)
        return results[-1] if results else None

    @property
    def common_latest_period(self) -> Period | None:
        """The latest period, when it is the same for every service; None when they differ."""
        periods = {results[-1].period for results in self.results.values()}
        return periods.pop() if len(periods) == 1 else None
