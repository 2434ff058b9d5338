"""Every page's frame and a service page's first screen, in the built HTML of the example, in every language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import LANGUAGES, ROOT, parse
from service_charter import load_charter

CHARTER = load_charter(ROOT / "charter")
LOCALES = ROOT / "plugins" / "service_charter" / "locales"


def ui(lang: str, key: str) -> str:
    strings = yaml.safe_load((LOCALES / f"{lang}.yml").read_text(encoding="utf-8"))
    for part in key.split("."):
        strings = strings[part]
    return strings


def pages(site: Path, lang: str) -> list[Path]:
    return sorted((site / lang).glob("*.html"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_shows_the_point_of_contact_at_the_top_and_the_statements_at_the_bottom(example_site, lang):
    name = CHARTER.site.contact.name.get(lang)
    for path in pages(example_site, lang):
        soup = parse(path)
        banner = soup.select_one(".md-banner .charter-banner")
        assert banner is not None, path.name
        assert name in banner.get_text() and banner.select_one('a[href="tel:106"]'), path.name
        footer = soup.select_one("footer .charter-footer")
        assert footer is not None and footer.get("aria-label") == ui(lang, "frame.footer"), path.name
        assert footer.select_one('a[href="tel:106"]'), path.name
        texts = {a.get_text(strip=True): a["href"] for a in footer.select("ul a")}
        wanted = {"pages.contact": "contact", "frame.privacy": "your-data", "pages.accessibility": "accessibility"}
        for key, target in wanted.items():
            href = texts.get(ui(lang, key))
            assert href is not None, (path.name, key)
            if path.name == "404.html":  # served at any depth: from the language's top
                assert href == f"/{lang}/{target}.html", (path.name, href)
            else:
                assert (path.parent / href).is_file(), (path.name, href)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_service_page_starts_with_its_promise_fee_main_action_and_contact(example_site, lang):
    for service in CHARTER.services.values():
        soup = parse(example_site / lang / f"service-{service.id}.html")
        article = soup.select_one("article")
        glance = article.select_one(".charter-glance")
        assert glance is not None, service.id
        # Before anything else the page says: only its breadcrumb, title and summary come first.
        before = [tag.name for tag in glance.find_all_previous() if tag.find_parent("article") is article]
        assert "h2" not in before and "section" not in before, service.id
        facts = {
            dt.get_text(strip=True): dd.get_text(" ", strip=True)
            for dt, dd in zip(glance("dt"), glance("dd"), strict=True)
        }
        assert list(facts) == [ui(lang, "service.commitment"), ui(lang, "service.fees")], service.id
        headline = article.select_one("#commitment").find_parent("section")
        assert facts[ui(lang, "service.commitment")], service.id
        assert headline is not None
        action = glance.select_one(".charter-glance__action a.md-button")
        uses = [(use, CHARTER.channels[use.channel]) for use in service.channels]
        online = [(use, channel) for use, channel in uses if channel.kind.value in ("web", "app")]
        assert action is not None, service.id
        assert action["href"] == (online[0][0].url or online[0][1].value), service.id
        assert glance.select_one('.charter-glance__contact a[href="tel:106"]'), service.id


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_service_page_says_its_fee_in_a_few_words(example_site, lang):
    said = {}
    for service_id in (
        "residence-certificate",
        "building-permit",
        "signage-permit",
        "dog-license",
        "bulky-waste-pickup",
    ):
        glance = parse(example_site / lang / f"service-{service_id}.html").select_one(".charter-glance")
        said[service_id] = glance("dd")[1].get_text(" ", strip=True)
    assert said["residence-certificate"] == ui(lang, "service.no_charge")
    assert said["building-permit"] == ui(lang, "service.fee_varies")
    assert re.search(r"185", said["signage-permit"])
    assert said["dog-license"].startswith(ui(lang, "service.fee_from").split("{")[0].strip())
    assert "55" in said["dog-license"] and "370" not in said["dog-license"]  # the lowest of its fees
    assert "180" in said["bulky-waste-pickup"]
    assert said["bulky-waste-pickup"].startswith(ui(lang, "service.fee_free_or_from").split("{")[0].strip())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_service_page_has_a_menu_of_its_sections_for_phones(example_site, lang):
    for service in CHARTER.services.values():
        soup = parse(example_site / lang / f"service-{service.id}.html")
        menu = soup.select_one("article nav.charter-on-this-page")
        assert menu is not None and menu.get("aria-label") == ui(lang, "frame.on_this_page"), service.id
        sections = [f"#{h2['id']}" for h2 in soup.select("article h2[id]")]
        assert [a["href"] for a in menu.select("a")] == sections, service.id


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_service_page_gives_each_channels_hours_and_note_and_adds_its_own(example_site, lang):
    whatsapp = CHARTER.channels["whatsapp"]
    for service in CHARTER.services.values():
        soup = parse(example_site / lang / f"service-{service.id}.html")
        items = soup.select(".charter-service-channels > li")
        assert len(items) == len(service.channels), service.id
        for item, use in zip(items, service.channels, strict=True):
            channel = CHARTER.channels[use.channel]
            text = item.get_text(" ", strip=True)
            assert channel.name.get(lang) in text, (service.id, use.channel)
            if channel.always_open:
                assert ui(lang, "contact.always_open") in text, (service.id, use.channel)
            if channel.note:
                assert channel.note.get(lang) in text, (service.id, use.channel)
            if use.note:
                assert use.note.get(lang) in text, (service.id, use.channel)
                assert ui(lang, "service.for_this_service") in text, (service.id, use.channel)
    # The WhatsApp channel answers at any hour but a person only in the day: a service's note no longer hides that.
    recycling = parse(example_site / lang / "service-recycling-bins.html").get_text(" ", strip=True)
    assert whatsapp.note.get(lang) in recycling


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_home_page_has_a_search_field_in_view(example_site, lang):
    soup = parse(example_site / lang / "index.html")
    form = soup.select_one("article form.charter-find[role=search]")
    assert form is not None and form["method"] == "get" and form["action"] == "index.html"
    field = form.select_one("input[name=q][type=search]")
    assert soup.select_one(f'label[for="{field["id"]}"]').get_text(strip=True) == ui(lang, "home.search_label")
    # It comes before the home page's first section.
    assert form.find_next("h2") is not None and not form.find_previous("h2")
