"""Other bodies, reminders and "You told us, we changed", built: each shown where its data says, in every language,
and nowhere else.

Most tests build a copy of the tiny fixture with two bodies, two reminders, two improvements and an address for
telling us how a closed request went (`loop_site`); the same checks also run over the example charter, with
whatever bodies, reminders and improvements it holds.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
import yaml
from browser.test_accessibility import violations_light_and_dark
from jsonschema import Draft202012Validator, FormatChecker
from markupsafe import Markup

from conftest import FIXTURES, LANGUAGES, ROOT, build_site, copy_project, parse, serve_folder
from service_charter.addresses import pages
from service_charter.i18n import Localizer, ui_strings
from service_charter.load.loader import load_charter
from service_charter.model.charter import Charter
from service_charter.model.schema import Body, Duration, ReminderMethod, TimeUnit
from service_charter.pages.filters import tel_href


def texts(he: str, ar: str, en: str, ru: str) -> dict[str, str]:
    return {"he": he, "ar": ar, "en": en, "ru": ru}


WATER = {
    "name": texts("תאגיד המים", "شركة المياه", "Water company", "Водоканал"),
    "description": texts(
        "תקלות מים וחשבונות מים.",
        "أعطال المياه وفواتيرها.",
        "Water faults and bills <b>now</b>.",
        "Аварии и счета за воду.",
    ),
    "channels": [
        {
            "kind": "phone",
            "name": texts("מוקד המים", "مركز المياه", "Water line", "Линия водоканала"),
            "value": "1-800-555-030",
            "always_open": True,
        },
        {
            "kind": "email",
            "name": texts("דואר אלקטרוני", "البريد الإلكتروني", "E-mail", "Электронная почта"),
            "value": "service@water.example",
            "hours": [{"days": ["sun", "mon", "tue", "wed", "thu"], "opens": "08:00", "closes": "16:00"}],
            "note": texts(
                "עונים תוך יומיים.", "نرد خلال يومين.", "Answers within two days.", "Ответ в течение двух дней."
            ),
        },
    ],
    "url": "https://water.example/",
}
POPULATION = {
    "name": texts("רשות האוכלוסין", "سلطة السكان", "Population Authority", "Управление населения"),
    "channels": [
        {
            "kind": "phone",
            "name": texts("מוקד הרשות", "مركز السلطة", "Authority line", "Линия управления"),
            "value": "03-555-0199",
        }
    ],
}
PAY_BY_PHONE = {
    "title": texts("תשלום בטלפון", "الدفع بالهاتف", "Pay by phone", "Оплата по телефону"),
    "you_told_us": texts(
        "רציתם לשלם בטלפון.",
        "أردتم الدفع بالهاتف.",
        "You wanted to **pay by phone**.",
        "Вы хотели платить по телефону.",
    ),
    "we_changed": texts(
        "הוספנו תשלום בטלפון.", "أضفنا الدفع بالهاتف.", "We added payment by phone.", "Мы добавили оплату по телефону."
    ),
    "changed_on": "2026-03-01",
    "services": ["pay-tax"],
}
PHOTOS = {
    "title": texts("צילומים בדיווח", "صور في البلاغ", "Photos in reports", "Фото в сообщениях"),
    "you_told_us": texts(
        "רציתם לצרף צילום.", "أردتم إرفاق صورة.", "You wanted to attach a photo.", "Вы хотели прикладывать фото."
    ),
    "we_changed": texts(
        "אפשר לצרף צילום.", "يمكن إرفاق صورة.", "You can attach a photo.", "Теперь можно приложить фото."
    ),
    "changed_on": "2026-06-15",
    "services": ["report-hazard", "pay-tax"],
}
PAY_TAX = {
    "reminders": [
        {
            "what": texts("מועד התשלום מתקרב", "موعد الدفع يقترب", "Payment is due soon", "Скоро срок оплаты"),
            "before": "30 days",
            "by": ["sms", "email"],
            "note": texts(
                "מסרו מספר נייד.",
                "أعطونا رقم الهاتف المحمول.",
                "Give us your mobile number.",
                "Укажите номер мобильного.",
            ),
        },
        {
            "what": texts("היום האחרון לתשלום", "آخر يوم للدفع", "Last day to pay", "Последний день оплаты"),
            "by": ["app", "whatsapp", "letter"],
        },
    ],
    "bodies": [
        {
            "body": "water-company",
            "note": texts(
                "חשבון המים נפרד.", "فاتورة المياه منفصلة.", "The water bill is separate.", "Счёт за воду отдельный."
            ),
        },
        {"body": "population"},
    ],
}
SITE_FEEDBACK = "https://forms.testville.example/closed?form=1"
OWN_FEEDBACK = "https://survey.testville.example/hazards"

# The same reminders in words, as each language says them: when, then how.
REMINDER_WORDS = {
    "he": [("30 ימים לפני", "במסרון ובדואר אלקטרוני"), ("ביום עצמו", "באפליקציה, בוואטסאפ ובמכתב")],
    "ar": [
        ("قبل 30 يومًا", "برسالة نصية وبالبريد الإلكتروني"),
        ("في اليوم نفسه", "عبر التطبيق وعبر واتساب وبرسالة بريدية"),
    ],
    "en": [
        ("30 days before", "by text message and by e-mail"),
        ("on the day itself", "in the app, on WhatsApp, and by post"),
    ],
    "ru": [("за 30 дней", "по SMS и по электронной почте"), ("в тот же день", "в приложении, в WhatsApp и письмом")],
}
OUR_KEYS = ("bodies", "reminders", "you_told_us")


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture(scope="module")
def loop_project(tmp_path_factory) -> Path:
    """The tiny project with other bodies (on a service, a life event and a question), reminders, improvements,
    and addresses for telling us how a request went: the site's, and a service's own."""
    project = copy_project(FIXTURES / "tiny", tmp_path_factory.mktemp("bodies") / "project")
    charter = project / "charter"
    for folder, files in {
        "bodies": {"water-company": WATER, "population": POPULATION},
        "improvements": {"pay-by-phone": PAY_BY_PHONE, "photos": PHOTOS},
    }.items():
        (charter / folder).mkdir()
        for name, text in files.items():
            (charter / folder / f"{name}.yml").write_text(dump(text), encoding="utf-8")
    append(charter / "services" / "pay-tax.yml", dump(PAY_TAX))
    append(charter / "services" / "report-hazard.yml", f"request_feedback: {OWN_FEEDBACK}\n")
    append(charter / "life-events" / "moving-here.yml", "bodies: [population, water-company]\n")
    append(charter / "faqs" / "track.yml", "bodies: [water-company]\n")
    append(charter / "site.yml", f'request_feedback: "{SITE_FEEDBACK}"\n')
    return project


@pytest.fixture(scope="module")
def loop_site(loop_project) -> Path:
    return build_site(loop_project, loop_project / "site")


@pytest.fixture(scope="module")
def loop_charter(loop_project) -> Charter:
    return load_charter(loop_project / "charter")


@pytest.fixture(scope="module")
def example_charter() -> Charter:
    return load_charter(ROOT / "charter")


def localizer(charter: Charter, lang: str) -> Localizer:
    return Localizer.of(charter.site, lang)


def words(element) -> str:
    return " ".join(element.get_text(" ").split())


def section(page, anchor: str):
    heading = page.select_one(f"article h2#{anchor}")
    return heading.find_parent("section") if heading else None


# --- Other bodies ------------------------------------------------------------------------------------


def assert_contacts(block, body: Body, L: Localizer, level: int) -> None:
    """`block` shows `body`'s name as a heading of `level`, what residents go to it for, each channel with its
    value as a link (phone numbers left to right), its hours or "open 24/7" and its note, and the website."""
    name = block.find(f"h{level}", string=lambda text: text and L.plain(body.name) in text)
    assert name, (L.lang, body.id, level)
    contacts = name.find_parent(class_="charter-body")
    text = words(contacts)
    if body.description:
        assert L.plain(body.description) in text
    for channel in body.channels:
        assert L.plain(channel.name) in text
        if channel.kind.value in ("phone", "sms"):
            link = contacts.select_one(f'a[href="{tel_href(channel.value)}"]')
            assert link and link.bdi["dir"] == "ltr" and link.get_text(strip=True) == channel.value, channel.value
        elif channel.kind.value == "email":
            assert contacts.select_one(f'a[href="mailto:{channel.value}"] bdi[dir=ltr]'), channel.value
        elif channel.kind.value in ("web", "app"):
            assert contacts.select_one(f'a[href="{channel.value}"]'), channel.value
        if channel.always_open:
            assert str(L.ui("contact.always_open")) in text
        for row in channel.hours:
            assert row.opens in text and row.closes in text
        if channel.note:
            assert L.plain(channel.note) in text
    if body.url:
        assert contacts.select_one(f'a[href="{body.url}"] bdi[dir=ltr]')


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_service_shows_the_contacts_of_each_body_with_what_it_is_for_here(loop_site, loop_charter, lang):
    L = localizer(loop_charter, lang)
    page = parse(loop_site / lang / "service-pay-tax.html")
    found = section(page, "bodies")
    assert words(found.h2) == str(L.ui("bodies.title"))
    assert [h3["id"] for h3 in found.select("h3")] == ["body-water-company", "body-population"]  # the service's order
    for use in loop_charter.services["pay-tax"].bodies:
        assert_contacts(found, loop_charter.bodies[use.body], L, 3)
    water = page.select_one("#body-water-company").find_parent(class_="charter-body")
    assert L.plain(loop_charter.services["pay-tax"].bodies[0].note) in words(water)
    # right after the service's contact section
    assert found.find_previous_sibling("section").h2["id"] == "contact"
    assert "#bodies" in [a["href"] for a in page.select(".md-sidebar--secondary a.md-nav__link")]


def test_a_bodys_texts_are_escaped(loop_site):
    water = parse(loop_site / "en" / "service-pay-tax.html").select_one("#body-water-company").parent
    assert "Water faults and bills <b>now</b>." in words(water) and not water.select("b")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_life_events_questions_and_the_contact_page_show_the_bodies_they_name(loop_site, loop_charter, lang):
    L = localizer(loop_charter, lang)
    life_event = section(parse(loop_site / lang / "life-event-moving-here.html"), "bodies")
    assert [h3["id"] for h3 in life_event.select("h3")] == ["body-population", "body-water-company"]
    for body_id in loop_charter.life_events["moving-here"].bodies:
        assert_contacts(life_event, loop_charter.bodies[body_id], L, 3)

    faq = parse(loop_site / lang / "faq.html")
    answered = faq.select_one("h3#faq-track")
    named = answered.find_next(class_="charter-bodies--faq")
    assert named.find_previous("h3") is answered  # under its own answer
    assert_contacts(named, loop_charter.bodies["water-company"], L, 4)
    assert len(faq.select(".charter-bodies--faq")) == 1

    contact = section(parse(loop_site / lang / "contact.html"), "other-bodies")
    listed = [h3["id"] for h3 in contact.select("h3")]
    assert sorted(listed) == sorted(f"body-{id}" for id in loop_charter.bodies)
    assert listed == [f"body-{body.id}" for body in L.listed(loop_charter.bodies.values())]  # alphabetically
    for body in loop_charter.bodies.values():
        assert_contacts(contact, body, L, 3)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_example_shows_every_body_where_it_is_named(example_site, example_charter, lang):
    charter, L = example_charter, localizer(example_charter, lang)
    for service in charter.services.values():
        found = section(parse(example_site / lang / f"service-{service.id}.html"), "bodies")
        assert bool(found) == bool(service.bodies), service.id
        for use in service.bodies:
            assert_contacts(found, charter.bodies[use.body], L, 3)
            if use.note:
                assert L.plain(use.note) in words(found.select_one(f"#body-{use.body}").parent)
    for kind, topics in (("category", charter.categories), ("life-event", charter.life_events)):
        for topic in topics.values():
            found = section(parse(example_site / lang / f"{kind}-{topic.id}.html"), "bodies")
            assert bool(found) == bool(topic.bodies), topic.id
            for body_id in topic.bodies:
                assert_contacts(found, charter.bodies[body_id], L, 3)
    faq = parse(example_site / lang / "faq.html")
    assert len(faq.select(".charter-bodies--faq")) == sum(1 for entry in charter.faqs.values() if entry.bodies)
    for entry in charter.faqs.values():
        named = faq.select_one(f"#faq-{entry.id}").find_next(class_="charter-bodies--faq")
        for body_id in entry.bodies:
            assert_contacts(named, charter.bodies[body_id], L, 4)
    contact = section(parse(example_site / lang / "contact.html"), "other-bodies")
    assert bool(contact) == bool(charter.bodies)
    for body in charter.bodies.values():
        assert_contacts(contact, body, L, 3)
        assert contact.select_one(f"h3#body-{body.id}")


# --- Reminders ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_service_says_what_we_remind_you_of_when_and_how(loop_site, loop_charter, lang):
    L = localizer(loop_charter, lang)
    page = parse(loop_site / lang / "service-pay-tax.html")
    block = page.select_one(".charter-reminders")
    assert block.find_parent("section")["aria-labelledby"] == "commitment"
    assert words(block.h3) == str(L.ui("reminders.title"))
    reminders = loop_charter.services["pay-tax"].reminders
    items = block.select("li.charter-reminder")
    assert len(items) == len(reminders) == len(REMINDER_WORDS[lang])
    for item, reminder, (when, how) in zip(items, reminders, REMINDER_WORDS[lang], strict=True):
        assert words(item.select_one(".charter-reminder__what")) == L.plain(reminder.what)
        assert [words(dd) for dd in item.select("dd")] == [when, how]
        assert [words(dt) for dt in item.select("dt")] == [str(L.ui("reminders.when")), str(L.ui("reminders.how"))]
        note = item.select_one(".charter-reminder__note")
        assert (words(note) if note else None) == (L.plain(reminder.note) if reminder.note else None)
    assert not parse(loop_site / lang / "service-report-hazard.html").select(".charter-reminders")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_example_reminds_on_the_services_that_say_so(example_site, example_charter, lang):
    L = localizer(example_charter, lang)
    for service in example_charter.services.values():
        page = parse(example_site / lang / f"service-{service.id}.html")
        items = page.select(".charter-commitment .charter-reminders li.charter-reminder")
        assert len(items) == len(service.reminders), service.id
        for item, reminder in zip(items, service.reminders, strict=True):
            assert words(item.select("dd")[0]) == L.before(reminder.before).unescape()
            assert words(item.select("dd")[1]) == L.reminded_by(reminder.by).unescape()


@pytest.mark.parametrize(
    ("lang", "amount", "unit", "expected"),
    [
        ("en", 1, "days", "1 day before"),
        ("en", 2, "weeks", "2 weeks before"),
        ("he", 1, "hours", "שעה לפני"),
        ("he", 2, "days", "יומיים לפני"),
        ("he", 2, "weeks", "שבועיים לפני"),
        ("he", 30, "days", "30 ימים לפני"),
        ("ar", 1, "days", "قبل يوم"),
        ("ar", 2, "days", "قبل يومين"),
        ("ar", 3, "weeks", "قبل 3 أسابيع"),
        ("ar", 11, "days", "قبل 11 يومًا"),
        ("ar", 100, "days", "قبل 100 يوم"),
        ("ru", 1, "weeks", "за 1 неделю"),
        ("ru", 3, "days", "за 3 дня"),
        ("ru", 5, "days", "за 5 дней"),
        ("ru", 21, "business_days", "за 21 рабочий день"),
        ("ru", 2, "hours", "за 2 часа"),
    ],
)
def test_how_long_before_follows_each_languages_plural_rules_and_cases(lang, amount, unit, expected):
    assert str(Localizer(lang, "he").before(Duration(amount=amount, unit=unit))) == expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_way_of_reminding_and_every_unit_has_words_in_every_language(lang):
    L = Localizer(lang, "he")
    assert str(L.before(None)) == ui_strings(lang)["reminders"]["on_the_day"]
    for unit in TimeUnit:
        assert L.before(Duration(amount=7, unit=unit))
    for method in ReminderMethod:
        assert L.reminded_by([method]) == L.ui(f"reminders.by.{method.value}")
    assert str(L.reminded_by(list(ReminderMethod))).count(str(L.ui("reminders.by.phone"))) == 1


def test_lists_are_joined_the_languages_way_and_escaped():
    assert Localizer("en", "he").joined(["<a>", Markup("<b>x</b>"), "c & d"]) == "&lt;a&gt;, <b>x</b>, and c &amp; d"
    assert Localizer("ru", "he").joined(["A", "B", "C"]) == "A, B и C"
    assert Localizer("he", "he").joined(["א", "ב"]) == "א וב"
    assert Localizer("ar", "he").joined(["أ", "ب", "ت"]) == "أ وب وت"
    assert Localizer("en", "he").joined([]) == ""


# --- You told us, we changed ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_hub_lists_every_improvement_newest_first_with_the_services_it_changed(loop_site, loop_charter, lang):
    L = localizer(loop_charter, lang)
    page = parse(loop_site / lang / "you-told-us.html")
    assert words(page.select_one("article h1")) == str(L.ui("pages.you_told_us"))
    assert [h2["id"] for h2 in page.select("article h2")] == ["improvement-photos", "improvement-pay-by-phone"]
    for improvement in loop_charter.sorted_improvements:
        entry = page.select_one(f"#improvement-{improvement.id}").parent
        assert words(entry.h2) == L.plain(improvement.title)
        time = entry.select_one(".charter-improvement__date time")
        assert time["datetime"] == improvement.changed_on.isoformat()
        assert time.get_text(strip=True) == L.date(improvement.changed_on)
        assert [words(dt) for dt in entry.select("dt")] == [
            str(L.ui("you_told_us.told")),
            str(L.ui("you_told_us.changed")),
        ]
        told, changed = entry.select("dd")
        assert " ".join(told.get_text().split()) == L.plain(improvement.you_told_us).replace("**", "")
        assert words(changed) == L.plain(improvement.we_changed)
        hrefs = [a["href"] for a in entry.select(".charter-see-also a")]
        assert hrefs == [f"service-{id}.html" for id in improvement.services]
        assert all((loop_site / lang / href).is_file() for href in hrefs)
    if lang == "en":  # Markdown, as in the file
        assert page.select_one("#improvement-pay-by-phone").parent.select_one("dd strong").get_text() == "pay by phone"
    for hub in ("index.html", "commitments.html"):
        assert parse(loop_site / lang / hub).select_one("article a[href='you-told-us.html']"), hub
    assert "you-told-us" in [page.path for page in pages(loop_charter)]  # so in the sitemap and the page list


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_service_shows_what_it_changed_and_where_to_tell_how_a_request_went(loop_site, loop_charter, lang):
    L = localizer(loop_charter, lang)
    expected = {
        "pay-tax": (["improvement-photos", "improvement-pay-by-phone"], f"{SITE_FEEDBACK}&service=pay-tax"),
        "report-hazard": (["improvement-photos"], f"{OWN_FEEDBACK}?service=report-hazard"),
    }
    for service_id, (improvements, feedback) in expected.items():
        page = parse(loop_site / lang / f"service-{service_id}.html")
        found = section(page, "you-told-us")
        assert [h3["id"] for h3 in found.select("h3")] == improvements
        for h3 in found.select("h3"):
            entry = h3.parent
            assert entry.select_one("time[datetime]") and len(entry.select("dd")) == 2
        assert found.select_one("a[href='you-told-us.html']")
        link = page.select_one(".charter-request-feedback a")
        assert link["href"] == feedback and words(link) == str(L.ui("you_told_us.request_feedback"))
        assert link.find_next("p", class_="charter-reviewed")  # before "last reviewed"
        assert found.find_next("p", class_="charter-request-feedback") is link.parent


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_example_shows_its_improvements_and_feedback_links(example_site, example_charter, lang):
    charter = example_charter
    hub = example_site / lang / "you-told-us.html"
    assert hub.is_file() == bool(charter.improvements)
    if charter.improvements:
        listed = [h2["id"] for h2 in parse(hub).select("article h2")]
        assert listed == [f"improvement-{i.id}" for i in charter.sorted_improvements]
        dates = [i.changed_on for i in charter.sorted_improvements]
        assert dates == sorted(dates, reverse=True)
        for href in {a["href"] for a in parse(hub).select("article .charter-see-also a")}:
            assert (example_site / lang / href).is_file(), href
    for service in charter.services.values():
        page = parse(example_site / lang / f"service-{service.id}.html")
        found = section(page, "you-told-us")
        shown = [h3["id"] for h3 in found.select("h3")] if found else []
        assert shown == [f"improvement-{i.id}" for i in charter.improvements_of(service.id)], service.id
        link = page.select_one(".charter-request-feedback a")
        assert (link["href"] if link else None) == charter.request_feedback(service), service.id
        if link:
            assert f"service={service.id}" in link["href"]


# --- Open data -------------------------------------------------------------------------------------


def test_charter_json_holds_the_bodies_reminders_and_improvements(loop_site, loop_charter):
    data = json.loads((loop_site / "open-data" / "charter.json").read_text(encoding="utf-8"))
    schema = json.loads((loop_site / "open-data" / "charter.schema.json").read_text(encoding="utf-8"))
    assert not list(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(data))
    water = data["bodies"]["water-company"]
    assert {key: water[key] for key in ("name", "description", "url")} == {
        key: WATER[key] for key in ("name", "description", "url")
    }
    assert [(c["kind"], c["value"], c["always_open"]) for c in water["channels"]] == [
        ("phone", "1-800-555-030", True),
        ("email", "service@water.example", False),
    ]
    assert data["improvements"]["photos"]["changed_on"] == "2026-06-15"
    assert data["improvements"]["photos"]["services"] == ["report-hazard", "pay-tax"]
    service = data["services"]["pay-tax"]
    assert [reminder["before"] for reminder in service["reminders"]] == ["30 days", None]
    assert [reminder["by"] for reminder in service["reminders"]] == [["sms", "email"], ["app", "whatsapp", "letter"]]
    assert [use["body"] for use in service["bodies"]] == ["water-company", "population"]
    assert data["services"]["report-hazard"]["request_feedback"] == OWN_FEEDBACK
    assert data["site"]["request_feedback"] == SITE_FEEDBACK
    assert set(data["bodies"]) == set(loop_charter.bodies)


# --- Nothing where there is nothing to say ----------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_charter_without_them_shows_none_of_these_sections(tiny_site, lang):
    folder = tiny_site / lang
    assert "you-told-us" not in [page.path for page in pages(load_charter(FIXTURES / "tiny" / "charter"))]
    assert not (folder / "you-told-us.html").exists()
    for path in sorted(folder.glob("*.html")):
        page = parse(path)
        found = page.select(
            "#bodies, #other-bodies, .charter-body, .charter-reminders, #you-told-us, .charter-improvement,"
            " .charter-request-feedback, a[href*='you-told-us']"
        )
        assert not found, (path.name, found[:1])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_without_such_data_show_none_of_these_sections(loop_site, lang):
    hazard = parse(loop_site / lang / "service-report-hazard.html")
    assert not hazard.select("#bodies, .charter-body, .charter-reminders")
    category = parse(loop_site / lang / "category-tax.html")
    assert not category.select("#bodies, .charter-body")


# --- Structure and languages ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_headings_ids_and_languages_are_right_on_every_page_that_shows_them(loop_site, lang):
    english = {str(value) for key in OUR_KEYS for value in _strings(ui_strings("en")[key])}
    english -= {"WhatsApp"}  # the same name in Russian
    names = ["service-pay-tax", "service-report-hazard", "life-event-moving-here", "faq", "contact", "you-told-us"]
    for name in names:
        page = parse(loop_site / lang / f"{name}.html")
        levels = [int(h.name[1]) for h in page.select("article h1, article h2, article h3, article h4, article h5")]
        assert levels[0] == 1 and levels.count(1) == 1, name
        assert all(after <= before + 1 for before, after in itertools.pairwise(levels)), (name, levels)
        ids = [element["id"] for element in page.select("article [id]")]
        assert len(ids) == len(set(ids)), (name, sorted(i for i in ids if ids.count(i) > 1))
        if lang != "en":
            text = words(page.select_one("article"))
            assert not [phrase for phrase in english if phrase in text], name


def _strings(node) -> list[str]:
    if isinstance(node, dict):
        return [text for value in node.values() for text in _strings(value)]
    return [str(node)]


def test_the_locale_strings_of_reminders_cover_every_method_and_unit():
    for lang in LANGUAGES:
        strings = ui_strings(lang)["reminders"]
        assert set(strings["by"]) == {method.value for method in ReminderMethod}, lang
        assert set(strings["before"]) == {unit.value for unit in TimeUnit}, lang


# --- Accessibility in a browser ---------------------------------------------------------------------


def test_axe_finds_no_violation_on_the_pages_that_show_them(loop_site, browser):
    paths = [
        f"{lang}/{name}.html"
        for lang in LANGUAGES
        for name in ("service-pay-tax", "you-told-us", "contact", "faq", "life-event-moving-here")
    ]
    with serve_folder(loop_site) as url:
        found = violations_light_and_dark(browser, url, paths)
    assert not found, "\n".join(found)


def test_the_fixture_is_what_the_tests_say(loop_charter):
    """The tests above rely on these facts of the fixture."""
    assert [i.id for i in loop_charter.sorted_improvements] == ["photos", "pay-by-phone"]
    assert [i.id for i in loop_charter.improvements_of("report-hazard")] == ["photos"]
