"""The words of a promise, in the reader's language: the headline, how a clock counts, and a worked example.

Templates call these (`promises.headline(service)`, `promises.rule(commitment)`, ...): the sentences are
built from the commitment's data and the interface strings, so every language says the same thing.
"""

from __future__ import annotations

from functools import cache, cached_property

from markupsafe import Markup

from ..addresses import CALENDAR_SCRIPT
from ..i18n import Localizer
from ..model.charter import Charter
from ..model.clock import due, example_start
from ..model.schema import Commitment, Duration, Service, Tier, TimeUnit

_COUNTS = {
    TimeUnit.minutes: "hours",
    TimeUnit.hours: "hours",
    TimeUnit.days: "days",
    TimeUnit.weeks: "days",
    TimeUnit.business_days: "business_days",
    TimeUnit.business_hours: "business_hours",
}


def label(L: Localizer, commitment: Commitment) -> Markup:
    """What a commitment is about: its request (marked when it falls back), or else its promised time (“Answer”)."""
    if commitment.request:
        return L.text(commitment.request)
    return L.ui(f"clock.{commitment.promised[0]}")


def headline(L: Localizer, service: Service) -> Markup:
    """The service's one-line promise, always labelled: “Decision on a permit application: within 90 days”."""
    commitment = service.headline
    return L.ui("clock.headline", label=label(L, commitment), time=L.duration(commitment.promised[1]))


class Promises:
    """Sentences about commitments for one charter in one language."""

    def __init__(self, charter: Charter, localizer: Localizer):
        self.charter = charter
        self.L = localizer
        self.calendar = charter.working_calendar

    def label(self, commitment: Commitment) -> Markup:
        return label(self.L, commitment)

    def rule(self, commitment: Commitment) -> list[Markup]:
        """How the commitment's clocks count, when they start and what stops them, sentence by sentence."""
        tiers: list[Tier] = [commitment, *([commitment.urgent] if commitment.urgent else [])]
        kinds = list(dict.fromkeys(_COUNTS[time.unit] for tier in tiers for _, time in tier.clocks))
        sentences = [self._counts(kind) for kind in kinds]
        sentences.append(self.L.ui(f"clock.starts.{commitment.starts.value}"))
        sentences.extend(self.L.ui(f"clock.pauses.{pause.value}") for pause in commitment.pauses)
        return sentences

    def _counts(self, kind: str) -> Markup:
        if kind not in ("business_days", "business_hours"):
            return self.L.ui(f"clock.counts.{kind}")
        if self.charter.site.calendar is None:
            return self.L.ui("clock.counts.no_calendar")
        week = self.charter.site.calendar.week
        if kind == "business_days":
            working = [day for row in week for day in row.days]
            return self.L.ui("clock.counts.business_days", days=self.L.days(working))
        span = Markup('{} <bdi dir="ltr">{}\u2060–\u2060{}</bdi>')  # the word joiners keep the hours on one line
        rows = (span.format(self.L.days(row.days), row.opens, row.closes) for row in week)
        hours = self.L.ui("list_separator").join(rows)
        return self.L.ui("clock.counts.business_hours", hours=hours)

    def example(self, commitment: Commitment) -> Markup | None:
        """A worked example for the promised time, computed from the calendar; None without a calendar."""
        due_text = self._example_due(commitment.promised[1])
        if due_text is None:
            return None
        return self.L.ui("clock.example", label=self.label(commitment), start=self._example_start, due=due_text)

    @cached_property
    def _example_start(self) -> str:
        assert self.calendar is not None
        return self.L.wall(example_start(self.calendar).replace(tzinfo=None))

    @cache  # noqa: B019  (one Promises per language and build: the cache lives as long as the charter)
    def _example_due(self, time: Duration) -> str | None:
        """When a request of the worked example is due, in words; None without a calendar or beyond it."""
        if self.calendar is None:
            return None
        at = due(self.calendar, example_start(self.calendar), time)
        return None if at is None else self.L.wall(at, with_time=self.with_time(time))

    @staticmethod
    def with_time(time: Duration) -> bool:
        """Whether a due date for this time names the hour: not for whole days and weeks."""
        return time.unit not in (TimeUnit.days, TimeUnit.weeks)

    def now_line(self, commitment: Commitment) -> Markup:
        """The line above a commitment's clocks that the browser fills in, with `{now}` left for it."""
        return self.L.ui(f"clock.now.{commitment.starts.value}", now="{now}")

    @cached_property
    def due_line(self) -> Markup:
        """The line after each clock that the browser fills in, with `{due}` left for it."""
        return self.L.ui("clock.by", due="{due}")

    calendar_script = CALENDAR_SCRIPT
    """The business calendar as a script, at the top of the site."""
