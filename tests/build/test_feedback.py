""" "Was this page helpful?": off by default; when site.yml sets `feedback`, a plain form under every page."""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest

from conftest import ENDPOINT, LANGUAGES, parse
from service_charter.i18n import ui_strings

SCRIPT = "assets/charter-feedback.js"


def pages_of(site: Path, lang: str) -> list[str]:
    """Every page of a language, as its path inside the language's folder."""
    return sorted(path.relative_to(site / lang).as_posix() for path in (site / lang).rglob("*.html"))


def test_off_by_default(tiny_site):
    """The tiny charter sets no `feedback`: no page has the form or loads its script."""
    for lang in LANGUAGES:
        for name in pages_of(tiny_site, lang):
            html = (tiny_site / lang / name).read_text(encoding="utf-8")
            assert "charter-feedback" not in html, (lang, name)
    assert not (tiny_site / SCRIPT).exists()


def test_the_example_asks_on_every_page_but_the_printable_charter_and_404(example_site):
    for lang in LANGUAGES:
        for name in pages_of(example_site, lang):
            forms = parse(example_site / lang / name).select("form.charter-feedback")
            assert len(forms) == (0 if name in ("404.html", "printable-charter.html") else 1), (lang, name)
            if forms:
                assert forms[0]["action"] == "https://forms.ramat-hadekalim.example/page-feedback"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_the_form(feedback_site, lang):
    strings = ui_strings(lang)["feedback"]
    names = pages_of(feedback_site, lang)
    assert {"index.html", "service-pay-tax.html", "about.html", "guide/moving.html"} <= set(names)
    for name in names:
        soup = parse(feedback_site / lang / name)
        forms = soup.select("form.charter-feedback")
        if name in ("404.html", "printable-charter.html"):
            assert not forms, name
            continue
        [form] = forms
        assert form["action"] == ENDPOINT and form["method"] == "post"
        assert form.legend.get_text(strip=True) == strings["question"]
        hidden = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
        assert hidden == {"page": name.removesuffix(".html"), "lang": lang}
        buttons = [(b["type"], b["name"], b["value"], b.get_text(strip=True)) for b in form.select("button")]
        assert buttons == [
            ("submit", "helpful", "yes", strings["answer_yes"]),
            ("submit", "helpful", "no", strings["answer_no"]),
        ]
        textarea = form.select_one("textarea[name=comment]")
        assert form.select_one(f'label[for="{textarea["id"]}"]').get_text(strip=True) == strings["comment"]
        # In the page's language even where the page's text falls back to another language.
        assert not form.find_parent(class_="charter-fallback")
        assert form.select_one("[role=status]")["data-thanks"] == strings["thanks"]
        [script] = [s["src"] for s in soup.find_all("script", src=True) if s["src"].endswith("charter-feedback.js")]
        assert posixpath.normpath(posixpath.join(lang, posixpath.dirname(name), script)) == SCRIPT, name
    assert (feedback_site / SCRIPT).is_file()  # one copy, at the top, for every language
