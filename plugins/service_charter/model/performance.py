"""Performance figures: how often each service kept its commitments, tier by tier, period by period.

Read from staff's CSV files by `load.performance_csv`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from .schema import FIRST_YEAR, LAST_YEAR, Commitment, Service, Tier

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


STANDARD, URGENT = "standard", "urgent"
TIERS = (STANDARD, URGENT)
"""The tiers a commitment's figures are given for: its standard times, and its `urgent` tier when it has one."""


@dataclass(frozen=True)
class Result:
    """How one service kept one of its commitments, in one tier, in one period."""

    period: Period
    service: str
    requests: int
    met: int
    commitment: str | None = None
    """The commitment's `id`; None for the service's headline commitment (however the CSV named it)."""
    tier: str = STANDARD
    """`standard` or `urgent`."""

    @property
    def share(self) -> Decimal:
        """The share of requests met, rounded down to a whole percent: never more than was achieved."""
        return Decimal(self.met * 100 // self.requests) / 100

    def meets(self, target: int) -> bool:
        """Whether the requests met reach `target` (a percent, e.g. 90), counted exactly, not from the rounded share."""
        return self.met * 100 >= target * self.requests


def tier_of(commitment: Commitment, tier: str) -> Tier | None:
    """The commitment's standard times (the commitment itself) or its urgent tier; None when it has no such tier."""
    return commitment if tier == STANDARD else commitment.urgent if tier == URGENT else None


@dataclass(frozen=True)
class Series:
    """One commitment's figures in one tier, oldest period first."""

    commitment: Commitment
    headline: bool
    """Whether it is the service's headline commitment."""
    tier: str
    results: tuple[Result, ...]

    @property
    def latest(self) -> Result:
        return self.results[-1]

    @property
    def target(self) -> int | None:
        """The share of requests, in percent, the tier aims to handle in time; None when it states none."""
        times = tier_of(self.commitment, self.tier)
        return times.target if times else None


@dataclass
class Performance:
    """Every service's results, oldest period first; empty when the charter has no performance data.

    A service may report each of its commitments (by `id`), each in its standard and its urgent tier. `of`,
    `latest` and `common_latest_period` read the headline commitment's standard tier, the figures a service is
    known by; `latest_for`, `latest_of` and `series` read any commitment and tier.
    """

    results: dict[str, list[Result]] = field(default_factory=dict)
    """Every result of each service, whatever its commitment and tier, oldest period first."""
    headlines: dict[str, str] = field(default_factory=dict)
    """Each service's headline commitment's `id`, when it has one: figures that name it are the headline's."""

    def __bool__(self) -> bool:
        return bool(self.results)

    def __contains__(self, service_id: object) -> bool:
        """Whether the service reports any figures, for any commitment and tier."""
        return service_id in self.results

    def _select(self, service_id: str, commitment_id: str | None, tier: str) -> list[Result]:
        key = None if commitment_id == self.headlines.get(service_id) else commitment_id
        return [r for r in self.results.get(service_id, []) if r.commitment == key and r.tier == tier]

    def of(self, service_id: str) -> list[Result]:
        """The results of the service's headline commitment in its standard tier, oldest first."""
        return self._select(service_id, None, STANDARD)

    def latest(self, service_id: str) -> Result | None:
        """The most recent result of the service's headline commitment in its standard tier, or None."""
        results = self.of(service_id)
        return results[-1] if results else None

    def latest_for(self, service_id: str, commitment_id: str | None, tier: str = STANDARD) -> Result | None:
        """The most recent result of one commitment (its `id`, or None for the headline) in one tier, or None.

        The headline's own `id` finds the headline's figures too, whether the CSV named it or left it empty.
        A commitment that has no `id` and is not the headline has no figures: use `latest_of` for it."""
        results = self._select(service_id, commitment_id, tier)
        return results[-1] if results else None

    def latest_of(self, service: Service, commitment: Commitment, tier: str = STANDARD) -> Result | None:
        """The most recent result of one of the service's commitments in one tier, or None: safe for any
        commitment, with or without an `id`."""
        if commitment is service.headline:
            return self.latest_for(service.id, None, tier)
        return self.latest_for(service.id, commitment.id, tier) if commitment.id else None

    def series(self, service: Service) -> list[Series]:
        """The service's figures, one series per commitment and tier that has any: the headline first, then the
        other commitments in the order of the service's file; the standard tier before the urgent one."""
        headline = service.headline
        found = []
        for commitment in [headline, *(c for c in service.commitments if c is not headline)]:
            if commitment is not headline and not commitment.id:
                continue
            for tier in TIERS:
                results = self._select(service.id, None if commitment is headline else commitment.id, tier)
                if results:
                    found.append(Series(commitment, commitment is headline, tier, tuple(results)))
        return found

    @property
    def common_latest_period(self) -> Period | None:
        """The latest period of the headline commitments' standard figures, when it is the same for every service
        that has them; None when they differ."""
        periods = {latest.period for service_id in self.results if (latest := self.latest(service_id))}
        return periods.pop() if len(periods) == 1 else None
