"""The “What applies to me” questions, in one place: their ids, their options and what each option means.

The questions page (`templates/charter/for-you.html`) draws them from here, and `assets/charter-fit.js` knows
nothing of them but what the drawn page tells it. The answers never leave the reader's browser: the script keeps
them in its local storage under `ANSWERS_KEY`, as a JSON object of version `ANSWERS_VERSION` whose fields are the
questions' ids (a condition's own field names, and `neighbourhood`):

- a question of one answer (`ONE`) holds its option's value (`age`: an age band such as `"62-66"` or `"67+"`);
- a question of several (`SEVERAL`) holds the list of options ticked, `[]` for its last option, “none”;
- a yes-or-no question (`YES_NO`) holds `true` or `false`;
- the neighbourhood (`PLACE`) holds its id from site.yml.

A question not answered (“I'd rather not say”) is absent, and the script then says “we can't tell”.

Age bands are written `<min>-<max>` or `<min>+` (both ends included), so that the script reads their bounds from
the answer itself, on every page, with no list of bands of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .schema import CONDITION_FIELDS, ChildAge, Condition, Pension, Pet, Residency

ANSWERS_KEY = "charter-answers"
"""The one key of the browser's local storage that the charter's scripts write."""
ANSWERS_VERSION = 1

ONE = "one"
SEVERAL = "several"
YES_NO = "yes-no"
PLACE = "place"

NOT_RESIDENT = "not-resident"
"""The answer “I don't live here” (no condition asks for it)."""


@dataclass(frozen=True)
class Band:
    """An age band in whole years, both ends included; `min` None for “or younger”, `max` None for “or older”."""

    min: int | None
    max: int | None = None

    @property
    def value(self) -> str:
        return f"{self.min}+" if self.max is None else f"{self.min or 0}-{self.max}"

    @classmethod
    def parse(cls, value: str) -> Band:
        low, _, high = value.partition("-")
        return cls(int(low.rstrip("+")), int(high) if high else None)


AGE_BANDS = (Band(None, 17), Band(18, 61), Band(62, 66), Band(67))
"""The reader's age, in the bands the question offers: the ages that matter to most services (adults, senior
citizens, the age of an old-age pension)."""


@dataclass(frozen=True)
class Option:
    """One answer: its value as stored, which names its label under `fit.q.<question>.`; or its `band` of ages,
    which is its label."""

    value: str
    band: Band | None = None


@dataclass(frozen=True)
class Question:
    id: str
    """The field of the stored answers, and of `Condition` that it answers (but `neighbourhood`)."""
    kind: str
    options: tuple[Option, ...] = ()


def _values(values: Any) -> tuple[Option, ...]:
    return tuple(Option(str(value)) for value in values)


QUESTIONS = (
    Question("age", ONE, tuple(Option(band.value, band) for band in AGE_BANDS)),
    Question("children", SEVERAL, tuple(Option(age.value, Band.parse(age.value)) for age in ChildAge)),
    Question("single_parent", YES_NO),
    Question("pets", SEVERAL, _values(Pet)),
    Question("business", YES_NO),
    Question("disability", YES_NO),
    Question("residency", ONE, _values([*Residency, NOT_RESIDENT])),
    Question("new_immigrant", YES_NO),
    Question("pension", SEVERAL, _values(Pension)),
    Question("low_income", YES_NO),
    Question("neighbourhood", PLACE),
)
"""Every question, in the order the page asks them."""


def conditions_data(conditions: list[Condition]) -> list[dict[str, Any]]:
    """The ways to qualify as the script reads them, in their order, without their names (which pages show in their
    own words): each criterion written, an age as `[min, max]` with `null` for an open end."""
    ways = []
    for condition in conditions:
        way: dict[str, Any] = {}
        for field in CONDITION_FIELDS:
            value = getattr(condition, field)
            if value is None or value == []:
                continue
            if field == "age":
                value = [value.min, value.max]
            elif isinstance(value, list):
                value = [str(item) for item in value]
            elif not isinstance(value, bool):
                value = str(value)
            way[field] = value
        ways.append(way)
    return ways
