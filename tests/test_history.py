"""Change history from git: a real repository is made, committed to, built and read back."""

from __future__ import annotations

import logging
import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from test_accessibility import WCAG_TAGS

from conftest import AXE, FIXTURES, LANGUAGES, build_site, copy_project, parse, serve_folder
from service_charter.addresses import Links
from service_charter.load.git_history import (
    LogEntry,
    build_history,
    clean_subject,
    parse_log,
    parse_sections,
    read_history,
)
from service_charter.model.history import NEW
from service_charter.model.kinds import FOLLOWED

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = 'Hazard <script>alert("x")</script> ]]> &amp; \u202eevil'
SHOWN_HOSTILE = 'Hazard <script>alert("x")</script> ]]> &amp; evil'
"""The hostile subject as the site shows it: the direction override is taken out, the markup kept as text."""

# (subject, commit date) of the commits that change the charter, newest first; `git_history` makes them.
MERGED_FEE = ("Pay tax: a new card fee", "2026-06-10T09:00:00+03:00")
CLOSED = ("Close the courtyard service", "2026-06-01T09:00:00+03:00")
STREET = ("Street permits replace the old permits", "2026-05-01T09:00:00+03:00")
HAZARD_YAML = ("Hazard reports: a .yaml file", "2026-04-01T12:00:00+03:00")
HAZARD = (HOSTILE, "2026-03-01T23:30:00+00:00")  # already 2 March in Jerusalem
PAY_TAX = ("Pay tax: we now answer within 3 days", "2026-02-10T10:00:00+02:00")
INITIAL = ("Initial charter", "2026-01-05T09:00:00+02:00")
CHARTER_COMMITS = [MERGED_FEE, CLOSED, STREET, HAZARD_YAML, HAZARD, PAY_TAX, INITIAL]


def git(repo: Path, *args: str, when: str = "2026-01-01T00:00:00+00:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    env.update({"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull})
    command = ["git", "-c", "user.name=Clerk", "-c", "user.email=clerk@testville.example", "-c", "commit.gpgsign=false"]
    result = subprocess.run([*command, *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return result.stdout


def commit(repo: Path, message: tuple[str, str]) -> None:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", message[0], when=message[1])


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def git_history(tmp_path_factory) -> Path:
    """The tiny project in a git repository with a history: edits, renames, a removal, a merge, other files."""
    repo = copy_project(FIXTURES / "tiny", tmp_path_factory.mktemp("history") / "project")
    services = repo / "charter" / "services"
    hazard = (services / "report-hazard.yml").read_text(encoding="utf-8")
    (services / "old-permit.yml").write_text(hazard.replace("Report a hazard", "Old permit"), encoding="utf-8")
    (services / "courtyard.yml").write_text(hazard.replace("Report a hazard", "Courtyard"), encoding="utf-8")
    git(repo, "init", "--quiet", "--initial-branch", "main")
    commit(repo, INITIAL)
    edit(services / "pay-tax.yml", "Pay property tax at any hour.", "Pay property tax online at any hour.")
    commit(repo, PAY_TAX)
    edit(repo / "docs" / "he" / "about.md", "\n", "\n\n")  # not the charter
    (repo / "charter" / "README.txt").write_text("Notes for staff\n", encoding="utf-8")  # not a record
    commit(repo, ("Notes and wording outside the records", "2026-02-20T08:00:00+02:00"))
    edit(services / "report-hazard.yml", "Report a safety hazard.", "Report a safety hazard in the street.")
    commit(repo, HAZARD)
    git(repo, "mv", "charter/services/report-hazard.yml", "charter/services/report-hazard.yaml")
    commit(repo, HAZARD_YAML)
    git(repo, "mv", "charter/services/old-permit.yml", "charter/services/street-permit.yml")
    edit(services / "street-permit.yml", "Old permit", "Street permit")
    commit(repo, STREET)
    (services / "courtyard.yml").unlink()
    commit(repo, CLOSED)
    git(repo, "checkout", "--quiet", "-b", "fees")
    edit(services / "pay-tax.yml", "amount: 12.5", "amount: 14")
    commit(repo, MERGED_FEE)
    git(repo, "checkout", "--quiet", "main")
    git(
        repo,
        "merge",
        "--quiet",
        "--no-ff",
        "--message",
        "Merge branch 'fees'",
        "fees",
        when="2026-06-15T09:00:00+03:00",
    )
    return repo


@pytest.fixture(scope="module")
def history_site(git_history, tmp_path_factory) -> Path:
    return build_site(git_history, tmp_path_factory.mktemp("history-site") / "site")


# --- Reading the history -------------------------------------------------------------------------


def test_the_history_lists_each_record_s_changes_newest_first(git_history):
    history = read_history(git_history / "charter", FOLLOWED)
    assert history.note == ""
    assert [change.subject for change in history.latest] == [clean_subject(s) for s, _ in CHARTER_COMMITS]
    assert [c.subject for c in history.of("services/pay-tax")] == [MERGED_FEE[0], PAY_TAX[0], INITIAL[0]]
    assert [c.when.isoformat() for c in history.of("services/pay-tax")] == [
        "2026-06-10T09:00:00+03:00",
        "2026-02-10T10:00:00+02:00",
        "2026-01-05T09:00:00+02:00",
    ]
    assert history.of("services/report-hazard")[1].when.date().isoformat() == "2026-03-02"  # in Asia/Jerusalem
    assert history.latest[0].commit == git(git_history, "rev-parse", "fees").strip()
    assert len(history.latest[0].short) == 7


def test_each_change_knows_which_parts_of_the_file_it_changed(git_history):
    history = read_history(git_history / "charter", FOLLOWED)
    assert [c.sections_of("services/pay-tax") for c in history.of("services/pay-tax")] == [
        ("fees",),  # `amount:` inside `fees:`, named by the hunk's header
        ("summary",),  # the key on the changed line itself
        (NEW,),
    ]
    assert history.of("services/report-hazard")[0].sections_of("services/report-hazard") == ()  # renamed only


def test_parse_sections_follows_keys_through_a_hunk():
    log = "\n".join(
        [
            "\x1eabc",
            "",
            "diff --git a/services/x.yml b/services/x.yml",
            "index 1..2 100644",
            "--- a/services/x.yml",
            "+++ b/services/x.yml",
            "@@ -4,3 +4,3 @@ steps:",
            "-  - {he: a}",
            "+  - {he: b}",
            "-documents: []",
            "+documents:",
            "+  - name: {he: c}",
            "diff --git a/services/y.yml b/services/y.yml",
            "deleted file mode 100644",
            "--- a/services/y.yml",
            "+++ /dev/null",
            "@@ -1,2 +0,0 @@",
            "-title: {he: y}",
        ]
    )
    assert parse_sections(log) == {
        ("abc", "services/x.yml"): ("steps", "documents"),
        ("abc", "services/y.yml"): ("title",),
    }


def test_a_renamed_file_keeps_its_history(git_history):
    history = read_history(git_history / "charter", FOLLOWED)
    assert [c.subject for c in history.of("services/report-hazard")] == [
        HAZARD_YAML[0],
        clean_subject(HOSTILE),
        INITIAL[0],
    ]
    assert [c.subject for c in history.of("services/street-permit")] == [STREET[0], INITIAL[0]]
    assert history.of("services/old-permit") == []
    assert [c.subject for c in history.of("services/courtyard")] == [CLOSED[0], INITIAL[0]]


def test_merges_and_files_outside_the_records_are_left_out(git_history):
    history = read_history(git_history / "charter", FOLLOWED)
    subjects = [change.subject for change in history.latest]
    assert "Merge branch 'fees'" not in subjects
    assert "Notes and wording outside the records" not in subjects
    initial = history.latest[-1]
    assert "services/pay-tax" in initial.records and "site" in initial.records and "faqs/track" in initial.records
    assert not any(key.startswith("README") for key in initial.records)


def test_only_the_followed_folders_count(git_history):
    history = read_history(git_history / "charter", ["faqs"])
    assert [change.subject for change in history.latest] == [INITIAL[0]]
    assert history.latest[0].records == ("faqs/track", "site")


def test_a_shallow_clone_claims_only_the_history_it_has(git_history, tmp_path):
    one = tmp_path / "one"
    git(tmp_path, "clone", "--quiet", "--depth", "1", git_history.as_uri(), str(one))
    history = read_history(one / "charter", FOLLOWED)
    assert not history and history.of("services/pay-tax") == []
    assert "shallow" in history.note
    three = tmp_path / "three"
    git(tmp_path, "clone", "--quiet", "--depth", "3", git_history.as_uri(), str(three))
    history = read_history(three / "charter", FOLLOWED)
    # The merge, its two parents, and their parents cut off: the oldest commits it has are not changes it knows.
    assert [change.subject for change in history.latest] == [MERGED_FEE[0], CLOSED[0]]


def test_outside_git_or_without_git_there_is_no_history(tmp_path, monkeypatch):
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    history = read_history(project / "charter", FOLLOWED)
    assert not history and "not in a git repository" in history.note
    monkeypatch.setenv("PATH", str(tmp_path))
    history = read_history(project / "charter", FOLLOWED)
    assert not history and "git is not installed" in history.note


def test_a_file_made_again_where_one_was_renamed_from_is_another_record():
    def entry(commit: str, day: str, *files: tuple[str, str, str | None]) -> LogEntry:
        return LogEntry(commit, f"2026-{day}T12:00:00+00:00", f"subject {commit}", files)

    log = [  # newest first, as git tells it
        entry("c4", "04-01", ("R", "services/a.yml", "services/b.yaml")),
        entry("c3", "03-01", ("A", "services/a.yml", None), ("M", "faqs/x.yml", None)),
        entry("c2", "02-01", ("D", "services/a.yml", None), ("M", "scaffolds/z.yml", None)),
        entry("c1", "01-01", ("A", "services/a.yml", None), ("A", "site.yml", None), ("A", "README.md", None)),
    ]
    history = build_history(log, FOLLOWED, ZoneInfo("Asia/Jerusalem"))
    assert [c.commit for c in history.of("services/b")] == ["c4", "c3"]
    assert [c.commit for c in history.of("services/a")] == ["c2", "c1"]
    assert history.latest[-1].records == ("services/a", "site")
    assert history.latest[1].records == ("faqs/x", "services/b")


def test_the_log_is_read_whatever_the_subject_holds():
    subject = f"Fee \x1e{'b' * 40} M services/x.yml"  # looks like the start of another commit
    output = f"\x1e{'a' * 40}\x002026-01-01T10:00:00+02:00\x00{subject}\x00\nM\x00services/y.yml\x00"
    [entry] = parse_log(output)
    assert entry.commit == "a" * 40 and entry.subject == subject
    assert entry.files == (("M", "services/y.yml", None),)


def test_subjects_lose_control_and_direction_characters_and_length():
    assert clean_subject("Fix\u202e the\tfee\u2066 ") == "Fix the fee"
    long = clean_subject("word " * 100)
    assert len(long) <= 200 and long.endswith("…")


# --- The site ------------------------------------------------------------------------------------


def _changes(site: Path, lang: str, service: str):
    return parse(site / lang / f"service-{service}.html").select_one("article .charter-changes")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_service_page_shows_when_it_last_changed_and_what_changed(history_site, lang):
    section = _changes(history_site, lang, "pay-tax")
    assert section.select_one("p time")["datetime"] == "2026-06-10"
    items = section.select("details li")
    assert [li.select_one("time")["datetime"] for li in items] == ["2026-06-10", "2026-02-10", "2026-01-05"]
    subjects = [li.select_one("span") for li in items]
    assert [span.get_text() for span in subjects] == [MERGED_FEE[0], PAY_TAX[0], INITIAL[0]]
    assert all(span["lang"] == "" and span["dir"] == "auto" for span in subjects)  # written in any language
    feed = section.select_one("a[type='application/atom+xml']")
    assert feed["href"] == "changes.xml" and (history_site / lang / feed["href"]).is_file()
    assert parse(history_site / lang / "service-pay-tax.html").select_one("article .charter-reviewed")


def test_each_change_names_the_parts_of_the_page_it_changed(history_site):
    parts = [li.select_one(".charter-changes__parts") for li in _changes(history_site, "en", "pay-tax").select("li")]
    assert [part.get_text() if part else None for part in parts] == ["Fees", "What it is", "Page published"]
    hebrew = _changes(history_site, "he", "pay-tax").select_one("li .charter-changes__parts")
    assert hebrew.get_text() == "תשלומים"
    # The feed names them too, beside each service page an entry lists.
    entries = ET.parse(history_site / "en" / "changes.xml").getroot().findall(f"{ATOM}entry")
    newest, oldest = (parse_html(entry.findtext(f"{ATOM}content")) for entry in (entries[0], entries[-1]))
    assert newest.select_one("li").get_text(" ", strip=True) == "Pay property tax : Fees"
    assert "Pay property tax : Page published" in [li.get_text(" ", strip=True) for li in oldest.select("li")]
    others = [li for li in oldest.select("li") if not li.a["href"].startswith("service-")]
    assert others and all(li.get_text(strip=True) == li.a.get_text(strip=True) for li in others)


def test_the_date_is_written_in_the_page_s_language(history_site):
    assert "June 10, 2026" in _changes(history_site, "en", "pay-tax").select_one("p").get_text()
    assert "10 ביוני 2026" in _changes(history_site, "he", "pay-tax").select_one("p").get_text()


def test_a_hostile_commit_message_is_shown_as_text(history_site):
    for lang in LANGUAGES:
        html = (history_site / lang / "service-report-hazard.html").read_text(encoding="utf-8")
        assert '<script>alert("x")' not in html and "\u202e" not in html
        spans = _changes(history_site, lang, "report-hazard").select("details li span")
        assert [span.get_text() for span in spans][1] == SHOWN_HOSTILE
        feed = (history_site / lang / "changes.xml").read_bytes()
        assert b"<script>" not in feed and b"]]>" not in feed
        titles = [entry.findtext(f"{ATOM}title") for entry in ET.fromstring(feed).iter(f"{ATOM}entry")]
        assert SHOWN_HOSTILE in titles


def test_a_renamed_service_shows_the_changes_it_had_under_its_old_name(history_site):
    items = _changes(history_site, "en", "street-permit").select("details li span")
    assert [span.get_text() for span in items] == [STREET[0], INITIAL[0]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_feed_lists_every_change_in_every_language(history_site, lang):
    feed = ET.parse(history_site / lang / "changes.xml").getroot()
    assert feed.tag == f"{ATOM}feed" and feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    assert feed.findtext(f"{ATOM}updated") == "2026-06-10T06:00:00Z"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "changes.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [clean_subject(s) for s, _ in CHARTER_COMMITS]
    assert entries[-1].findtext(f"{ATOM}updated") == "2026-01-05T07:00:00Z"
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("tag:forms.testville.example,") for i in ids), ids
    content = parse_html(entries[-1].findtext(f"{ATOM}content"))
    links = {a["href"]: a.get_text() for a in content.select("a")}
    title = {"he": "תשלום ארנונה", "ar": "دفع الأرنونا", "en": "Pay property tax", "ru": "Оплата арноны"}[lang]
    assert links["service-pay-tax.html"] == title
    assert all((history_site / lang / href.partition("#")[0]).is_file() for href in links)
    assert entries[0].find(f"{ATOM}link").get("href") == "service-pay-tax.html"


def test_a_removed_service_is_counted_in_the_feed(history_site):
    feed = ET.parse(history_site / "en" / "changes.xml").getroot()
    closed = next(e for e in feed.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == CLOSED[0])
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
    assert first.findtext(f"{ATOM}id").startswith("https://city.example/charter/ru/changes.xml#")


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


def parse_html(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


@pytest.fixture(scope="module")
def history_url(history_site):
    """The built site served over HTTP on the loopback interface."""
    with serve_folder(history_site) as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_open_list_of_changes_passes_axe(history_url, browser, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    found = []
    for lang in LANGUAGES:
        page.goto(f"{history_url}/{lang}/service-report-hazard.html")
        page.click(".charter-changes summary")
        assert page.is_visible(".charter-changes details li span")
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
        found += [f"{lang} [{scheme}] {v['id']}: {v['nodes'][0]['target']}" for v in result["violations"]]
    context.close()
    assert not found, "\n".join(found)


def test_links_to_the_feed_work_with_directory_urls_too():
    assert Links("service-pay-tax", directory_urls=False).file("changes.xml") == "changes.xml"
    assert Links("service-pay-tax", directory_urls=True).file("changes.xml") == "../changes.xml"
    assert Links("index", directory_urls=True).file("changes.xml") == "changes.xml"
