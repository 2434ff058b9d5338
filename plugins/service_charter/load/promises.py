"""Checks on the charter's promises that the schema alone cannot express: headlines and the business calendar."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from ..model.business_calendar import UnknownHoliday
from ..model.charter import Charter
from ..model.kinds import SERVICE, SITE
from ..problems import Problem, Severity
from .yamlfile import YamlDocument

PLANNED_AHEAD = timedelta(days=183)
"""How far ahead the calendar's closures and hour changes must be planned before the build warns."""


def check_promises(charter: Charter, documents: dict[str, YamlDocument], *, today: date) -> Iterator[Problem]:
    """Every problem with headlines and the business calendar."""
    site = documents[charter.sources[SITE]]
    counted_in_business_time = []
    for service in sorted(charter.services.values(), key=lambda s: s.id):
        document = documents[charter.sources[SERVICE.key(service.id)]]
        commitments = service.commitments
        if len(commitments) > 1 and not any(c.headline for c in commitments):
            first = commitments[0]
            label = f"`{first.request.get(charter.site.default_language)}`" if first.request else "the first"
            yield document.problem(
                ("commitments",),
                f"the service has {len(commitments)} commitments but none is its headline, so cards, lists and "
                f"search show {label} as its one-line promise",
                "add `headline: true` to the commitment residents should read first (e.g. the decision, not the "
                "receipt)",
                severity=Severity.warning,
            )
        for commitment in commitments:
            tiers = [commitment, commitment.urgent] if commitment.urgent else [commitment]
            if any(time.is_business for tier in tiers for _, time in tier.clocks):
                counted_in_business_time.append(service.id)
    calendar = charter.site.calendar
    if calendar is None:
        if counted_in_business_time:
            yield Problem(
                site.display,
                message=f"{len(set(counted_in_business_time))} service(s) count in business days or hours (e.g. "
                f"`{counted_in_business_time[0]}`), but site.yml has no `calendar`: residents cannot tell which "
                "days count, and service pages cannot show by when a request is due",
                hint="add a `calendar` with the working week, holiday sets and `planned_until`; see the staff guide",
                severity=Severity.warning,
            )
        return
    if calendar.planned_until < today + PLANNED_AHEAD:
        yield site.problem(
            ("calendar", "planned_until"),
            f"the calendar's closures and hour changes are planned only until {calendar.planned_until}, less than six "
            "months ahead: due dates after that may fall on a closure nobody has typed",
            "add next year's closures and hour changes (such as Ramadan or summer hours), then move `planned_until`",
            severity=Severity.warning,
        )
    try:
        charter.working_calendar  # noqa: B018  (resolving it asks the holiday libraries)
    except UnknownHoliday as error:
        yield site.problem(
            ("calendar", "holidays"),
            f"a holiday library named a day this version has no words for: {error}",
            "use the version of `holidays` this package pins (see constraints.txt), or leave out that set",
        )
