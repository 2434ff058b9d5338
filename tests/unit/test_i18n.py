"""Interface strings, plural forms, fallback marking and sanitized Markdown."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from babel import Locale

from service_charter.i18n import Localizer, available_languages, ui_strings
from service_charter.model.schema import AuthorityKind, Department, Duration, Text, Topic, Weekday
from service_charter.richtext import render_markdown

LANGUAGES = ["he", "ar", "en", "ru"]


def flatten(node, prefix=""):
    """Keys of a strings file; plural groups count as one key."""
    keys = set()
    for key, value in node.items():
        if isinstance(value, dict) and "other" not in value:
            keys |= flatten(value, f"{prefix}{key}.")
        else:
            keys.add(prefix + key)
    return keys


def test_every_language_has_every_string():
    assert set(LANGUAGES) <= set(available_languages())
    reference = flatten(ui_strings("en"))
    for lang in LANGUAGES:
        assert flatten(ui_strings(lang)) == reference, lang


def test_every_placeholder_is_kept_in_translation():
    def placeholders(node, prefix=""):
        found = {}
        for key, value in node.items():
            if isinstance(value, dict):
                found |= placeholders(value, f"{prefix}{key}.")
            else:
                found[prefix + key] = {part.split("}")[0] for part in str(value).split("{")[1:]}
        return found

    english = placeholders(ui_strings("en"))
    for lang in LANGUAGES:
        for key, names in placeholders(ui_strings(lang)).items():
            if not key.startswith(
                (
                    "units.",
                    "your_data.services_count",
                    "performance.kept_",
                    "search.count.",
                    "changes.updated_more",
                    "reminders.before.",
                )
            ):
                assert names == english[key], (lang, key)


@pytest.mark.parametrize(
    ("lang", "amount", "unit", "expected"),
    [
        ("en", 1, "business_days", "1 business day"),
        ("en", 3, "business_days", "3 business days"),
        ("he", 1, "hours", "שעה אחת"),
        ("he", 2, "days", "יומיים"),
        ("he", 5, "business_days", "5 ימי עבודה"),
        ("ru", 1, "days", "1 день"),
        ("ru", 3, "days", "3 дня"),
        ("ru", 5, "days", "5 дней"),
        ("ru", 21, "business_days", "21 рабочий день"),
        ("ar", 2, "hours", "ساعتان"),
        ("ar", 3, "days", "3 أيام"),
        ("ar", 11, "days", "11 يومًا"),
    ],
)
def test_durations_use_each_languages_plural_rules(lang, amount, unit, expected):
    assert str(Localizer(lang, "he").duration(Duration(amount=amount, unit=unit))) == expected


def test_fallback_text_is_marked_with_its_own_language_and_direction():
    title = Text({"he": "תשלום ארנונה", "en": "Pay property tax"})
    english, russian = Localizer("en", "he"), Localizer("ru", "he")
    assert english.text(title) == "Pay property tax"
    assert russian.text(title) == '<span lang="he" dir="rtl" class="charter-fallback">תשלום ארנונה</span>'
    block = str(russian.markdown(Text({"he": "**חשוב**"})))
    assert block.startswith(
        '<div class="charter-fallback"><p class="charter-fallback__note">Эта часть показана на иврите:'
    )
    assert '<div lang="he" dir="rtl"><p><strong>חשוב</strong></p></div></div>' in block


def test_every_string_that_names_the_authority_has_each_kind_in_every_language():
    kinds = {kind.value for kind in AuthorityKind}

    def by_kind(node, prefix=""):
        for key, value in node.items():
            if isinstance(value, dict) and kinds & set(value):
                yield prefix + key, set(value)
            elif isinstance(value, dict):
                yield from by_kind(value, f"{prefix}{key}.")

    found = {lang: dict(by_kind(ui_strings(lang))) for lang in LANGUAGES}
    assert found["he"], "the interface names the authority somewhere"
    for lang in LANGUAGES:
        assert found[lang].keys() == found["he"].keys(), lang
        assert all(names == kinds for names in found[lang].values()), lang


@pytest.mark.parametrize(
    ("lang", "authority", "expected"),
    [
        ("he", "municipality", "מחלקות העירייה"),
        ("he", "local-council", "מחלקות המועצה"),
        ("he", "regional-council", "מחלקות המועצה האזורית"),
        ("ar", "local-council", "أقسام المجلس المحلي"),
        ("ru", "regional-council", "Отделы регионального совета"),
        ("en", "local-council", "Departments"),
    ],
)
def test_the_interface_names_the_authority_by_its_kind(lang, authority, expected):
    assert Localizer(lang, "he", authority).ui("pages.departments") == expected


@pytest.mark.parametrize(
    ("lang", "count", "expected"),
    [
        ("he", 1, "נמצאה תוצאה אחת"),
        ("he", 2, "נמצאו שתי תוצאות"),
        ("he", 17, "נמצאו {n} תוצאות"),
        ("ar", 2, "نتيجتان"),
        ("ar", 5, "{n} نتائج"),
        ("ar", 17, "{n} نتيجة"),
        ("ru", 21, "{n} результат"),
        ("ru", 3, "{n} результата"),
        ("ru", 17, "{n} результатов"),
    ],
)
def test_search_counts_have_every_plural_form_cldr_gives(lang, count, expected):
    """The forms the search box chooses among with `Intl.PluralRules`; here chosen by Babel's CLDR rules."""
    L = Localizer(lang, "he")
    forms = L.plural_forms("search.count")
    assert forms.get(Locale.parse(lang).plural_form(count), forms["other"]) == expected


def test_notice_times_use_the_24_hour_clock_in_every_language():
    moment = datetime(2026, 12, 1, 14, 5, tzinfo=UTC)
    for lang in LANGUAGES:
        text = Localizer(lang, "he").moment(moment, "Asia/Jerusalem")
        assert "16:05" in text and "PM" not in text, (lang, text)


def test_arabic_dates_use_the_levantine_month_names():
    assert "نيسان" in Localizer("ar", "he").date(date(2027, 4, 1))
    assert "كانون الثاني" in Localizer("ar", "he").weekday_date(date(2027, 1, 5))


@pytest.mark.parametrize(
    ("lang", "titles", "expected"),
    [
        ("he", ["תיק מידע", "אגרה", "רישיון עסק", "בקשה"], ["אגרה", "בקשה", "רישיון עסק", "תיק מידע"]),
        ("ar", ["تسجيل", "بلدية", "أرنونا"], ["أرنونا", "بلدية", "تسجيل"]),
        ("ru", ["Яблоко", "ёлка", "еда", "жук"], ["еда", "ёлка", "жук", "Яблоко"]),
        ("en", ["zebra", "Éclair", "apple"], ["apple", "Éclair", "zebra"]),
    ],
)
def test_lists_follow_each_languages_alphabetical_order(lang, titles, expected):
    records = [Department(id=f"d{i}", name=Text({lang: title})) for i, title in enumerate(titles)]
    listed = Localizer(lang, lang).listed(records)
    assert [record.name.get(lang) for record in listed] == expected


def test_an_explicit_order_comes_before_the_alphabet():
    topics = [
        Topic(id="a", name=Text({"en": "Zebra"}), order=20),
        Topic(id="b", name=Text({"en": "Beta"}), order=10),
        Topic(id="c", name=Text({"en": "Apple"}), order=20),
    ]
    assert [t.id for t in Localizer("en", "en").listed(topics)] == ["b", "c", "a"]


def test_charter_text_is_escaped():
    text = Text({"he": '<img src=x onerror="alert(1)">'})
    assert "<img" not in Localizer("he", "he").text(text)
    assert "&lt;img" in Localizer("en", "he").text(text)


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<a href="javascript:alert(1)">x</a>',
        "[click](javascript:alert(1))",
        '<img src="x" onerror="alert(1)">',
        '<iframe src="https://evil.example"></iframe>',
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        '<p onclick="alert(1)">x</p>',
        "<style>body{display:none}</style>",
    ],
)
def test_markdown_from_yaml_is_sanitized(source):
    html = render_markdown(source).lower()
    for banned in ("<script", "javascript:", "onerror", "<iframe", "data:", "onclick", "<style", "<img"):
        assert banned not in html


def test_markdown_keeps_safe_formatting_and_demotes_headings():
    html = render_markdown("# Title\n\n**bold** and [link](https://example.org)\n\n- one\n- two")
    assert "<h3>Title</h3>" in html and "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html and 'rel="noopener noreferrer"' in html
    assert "<li>one</li>" in html


def test_dates_money_and_days_are_localized():
    assert Localizer("en", "he").date(date(2026, 10, 1)) == "October 1, 2026"
    assert "2026" in Localizer("he", "he").date(date(2026, 10, 1)) and "אוקטובר" in Localizer("he", "he").date(
        date(2026, 10, 1)
    )
    assert Localizer("en", "he").money(Decimal("12.5"), "ILS") == "₪12.50"
    assert Localizer("en", "he").days([Weekday.sun, Weekday.mon, Weekday.tue, Weekday.thu]) == "Sun–Tue, Thu"
