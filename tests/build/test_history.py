"""Change history from git, built: service pages, the services hub and an Atom feed of every change.

`history_site` is built from commits that carry no note for residents: pages say when they last changed and list
nothing. `noted_site` adds commits with `Change-note` trailers, and one without."""

from __future__ import annotations

import html
import logging
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import (
    FIXTURES,
    LANGUAGES,
    build_site,
    copy_project,
    edit,
    git,
    parse,
    parse_html,
)

ATOM = "{http://www.w3.org/2005/Atom}"
SERVICE_TITLES = {
    "pay-tax": {"he": "תשלום ארנונה", "ar": "دفع الأرنونا", "en": "Pay property tax", "ru": "Оплата арноны"},
    # No Arabic or Russian title: the default language's.
    "report-hazard": {"he": "דיווח על מפגע", "ar": "דיווח על מפגע", "en": "Report a hazard", "ru": "דיווח על מפגע"},
    "street-permit": {"he": "דיווח על מפגע", "ar": "דיווח על מפגע", "en": "Street permit", "ru": "דיווח על מפגע"},
}
UPDATED = {"he": "עדכון: {}", "ar": "تحديث: {}", "en": "Updated: {}", "ru": "Обновлено: {}"}
ENTRY_PAGES = {
    "he": "השינוי עדכן את:",
    "ar": "حدّث هذا التغيير:",
    "en": "This change updated:",
    "ru": "Это изменение затронуло:",
}

FEE_NOTE = {
    "he": "עמלת התשלום בכרטיס אשראי עולה ל-16 ש״ח: חברת הסליקה העלתה את מחיריה",
    "ar": "رسوم الدفع ببطاقة الائتمان ترتفع إلى 16 شيكلًا: شركة بطاقات الائتمان رفعت أسعارها",
}
FEE = (
    "pay-tax.yml: bump fees[0].amount (PR #77)\n\n"
    "The subject and this body are for developers.\n\n"
    f"Change-note: {FEE_NOTE['he']}\n"
    "Change-note-ar: رسوم الدفع ببطاقة الائتمان ترتفع إلى 16 شيكلًا:\n"
    "  شركة بطاقات الائتمان رفعت أسعارها\n"
    "Change-note-xx: not a language of the charter\n",
    "2026-07-01T10:00:00+03:00",
)
HOSTILE_NOTE = "Hazard map <img src=x onerror=alert(1)> ]]> &amp; \u202ebad"
SHOWN_HOSTILE_NOTE = "Hazard map <img src=x onerror=alert(1)> ]]> &amp; bad"
"""The hostile note as the site shows it: the direction override taken out, the markup kept as text."""
HAZARD_NOTE = (f"report-hazard.yaml: wording\n\nChange-note: {HOSTILE_NOTE}\n", "2026-07-05T10:00:00+03:00")
FRIDAYS_NOTE = "Hazard reports are now answered on Fridays too"
FRIDAYS = (f"report-hazard.yaml: Fridays\n\nChange-note-en: {FRIDAYS_NOTE}\n", "2026-07-08T10:00:00+03:00")
"""A note only in English: neither the page's language nor the default elsewhere, so listed on English pages only."""
SILENT = ("Fix typo in pay-tax.yml summary", "2026-07-15T10:00:00+03:00")


def with_notes(git_history: Path, target: Path) -> Path:
    """A clone of `git_history` with four more commits: notes in two languages, a hostile note, a note in
    English only, and no note."""
    git(target.parent, "clone", "--quiet", git_history.as_uri(), str(target))
    services = target / "charter" / "services"
    for message, (path, old, new) in [
        (FEE, (services / "pay-tax.yml", "amount: 14", "amount: 16")),
        (HAZARD_NOTE, (services / "report-hazard.yaml", "in the street.", "in the street or a park.")),
        (FRIDAYS, (services / "report-hazard.yaml", "resolve: 3 business_days", "resolve: 2 business_days")),
        (SILENT, (services / "pay-tax.yml", "Pay property tax online", "Pay property tax on the web")),
    ]:
        edit(path, old, new)
        git(target, "commit", "--quiet", "--all", "--message", message[0], when=message[1])
    return target


@pytest.fixture(scope="module")
def noted_site(git_history, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("noted-history")
    return build_site(with_notes(git_history, folder / "project"), folder / "site")


def _changes(site: Path, lang: str, service: str):
    return parse(site / lang / f"service-{service}.html").select_one("article .charter-changes")


def _lang_of(element) -> str:
    """The language an element is in: its own `lang`, or its nearest ancestor's."""
    marked = element if element.has_attr("lang") else element.find_parent(attrs={"lang": True})
    return marked["lang"]


def _titles(site: Path, lang: str) -> list[str]:
    feed = ET.parse(site / lang / "changes.xml").getroot()
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


def _contents(site: Path, lang: str) -> list:
    feed = ET.parse(site / lang / "changes.xml").getroot()
    return [parse_html(entry.findtext(f"{ATOM}content")) for entry in feed.iter(f"{ATOM}entry")]


# --- Service pages -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_service_page_lists_only_the_changes_with_a_note(noted_site, lang):
    section = _changes(noted_site, lang, "pay-tax")
    assert section.select_one("p time")["datetime"] == "2026-07-15"  # the change without a note still counts
    [item] = section.select("details li")
    assert item.select_one("time")["datetime"] == "2026-07-01"
    note = item.select_one(".charter-changes__note")
    expected = lang if lang in FEE_NOTE else "he"  # English and Russian pages show the default language's note
    assert note.get_text() == FEE_NOTE[expected]
    assert _lang_of(note.find(string=True).parent) == expected
    feed = section.select_one("a[type='application/atom+xml']")
    assert feed["href"] == "changes.xml" and (noted_site / lang / feed["href"]).is_file()
    assert not parse(noted_site / lang / "service-pay-tax.html").select("[lang='']")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_note_in_the_default_language_is_marked_and_announced(noted_site, history_site, lang):
    page = parse(noted_site / lang / "service-pay-tax.html")
    borrowed = page.select_one(".charter-changes__note .charter-fallback")
    assert (borrowed["lang"], borrowed["dir"]) == ("he", "rtl")
    assert page.select_one("article h1 + .charter-fallback-note")
    if lang == "en":  # without the note, the English page has every text in English
        assert not parse(history_site / lang / "service-pay-tax.html").select(".charter-fallback-note")


def test_a_note_in_the_page_s_language_is_not_marked(noted_site):
    for lang in ("he", "ar"):
        note = _changes(noted_site, lang, "pay-tax").select_one(".charter-changes__note")
        assert note.get_text() == FEE_NOTE[lang] and not note.select("[lang]")


def test_a_note_in_neither_the_page_s_language_nor_the_default_is_shown_in_its_own_language_only(noted_site):
    english = [
        li.select_one(".charter-changes__note").get_text()
        for li in _changes(noted_site, "en", "report-hazard").select("li")
    ]
    assert english == [FRIDAYS_NOTE, SHOWN_HOSTILE_NOTE]
    for lang in ("he", "ar", "ru"):
        items = _changes(noted_site, lang, "report-hazard").select("li")
        assert [li.select_one(".charter-changes__note").get_text() for li in items] == [SHOWN_HOSTILE_NOTE]
        assert FRIDAYS_NOTE not in (noted_site / lang / "service-report-hazard.html").read_text(encoding="utf-8")


def test_each_change_names_the_parts_of_the_page_it_changed(noted_site):
    parts = [
        li.select_one(".charter-changes__parts") for li in _changes(noted_site, "en", "report-hazard").select("li")
    ]
    assert [part.get_text() for part in parts] == ["Our commitment", "What it is"]
    assert _changes(noted_site, "en", "pay-tax").select_one("li .charter-changes__parts").get_text() == "Fees"
    assert _changes(noted_site, "he", "pay-tax").select_one("li .charter-changes__parts").get_text() == "תשלומים"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_a_note_a_page_says_only_when_it_last_changed(history_site, lang):
    for service, day in [("pay-tax", "2026-06-10"), ("street-permit", "2026-05-01"), ("report-hazard", "2026-04-01")]:
        section = _changes(history_site, lang, service)
        assert section.select_one("p time")["datetime"] == day
        assert not section.select("details, li")
    assert parse(history_site / lang / "service-pay-tax.html").select_one("article .charter-reviewed")


def test_the_date_is_written_in_the_page_s_language(history_site):
    assert "June 10, 2026" in _changes(history_site, "en", "pay-tax").select_one("p").get_text()
    assert "10 ביוני 2026" in _changes(history_site, "he", "pay-tax").select_one("p").get_text()


def test_a_hostile_note_is_shown_as_text(noted_site):
    for lang in LANGUAGES:
        page = (noted_site / lang / "service-report-hazard.html").read_text(encoding="utf-8")
        assert "<img src=x" not in page and "\u202e" not in page
        feed = (noted_site / lang / "changes.xml").read_bytes()
        assert b"<img" not in feed and b"]]>" not in feed and "\u202e".encode() not in feed
    assert SHOWN_HOSTILE_NOTE in _titles(noted_site, "he")


# --- Nothing of the commit itself ----------------------------------------------------------------


@pytest.mark.parametrize("which", ["history_site", "noted_site"])
def test_no_commit_subject_or_id_is_published(which, request):
    site = request.getfixturevalue(which)
    repo = site.parent / "project" if which == "noted_site" else request.getfixturevalue("git_history")
    subjects = {s for s in git(repo, "log", "--all", "--format=%s").splitlines() if s}
    commits = git(repo, "log", "--all", "--format=%H").split()
    assert len(subjects) >= 8 and len(commits) >= 9
    forbidden = {form.encode() for s in subjects for form in (s, html.escape(s), html.escape(s, quote=False))}
    forbidden |= {commit[:length].encode() for commit in commits for length in (7, 40)}
    published = [path for path in site.rglob("*") if path.is_file()]
    assert len(published) > 50
    found = [(path.relative_to(site), word) for path in published for word in forbidden if word in path.read_bytes()]
    assert not found


# --- The feed ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_change_without_a_note_is_titled_by_the_pages_it_updated(history_site, lang):
    pay_tax, street = SERVICE_TITLES["pay-tax"][lang], SERVICE_TITLES["street-permit"][lang]
    titles = _titles(history_site, lang)
    updated = UPDATED[lang]
    assert titles[0] == updated.format(pay_tax)  # MERGED_FEE
    assert (
        titles[1]
        == {"he": "שירותים שהוסרו: 1", "ar": "خدمات أُزيلت: 1", "en": "Services removed: 1", "ru": "Удалено услуг: 1"}[
            lang
        ]
    )  # CLOSED: the only service it changed is gone
    assert titles[2] == updated.format(street)  # STREET
    assert titles[5] == updated.format(pay_tax)  # PAY_TAX
    others = len(_contents(history_site, lang)[-1].select("li")) - 1
    assert others == 13
    more = {
        "he": f"עדכון: {pay_tax} ועוד {others} דפים",
        "ar": f"تحديث: {pay_tax} و{others} صفحة أخرى",
        "en": f"Updated: {pay_tax} and {others} other pages",
        "ru": f"Обновлено: {pay_tax} и ещё {others} страниц",
    }
    assert titles[-1] == more[lang]  # INITIAL


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_change_with_a_note_is_titled_by_it_in_the_feed_s_language(noted_site, lang):
    titles = _titles(noted_site, lang)
    assert titles[0] == UPDATED[lang].format(SERVICE_TITLES["pay-tax"][lang])  # SILENT
    hazard = UPDATED[lang].format(SERVICE_TITLES["report-hazard"][lang])
    assert titles[1] == (FRIDAYS_NOTE if lang == "en" else hazard)
    assert titles[2] == (SHOWN_HOSTILE_NOTE if lang == "he" else hazard)
    assert titles[3] == FEE_NOTE.get(lang, UPDATED[lang].format(SERVICE_TITLES["pay-tax"][lang]))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_entry_shows_its_note_and_the_pages_it_updated(noted_site, lang):
    silent, fridays, _, fee = _contents(noted_site, lang)[:4]
    assert [a["href"] for a in silent.select("a")] == ["service-pay-tax.html"]
    assert [p.get_text() for p in silent.select("p")] == [ENTRY_PAGES[lang]]  # no note
    assert (FRIDAYS_NOTE in fridays.get_text()) == (lang == "en")
    note = fee.find(string=lambda text: "16" in text)
    expected = lang if lang in FEE_NOTE else "he"
    assert note.strip() == FEE_NOTE[expected]
    if lang in ("en", "ru"):
        borrowed = note.find_parent(attrs={"lang": True})
        assert (borrowed["lang"], borrowed["dir"]) == ("he", "rtl")
        assert fee.select_one(".charter-fallback__note")  # "This part is shown in Hebrew:"
    else:
        assert note.find_parent(attrs={"lang": True}) is None  # the feed's own language


def test_each_feed_entry_names_the_parts_it_changed(history_site):
    contents = _contents(history_site, "en")
    newest, oldest = contents[0], contents[-1]
    assert newest.select_one("li").get_text(" ", strip=True) == "Pay property tax : Fees"
    assert "Pay property tax : Page published" in [li.get_text(" ", strip=True) for li in oldest.select("li")]
    others = [li for li in oldest.select("li") if not li.a["href"].startswith("service-")]
    assert others and all(li.get_text(strip=True) == li.a.get_text(strip=True) for li in others)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_feed_lists_every_change_in_every_language(history_site, lang):
    feed = ET.parse(history_site / lang / "changes.xml").getroot()
    assert feed.tag == f"{ATOM}feed" and feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    assert feed.findtext(f"{ATOM}updated") == "2026-06-10T06:00:00Z"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "changes.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 7
    assert entries[-1].findtext(f"{ATOM}updated") == "2026-01-05T07:00:00Z"
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("tag:forms.testville.example,") for i in ids), ids
    content = parse_html(entries[-1].findtext(f"{ATOM}content"))
    links = {a["href"]: a.get_text() for a in content.select("a")}
    assert links["service-pay-tax.html"] == SERVICE_TITLES["pay-tax"][lang]
    assert all((history_site / lang / href.partition("#")[0]).is_file() for href in links)
    assert entries[0].find(f"{ATOM}link").get("href") == "service-pay-tax.html"


def test_a_removed_service_is_counted_in_the_feed(history_site):
    feed = ET.parse(history_site / "en" / "changes.xml").getroot()
    closed = next(e for e in feed.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}updated") == "2026-06-01T06:00:00Z")
    assert "Services removed: 1" in parse_html(closed.findtext(f"{ATOM}content")).get_text()


def test_service_pages_and_the_services_hub_point_at_the_feed(history_site):
    for page in ("service-pay-tax.html", "services.html"):
        head = parse(history_site / "en" / page).select("head link[type='application/atom+xml'][href='changes.xml']")
        assert len(head) == 1 and head[0]["rel"] == ["alternate"], page
    hub = parse(history_site / "ar" / "services.html").select_one("article a[href='changes.xml']")
    assert hub.get_text() == "تابِعوا التغييرات على الميثاق (موجز Atom)"
    assert not parse(history_site / "en" / "faq.html").select("head link[href='changes.xml']")


def test_feed_addresses_are_absolute_with_a_site_url(git_history, tmp_path):
    site = build_site(git_history, tmp_path / "site", site_url="https://city.example/charter/")
    feed = ET.parse(site / "ru" / "changes.xml").getroot()
    assert feed.findtext(f"{ATOM}id") == "https://city.example/charter/ru/changes.xml"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://city.example/charter/ru/changes.xml"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}base") == "https://city.example/charter/ru/"
    first = feed.find(f"{ATOM}entry")
    assert first.findtext(f"{ATOM}id").startswith("https://city.example/charter/ru/changes.xml#change-")


@pytest.mark.parametrize("where", ["outside git", "shallow clone"])
def test_a_site_without_history_says_nothing_about_changes(where, git_history, tmp_path, caplog):
    if where == "outside git":
        project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    else:
        project = tmp_path / "clone"
        git(tmp_path, "clone", "--quiet", "--depth", "1", git_history.as_uri(), str(project))
    with caplog.at_level(logging.INFO):
        site = build_site(project, tmp_path / "site")  # strict: an info line, no warning
    notes = [r for r in caplog.records if "pages show no change history" in r.getMessage()]
    assert notes and all(r.levelno == logging.INFO for r in notes)
    for lang in LANGUAGES:
        assert not (site / lang / "changes.xml").exists()
        for page in ("service-pay-tax.html", "services.html"):
            soup = parse(site / lang / page)
            assert not soup.select(".charter-changes") and not soup.select("link[href$='changes.xml']"), page
        assert parse(site / lang / "service-pay-tax.html").select_one(".charter-reviewed")
