"""“What applies to me”, built: the questions in every language, who can get a service in words, and the conditions as
data only on the records that have them (tests/browser/test_for_you.py runs them in a browser)."""

from __future__ import annotations

import itertools
import json
import re

import pytest

from conftest import LANGUAGES, ROOT, parse
from for_you_site import NOTICES, for_you_site
from service_charter.addresses import FIT_SCRIPT
from service_charter.i18n import Localizer
from service_charter.load.loader import load_charter
from service_charter.model.questions import (
    AGE_BANDS,
    ANSWERS_KEY,
    ANSWERS_VERSION,
    ONE,
    PLACE,
    QUESTIONS,
    SEVERAL,
    YES_NO,
    conditions_data,
)
from service_charter.model.schema import CONDITION_FIELDS, AgeRange, ChildAge, Condition

JS = ROOT / "plugins" / "service_charter" / FIT_SCRIPT


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return for_you_site(tmp_path_factory)


@pytest.fixture(scope="module")
def charter(site):
    return load_charter(site.parent / "project" / "charter")


def L(lang: str) -> Localizer:
    return Localizer(lang, "he")


def said(lang: str, key: str) -> str:
    """Interface string `key` of `lang`, as a reader sees it."""
    return L(lang).ui(key).unescape()


def words(element) -> str:
    return " ".join(element.get_text(" ").split()).replace(" :", ":").replace(" ;", ";").replace(" .", ".")


# --- The questions ---


def test_every_condition_has_its_question_and_the_bands_cover_every_age():
    assert {q.id for q in QUESTIONS} == {*CONDITION_FIELDS, "neighbourhood"}
    assert [q.kind for q in QUESTIONS if q.id in ("age", "residency")] == [ONE, ONE]
    assert {q.id for q in QUESTIONS if q.kind == SEVERAL} == {"children", "pets", "pension"}
    assert [q.id for q in QUESTIONS if q.kind == PLACE] == ["neighbourhood"]
    assert len([q for q in QUESTIONS if q.kind == YES_NO]) == 5
    ages = [band.value for band in AGE_BANDS]
    assert ages == ["0-17", "18-61", "62-66", "67+"]
    assert AGE_BANDS[0].min is None and AGE_BANDS[-1].max is None
    for before, after in itertools.pairwise(AGE_BANDS):
        assert before.max is not None and after.min == before.max + 1
    children = next(q for q in QUESTIONS if q.id == "children")
    assert [o.value for o in children.options] == [age.value for age in ChildAge]


def test_the_script_keeps_the_answers_under_the_key_the_privacy_statement_names():
    script = JS.read_text(encoding="utf-8")
    assert f'var KEY = "{ANSWERS_KEY}";' in script and f"var VERSION = {ANSWERS_VERSION};" in script
    assert not re.search(r"\b(fetch|XMLHttpRequest|sendBeacon|WebSocket|EventSource|\.style\b|innerHTML)\b", script)
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", script, flags=re.DOTALL)
    assert not re.search(r"[0-9]{2}", code), "age bands belong to model/questions.py"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_questions_are_asked_in_every_language(site, charter, lang):
    page = parse(site / lang / "for-you.html")
    form = page.select_one("form[data-fit-form]")
    assert form.has_attr("hidden") and form["method"] == "dialog" and not form.has_attr("action")
    asked = form.select("[data-question]")
    assert [q["data-question"] for q in asked] == [q.id for q in QUESTIONS]
    for question, element in zip(QUESTIONS, asked, strict=True):
        title = element.legend or element.label
        assert words(title) == said(lang, f"fit.q.{question.id}.legend"), (lang, question.id)
        if question.kind == PLACE:
            options = [o["value"] for o in element.select("option")]
            assert options == ["", *charter.neighbourhoods]
            assert element.select_one("label")["for"] == element.select_one("select")["id"]
            continue
        assert element.name == "fieldset"
        inputs = element.select("input")
        assert {i["name"] for i in inputs} == {question.id}
        values = [i["value"] for i in inputs]
        if question.kind == YES_NO:
            assert values == ["true", "false", ""]
        elif question.kind == ONE:
            assert values == [o.value for o in question.options] + [""]
            assert element.select_one("input[value='']").has_attr("checked")  # “I'd rather not say”
        else:
            assert values == [o.value for o in question.options] + ["none"]
            assert element["aria-describedby"] == f"fit-{question.id}-hint"
        assert all(i.parent.name == "label" for i in inputs), "each answer is its own large target"
    labels = [words(label) for label in form.select("fieldset[data-question=age] label")]
    expected = {
        "en": ["17 years or younger", "18–61 years", "62–66 years", "67 years or older", "I'd rather not say"],
        "he": ["17 שנים ומטה", "18–61 שנים", "62–66 שנים", "67 שנים ומעלה", "מעדיפים לא לומר"],
        "ar": ["17 سنة أو أقل", "18–61 سنة", "62–66 سنة", "67 سنة أو أكثر", "أفضّل عدم الإجابة"],
        "ru": ["17 лет и младше", "18–61 год", "62–66 лет", "67 лет и старше", "Предпочитаю не отвечать"],
    }
    assert labels == expected[lang]
    fallback = page.select_one("[data-fit-nojs]")
    assert not fallback.has_attr("hidden") and fallback.select_one("a[href='life-events.html']")
    assert page.select_one("[data-fit-results]").has_attr("hidden")
    assert page.select_one(f"script[src$='{FIT_SCRIPT}']")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_results_are_drawn_in_the_pages_language_hidden_with_their_conditions(site, charter, lang):
    page = parse(site / lang / "for-you.html")
    pool = page.select_one("[data-fit-pool]")
    assert pool.has_attr("hidden")
    services = [li for li in pool.select("li[data-fit-kind=service]")]
    expected = [s for s in L(lang).listed(charter.services.values()) if s.conditions]
    assert [li.a["href"] for li in services] == [f"service-{s.id}.html" for s in expected]
    for li, service in zip(services, expected, strict=True):
        assert json.loads(li["data-fit"]) == conditions_data(service.conditions)
        names = [span.get_text() for span in li.select("[data-fit-way]")]
        assert names == [c.name.get(lang) for c in service.conditions if c.name]
    events = [li.a["href"] for li in pool.select("li[data-fit-kind=event]")]
    assert events == [f"life-event-{t.id}.html" for t in charter.sorted_life_events if t.conditions]
    notices = {li.article["id"]: li["data-fit-places"] for li in page.select("[data-fit-group=notices] > li")}
    assert notices["notice-fit-old-town"] == "old-town" and notices["notice-fit-everyone"] == ""
    assert set(notices) == {f"notice-{n.id}" for n in charter.live_notices} >= {f"notice-{n}" for n in NOTICES}
    headings = [words(h) for h in page.select("[data-fit-results] h3")]
    assert headings[:3] == [
        said(lang, key) for key in ("fit.results.services", "fit.results.ask", "fit.results.life_events")
    ]
    assert not page.select("[data-fit-results] h2[id], [data-fit-results] h3[id]"), "no hidden entries in the TOC"


# --- Who can get a service, in words ---


ARNONA_SENIORS = {
    "en": "Senior citizens: aged 62 years or over; living here; receiving an old-age pension",
    "he": "אזרחים ותיקים: בני 62 שנים ומעלה; גרים כאן; מקבלים קצבת זקנה",
    "ar": "المسنّون: بعمر 62 سنة فأكثر؛ يسكنون هنا؛ يتلقّون مخصّص الشيخوخة",
    "ru": "Пенсионеры: возраст — 62 года и старше; живут здесь; получают пенсию по старости",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_services_conditions_are_listed_in_words(site, charter, lang):
    page = parse(site / lang / "service-arnona-discount.html")
    who = page.select_one("section[aria-labelledby=who]")
    box = who.select_one("[data-fit-verdict]")
    service = charter.services["arnona-discount"]
    assert json.loads(box["data-fit"]) == conditions_data(service.conditions)
    lines = [words(li) for li in box.select("ul.charter-conditions > li")]
    assert len(lines) == len(service.conditions)
    senior = next(line for line in lines if line.startswith(service.conditions[0].name.get(lang)))
    assert senior == ARNONA_SENIORS[lang]
    assert words(box.select_one(".charter-conditions__intro")) == said(lang, "fit.conditions.several")
    assert box.select_one("[data-fit-box]").has_attr("hidden")
    invite = box.select_one("[data-fit-invite]")
    assert not invite.has_attr("hidden") and invite.a["href"] == "for-you.html"
    says = {p["data-fit-says"] for p in box.select("[data-fit-says]")}
    assert says == {"likely", "likely-as", "unlikely", "unsure"}
    assert box.select_one("[data-fit-says=unsure] a[href='contact.html']")
    assert words(box.select_one(".charter-verdict__rule")) == said(lang, "fit.verdict.rule")
    single = parse(site / lang / "service-kindergarten-registration.html").select_one("[data-fit-verdict]")
    assert words(single.select_one(".charter-conditions__intro")) == said(lang, "fit.conditions.single")
    plain = parse(site / lang / "service-arnona-payment.html")
    assert not plain.select("[data-fit], [data-fit-verdict]")


@pytest.mark.parametrize(
    ("lang", "age", "expected"),
    [
        ("en", AgeRange(min=18), "aged 18 years or over"),
        ("en", AgeRange(max=17), "aged 17 years or under"),
        ("en", AgeRange(min=18, max=25), "aged 18–25 years"),
        ("ru", AgeRange(min=21), "возраст — 21 год и старше"),
        ("ru", AgeRange(min=62), "возраст — 62 года и старше"),
        ("ru", AgeRange(min=67), "возраст — 67 лет и старше"),
        ("ru", AgeRange(min=18, max=24), "возраст — 18–24 года"),
        ("he", AgeRange(min=0, max=1), "בני 1 שנה ומטה"),
        ("he", AgeRange(min=18, max=25), "בני 18–25 שנים"),
        ("ar", AgeRange(min=3), "بعمر 3 سنوات فأكثر"),
        ("ar", AgeRange(min=0, max=2), "بعمر 2 سنة فأقل"),
        ("ar", AgeRange(min=62), "بعمر 62 سنة فأكثر"),
    ],
)
def test_ages_take_each_languages_plural_forms(lang, age, expected):
    assert L(lang).criteria(Condition(age=age)) == [expected]


def test_lists_in_conditions_are_joined_with_or_in_each_language():
    condition = Condition(pets=["dog", "cat"], children=["0-2", "3-5"])
    assert L("en").criteria(condition) == ["with a child aged 0–2 years or 3–5 years", "owning a dog or a cat"]
    assert L("he").criteria(condition)[1] == "מגדלים כלב או חתול"
    assert L("ru").criteria(condition)[0] == "есть ребёнок в возрасте 0–2 года или 3–5 лет"
    assert L("ar").criteria(Condition(single_parent=False)) == ["ليسوا عائلات أحادية الوالدين"]


# --- The conditions as data, only where there are some ---


def fitting_items(page) -> dict[str, str]:
    """Each item that carries conditions (`data-fit`), by the address of its link."""
    items = {li.a["href"]: li["data-fit"] for li in page.select("li[data-fit]")}
    items |= {span["data-fit-for"]: span["data-fit"] for span in page.select("[data-fit-for]")}
    return items


@pytest.mark.parametrize("lang", ["he", "en"])
def test_only_items_with_conditions_carry_them_in_lists(site, charter, lang):
    with_conditions = {f"service-{s.id}.html": s for s in charter.services.values() if s.conditions}
    events = {f"life-event-{t.id}.html": t for t in charter.life_events.values() if t.conditions}
    listing = parse(site / lang / "services.html")
    marked = fitting_items(listing)
    assert set(marked) == set(with_conditions)
    for href, data in marked.items():
        assert json.loads(data) == conditions_data(with_conditions[href].conditions)
        assert len(data.encode()) < 300, href
    assert len(listing.select("[data-fit-marks]")) == 1
    assert len(listing.select("template[data-fit-mark]")) == len(listing.select("template[data-fit-status]")) == 1
    mark = listing.select_one("template[data-fit-mark]")
    assert words(mark) == said(lang, "fit.mark")
    status = listing.select_one("template[data-fit-status]")
    assert status.select_one("a[href='for-you.html']") and status.select_one("button[data-fit-forget]")

    home = parse(site / lang / "index.html")
    cards = home.select("ul.charter-cards > li")
    assert cards and all(li.has_attr("data-fit") == (li.a["href"] in with_conditions) for li in cards), (
        "most used: only services with conditions carry them"
    )
    assert {href for href in fitting_items(home) if href.startswith("life-event-")} == set(events)
    hub = parse(site / lang / "life-events.html")
    assert set(fitting_items(hub)) == set(events)
    for href, data in fitting_items(hub).items():
        assert json.loads(data) == conditions_data(events[href].conditions)
    assert not parse(site / lang / "topics.html").select("[data-fit], [data-fit-marks]")  # categories have none

    topic = parse(site / lang / "life-event-getting-older.html")
    members = {f"service-{s.id}.html" for s in charter.services_for_life_event("getting-older")}
    assert set(fitting_items(topic)) == members & set(with_conditions)
    empty = parse(site / lang / "category-building-planning.html")
    assert not empty.select("[data-fit-marks]") or fitting_items(empty)


# --- What the site keeps in the browser ---


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_privacy_statement_names_every_key_and_field_kept_in_the_browser(site, lang):
    page = parse(site / lang / "your-data.html")
    heading = page.select_one("h2#in-your-browser")
    assert words(heading) == said(lang, "fit.storage.title")
    section = heading.find_next("ul", class_="charter-storage")
    codes = [code.get_text() for code in section.select("code")]
    assert codes[0] == ANSWERS_KEY
    assert codes[1:-2] == ["v", *(q.id for q in QUESTIONS)]
    assert codes[-2:] == [".__palette", f"/{lang}/.__palette"]
    assert all(code["dir"] == "ltr" for code in section.select("code"))
    assert section.select_one("a[href='for-you.html']") and section.select_one("button[data-fit-forget]")
    assert parse(site / lang / "for-you.html").select_one("a[href='your-data.html#in-your-browser']")
