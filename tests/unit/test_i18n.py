"""Interface strings, plural forms, fallback marking and sanitized Markdown."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from service_charter.i18n import Localizer, available_languages, ui_strings
from service_charter.model.schema import Duration, Text, Weekday
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
            if not key.startswith(("units.", "your_data.services_count", "performance.kept_")):
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
    assert str(russian.markdown(Text({"he": "**חשוב**"}))).startswith(
        '<div lang="he" dir="rtl" class="charter-fallback">'
    )


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
