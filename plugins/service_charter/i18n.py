"""Languages: interface strings from per-language files (worded for the kind of authority), texts with fallback,
dates, money, times and plural forms from CLDR, and each language's alphabetical order."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache, lru_cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from babel import Locale
from babel.dates import (
    format_date,
    format_interval,
    format_skeleton,
    get_datetime_format,
    get_day_names,
)
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal, format_percent
from babel.units import format_unit
from markupsafe import Markup, escape

from .model.business_calendar import Closed
from .model.performance import Period
from .model.questions import ANSWERS_KEY, QUESTIONS, Band, Question, conditions_data
from .model.schema import (
    CONDITION_FIELDS,
    AgeRange,
    Condition,
    Duration,
    ReminderMethod,
    Site,
    Text,
    Weekday,
    iter_texts,
)
from .problems import key_path
from .richtext import render_markdown

WEEKDAY_INDEX = {
    Weekday.mon: 0,
    Weekday.tue: 1,
    Weekday.wed: 2,
    Weekday.thu: 3,
    Weekday.fri: 4,
    Weekday.sat: 5,
    Weekday.sun: 6,
}
WEEK_ORDER = [Weekday.sun, Weekday.mon, Weekday.tue, Weekday.wed, Weekday.thu, Weekday.fri, Weekday.sat]
_LIST_ITEM = re.compile("\x00([0-9]+)\x00")
"""Where `Localizer.joined` puts each item in a list pattern."""


class MissingString(KeyError):
    """An interface string is missing from a language file (a bug in the package, not in the charter)."""


@cache
def ui_strings(lang: str) -> dict[str, Any]:
    """The interface strings of one language, from `locales/<lang>.yml`."""
    path = resources.files("service_charter") / "locales" / f"{lang}.yml"
    if not path.is_file():
        raise FileNotFoundError(f"no interface strings for language {lang!r} (expected locales/{lang}.yml)")
    strings: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return strings


def available_languages() -> list[str]:
    folder = resources.files("service_charter") / "locales"
    return sorted(item.name.removesuffix(".yml") for item in folder.iterdir() if item.name.endswith(".yml"))


def direction(lang: str) -> str:
    return str(ui_strings(lang)["meta"]["direction"])


def language_name(lang: str) -> str:
    return str(ui_strings(lang)["meta"]["name"])


@cache
def cldr_locale(lang: str) -> str:
    """The CLDR locale whose dates and numbers the language's pages use (`meta.cldr`; else the language)."""
    return str(ui_strings(lang)["meta"].get("cldr", lang))


def _lookup(lang: str, key: str) -> Any:
    node: Any = ui_strings(lang)
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise MissingString(f"locales/{lang}.yml has no string {key!r}")
        node = node[part]
    return node


@cache
def _ui_template(lang: str, key: str, authority: str) -> Markup:
    node = _lookup(lang, key)
    if isinstance(node, dict):  # the words differ by the kind of authority
        if authority not in node:
            raise MissingString(f"locales/{lang}.yml has no string {key!r} for a {authority}")
        node = node[authority]
    return escape(str(node))


@cache
def _plural_form(lang: str, count: int) -> str:
    return Locale.parse(lang).plural_form(count)


# Formatting through Babel takes a tenth of a millisecond; a performance page repeats the same few values.
@lru_cache(maxsize=4096)
def _number(lang: str, value: int) -> str:
    return format_decimal(value, locale=cldr_locale(lang))


@cache
def _percent(lang: str, share: Decimal) -> str:
    return format_percent(share, locale=cldr_locale(lang))


@cache
def _period(lang: str, period: Period) -> str:
    if period.months == 1:
        return format_skeleton("yMMMM", period.start, locale=cldr_locale(lang))
    if period.months == 3:
        return format_interval(period.start, period.end, "yMMMM", locale=cldr_locale(lang))
    return format_skeleton("y", period.start, locale=cldr_locale(lang))


@lru_cache(maxsize=1024)
def _years(lang: str, count: int) -> str:
    """“62 years” in CLDR's words for a duration in years, always with its numeral (Arabic writes “two years” as
    one word, which cannot end a range): the long form, else the short, else the narrow one."""
    numeral = _number(lang, count)
    for length in ("long", "short", "narrow"):
        text = str(format_unit(count, "duration-year", length=length, locale=cldr_locale(lang)))
        if numeral in text and "duration-year" not in text:
            return text
    return numeral


@cache
def _collator() -> Any:
    """The Unicode Collation Algorithm's default order (CLDR's root collation), read once per process.

    Its order of the Hebrew, Arabic, Cyrillic and Latin alphabets is the one each of these languages
    uses; CLDR's tailorings for he, ar, ru and en do not change it for words."""
    from pyuca import Collator

    return Collator()


@lru_cache(maxsize=65536)
def collation_key(text: str) -> tuple[int, ...]:
    """What sorts `text` alphabetically among others, whatever its script."""
    key: tuple[int, ...] = _collator().sort_key(text)
    return key


def _name(record: Any) -> Text | None:
    """The text a record is listed by: its title, name or question."""
    for field in ("title", "name", "question"):
        text = getattr(record, field, None)
        if isinstance(text, Text):
            return text
    return None


@dataclass(frozen=True)
class Localizer:
    """Everything a template needs to speak one language."""

    lang: str
    default: str
    authority: str = "municipality"
    """The kind of local authority (`site.yml`'s `authority`), for the strings that name it."""

    @classmethod
    def of(cls, site: Site, lang: str) -> Localizer:
        """The localizer for `lang` on a charter's site: its default language and its kind of authority."""
        return cls(lang, site.default_language, site.authority.value)

    @property
    def dir(self) -> str:
        return direction(self.lang)

    @property
    def name(self) -> str:
        return language_name(self.lang)

    @property
    def cldr(self) -> str:
        """The CLDR locale of dates and numbers, e.g. `ar_JO` (Levantine month names) for `ar`."""
        return cldr_locale(self.lang)

    # --- Interface strings ---

    def ui(self, key: str, **values: Any) -> Markup:
        """The interface string `key` (dotted), with `{placeholders}` filled in and escaped."""
        template = _ui_template(self.lang, key, self.authority)
        return template.format(**values) if values or "{" in template else template

    def plural(self, key: str, count: int, **values: Any) -> Markup:
        """A string with plural forms (`one`, `two`, `few`, `many`, `other`) chosen by CLDR rules."""
        forms = _lookup(self.lang, key)
        form = _plural_form(self.lang, count)
        return escape(str(forms.get(form, forms["other"]))).format(n=count, **values)

    def plural_forms(self, key: str) -> dict[str, str]:
        """Every plural form of string `key`, for scripts that choose among them (`Intl.PluralRules`)."""
        return {form: str(text) for form, text in _lookup(self.lang, key).items()}

    def listed(self, records: Iterable[Any]) -> list[Any]:
        """Records as this language lists them: by their `order` where they have one, then alphabetically by
        title (or name, or question) in this language."""
        return sorted(
            records, key=lambda r: (getattr(r, "order", 0), collation_key(self.plain(_name(r)).casefold()), r.id)
        )

    # --- Charter texts, with fallback to the default language ---

    def pick(self, text: Text | None) -> tuple[str, str]:
        """The text in this language, or in the default language; with the language used."""
        if text is None:
            return "", self.lang
        value = text.get(self.lang)
        if value is not None:
            return value, self.lang
        return text.get(self.default) or next(iter(text.root.values())), self.default

    def plain(self, text: Text | None) -> str:
        """The text alone, for attributes and titles (no language marking)."""
        return self.pick(text)[0]

    def text(self, text: Text | None) -> Markup:
        """Inline text, marked with its own `lang` and `dir` when it falls back."""
        value, lang = self.pick(text)
        if lang == self.lang:
            return escape(value)
        return Markup('<span lang="{}" dir="{}" class="charter-fallback">{}</span>').format(
            lang, direction(lang), value
        )

    def markdown(self, text: Text | None) -> Markup:
        """A Markdown block, sanitized; when it falls back, introduced by a sentence in this language saying
        which language it is in, and marked with its own `lang` and `dir`."""
        value, lang = self.pick(text)
        html = Markup(render_markdown(value))
        if lang == self.lang:
            return html
        return self.borrowed(html, lang)

    def borrowed(self, html: Markup, lang: str) -> Markup:
        """A block written in another language `lang`, introduced in this one."""
        return Markup(
            '<div class="charter-fallback"><p class="charter-fallback__note">{}</p>'
            '<div lang="{}" dir="{}">{}</div></div>'
        ).format(self.ui("fallback.section", language=self.in_language(lang)), lang, direction(lang), html)

    def in_language(self, lang: str) -> Markup:
        """“in Hebrew”, as this language says it."""
        return self.ui(f"fallback.in_language.{lang}")

    # --- The business calendar's days, in words ---

    def why_closed(self, closed: Closed) -> Markup:
        """Why the offices are closed on a day: its holidays' names, then its closures' (marked if they fall back)."""
        names = [self.ui(f"holiday.{key}") for key in closed.holidays] + [self.text(name) for name in closed.closures]
        return self.ui("list_separator").join(names)

    def eve_of(self, holidays: Iterable[str]) -> Markup:
        """The eve of one or more holidays: “Eve of Yom Kippur”."""
        names = self.ui("list_separator").join(self.ui(f"holiday.{key}") for key in holidays)
        return self.ui("holiday.eve", holiday=names)

    # --- Numbers, dates and times ---

    def weekday_date(self, value: date) -> str:
        """A day with its weekday: “Sunday, October 3, 2027”."""
        return format_date(value, format="full", locale=self.cldr)

    def date(self, value: date) -> str:
        return format_date(value, format="long", locale=self.cldr)

    def moment(self, value: datetime, timezone: str) -> str:
        """A date and time as the site's residents read it, on the 24-hour clock as opening hours are:
        “Tuesday, December 1, 2026, 08:00”."""
        local = value.astimezone(ZoneInfo(timezone))
        day = format_date(local.date(), format="full", locale=self.cldr)
        hour = format_skeleton("HHmm", local.time(), locale=self.cldr)
        return str(get_datetime_format("long", locale=self.cldr)).replace("{1}", day).replace("{0}", hour)

    def wall(self, value: datetime, with_time: bool = True) -> str:
        """A wall time (the site's own clocks) as a due date reads: “Tuesday, December 14, 2027 at 16:00”."""
        day = self.weekday_date(value.date())
        if not with_time:
            return day
        hour = format_skeleton("Hm", value.time(), locale=self.cldr)
        pattern = str(get_datetime_format("long", locale=self.cldr)).replace("'", "")
        return pattern.replace("{1}", day).replace("{0}", hour)

    def money(self, amount: Decimal, currency: str) -> str:
        return format_currency(amount, currency, locale=self.cldr)

    def number(self, value: int) -> str:
        return _number(self.lang, value)

    def percent(self, share: Decimal) -> str:
        """`Decimal("0.93")` → “93%” as the language writes it."""
        return _percent(self.lang, share)

    def period(self, period: Period) -> str:
        """A reporting period in words: “2026”, “July 2026”, “July – September 2026”."""
        return _period(self.lang, period)

    def duration(self, value: Duration) -> Markup:
        """`3 business_days` → “3 business days” in this language, with the right plural form."""
        return self.plural(f"units.{value.unit.value}", value.amount)

    def before(self, value: Duration | None) -> Markup:
        """When a reminder comes: `30 days` → “30 days before”, none → “on the day itself”; in this language,
        with the plural form and case that “before” asks for (Russian “за 30 дней”, Arabic “قبل يومين”)."""
        if value is None:
            return self.ui("reminders.on_the_day")
        return self.plural(f"reminders.before.{value.unit.value}", value.amount)

    def joined(self, items: Iterable[Any]) -> Markup:
        """Items as one list, the way this language joins them (CLDR's list patterns): “A, B, and C”, “A, B и C”,
        “A, B וC”; each item escaped unless it is markup already."""
        parts = [escape(item) for item in items]
        if not parts:
            return Markup("")
        pattern = escape(format_list([f"\x00{i}\x00" for i in range(len(parts))], locale=self.cldr))
        return Markup(_LIST_ITEM.sub(lambda found: str(parts[int(found[1])]), pattern))  # safe: each part escaped

    def reminded_by(self, methods: Iterable[ReminderMethod]) -> Markup:
        """How a reminder comes, joined this language's way: “by text message and by e-mail”."""
        return self.joined(self.ui(f"reminders.by.{method.value}") for method in methods)

    # --- What applies to me: the questions, and who can get a service, in words ---

    @property
    def questions(self) -> tuple[Question, ...]:
        """The “What applies to me” questions (model/questions.py), which the questions page asks."""
        return QUESTIONS

    @property
    def answers_key(self) -> str:
        """The key under which the reader's browser keeps their answers, which the privacy statement names."""
        return ANSWERS_KEY

    def years(self, count: int) -> str:
        """`62` → “62 years”, in the language's plural form (CLDR)."""
        return _years(self.lang, count)

    def ages(self, band: Band) -> Markup:
        """An age band as an answer reads: “17 years or younger”, “18–61 years”, “67 years or older”."""
        if band.max is None:
            return self.ui("fit.ages.from", years=self.years(band.min or 0))
        if band.min is None:
            return self.ui("fit.ages.up_to", years=self.years(band.max))
        return self.ui("fit.ages.between", min=self.number(band.min), years=self.years(band.max))

    def either(self, items: Iterable[Any]) -> Markup:
        """“a dog or a cat”: items joined as the language says “one or another” (CLDR's list patterns), each
        escaped unless it is markup already."""
        parts = [escape(item) for item in items]
        pattern = escape(format_list([f"\x00{i}\x00" for i in range(len(parts))], style="or", locale=self.cldr))
        return Markup(_LIST_ITEM.sub(lambda found: str(parts[int(found[1])]), pattern))  # safe: each part escaped

    def criteria(self, condition: Condition) -> list[Markup]:
        """What a way to qualify asks, in words, one criterion after another: “aged 62 years or over”, “receiving
        an old-age pension”."""
        words = []
        for field in CONDITION_FIELDS:
            value = getattr(condition, field)
            key = f"fit.criteria.{field}"
            if value is None or value == []:
                continue
            if isinstance(value, AgeRange):
                words.append(self._age(value))
            elif isinstance(value, bool):
                words.append(self.ui(f"{key}.{'is' if value else 'not'}"))
            elif isinstance(value, list):
                if field == "children":
                    items = [self.ages(Band.parse(str(item))) for item in value]
                else:
                    items = [self.ui(f"{key}.{item}") for item in value]
                words.append(self.ui(f"{key}.any", items=self.either(items)))
            else:
                words.append(self.ui(f"{key}.{value}"))
        return words

    def _age(self, age: AgeRange) -> Markup:
        if age.max is None:
            return self.ui("fit.criteria.age.min", years=self.years(age.min or 0))
        if not age.min:
            return self.ui("fit.criteria.age.max", years=self.years(age.max))
        return self.ui("fit.criteria.age.between", min=self.number(age.min), years=self.years(age.max))

    def fit_data(self, conditions: list[Condition]) -> Markup:
        """The ways to qualify as JSON for `assets/charter-fit.js`, compact, for an attribute in single quotes."""
        text = json.dumps(conditions_data(conditions), ensure_ascii=False, separators=(",", ":"))
        for character in "<>&'":
            text = text.replace(character, f"\\u{ord(character):04x}")
        return Markup(text)

    def days(self, days: Iterable[Weekday]) -> str:
        """Weekdays as a short list, runs joined: `sun, mon, tue` → “Sun–Tue”."""
        names = get_day_names("abbreviated", locale=self.cldr)
        chosen = sorted(set(days), key=WEEK_ORDER.index)
        runs: list[list[Weekday]] = []
        for day in chosen:
            if runs and WEEK_ORDER.index(day) == WEEK_ORDER.index(runs[-1][-1]) + 1:
                runs[-1].append(day)
            else:
                runs.append([day])
        parts = []
        for run in runs:
            first, last = names[WEEKDAY_INDEX[run[0]]], names[WEEKDAY_INDEX[run[-1]]]
            parts.append(first if len(run) == 1 else (f"{first}, {last}" if len(run) == 2 else f"{first}–{last}"))
        return str(self.ui("list_separator")).join(parts)


@dataclass(frozen=True)
class Fallback:
    """A text shown in the default language because the page's language is missing."""

    file: str
    key: str


def find_fallbacks(records: Iterable[tuple[str, Any]], lang: str) -> Iterator[Fallback]:
    """Every text among `records` (pairs of file and record) that has no version in `lang`."""
    for source, record in records:
        for path, text in iter_texts(record):
            if lang not in text.languages:
                yield Fallback(source, key_path(path))
