"""Change history from git: a real repository is made, committed to and read back."""

from __future__ import annotations

import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import (
    CHARTER_COMMITS,
    CLOSED,
    FIXTURES,
    HAZARD,
    HAZARD_YAML,
    INITIAL,
    MERGED_FEE,
    PAY_TAX,
    STREET,
    copy_project,
    git,
)
from service_charter.addresses import Links
from service_charter.load.git_history import (
    NOTE_LENGTH,
    LogEntry,
    build_history,
    change_note,
    clean_text,
    parse_log,
    parse_sections,
    parse_trailers,
    read_history,
)
from service_charter.model.history import NEW
from service_charter.model.kinds import FOLLOWED

LANGUAGES = ("he", "ar", "en", "ru")
"""The tiny charter's languages, its default first."""


def when(commit: tuple[str, str]) -> datetime:
    """The date `git_history` gave a commit of `CHARTER_COMMITS`."""
    return datetime.fromisoformat(commit[1])


def touching(history, key: str) -> list[datetime]:
    """The dates of the changes across the charter that touched record `key`, newest first."""
    return [change.when for change in history.latest if key in change.records]


# --- Reading the history -------------------------------------------------------------------------


def test_the_history_lists_each_record_s_changes_newest_first(git_history):
    history = read_history(git_history / "charter", FOLLOWED)
    assert history.note == ""
    assert [change.when for change in history.latest] == [when(commit) for commit in CHARTER_COMMITS]
    assert touching(history, "services/pay-tax") == [when(MERGED_FEE), when(PAY_TAX), when(INITIAL)]
    assert [c.when.isoformat() for c in history.latest if "services/pay-tax" in c.records] == [
        "2026-06-10T09:00:00+03:00",
        "2026-02-10T10:00:00+02:00",
        "2026-01-05T09:00:00+02:00",
    ]
    hazard = [c for c in history.latest if "services/report-hazard" in c.records]
    assert hazard[1].when.date().isoformat() == "2026-03-02"  # in Asia/Jerusalem
    assert history.latest[0].commit == git(git_history, "rev-parse", "fees").strip()


def test_without_notes_a_record_keeps_only_its_last_change(git_history):
    history = read_history(git_history / "charter", FOLLOWED)
    assert all(change.note is None for change in history.latest)
    assert [c.when for c in history.of("services/pay-tax")] == [when(MERGED_FEE)]
    assert history.last_changed("services/pay-tax") == when(MERGED_FEE)
    assert history.noted("services/pay-tax", LANGUAGES) == []
    assert history.last_changed("services/old-permit") is None


def test_each_change_knows_which_parts_of_the_file_it_changed(git_history):
    history = read_history(git_history / "charter", FOLLOWED)
    pay_tax = [c for c in history.latest if "services/pay-tax" in c.records]
    assert [c.sections_of("services/pay-tax") for c in pay_tax] == [
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
    assert touching(history, "services/report-hazard") == [when(HAZARD_YAML), when(HAZARD), when(INITIAL)]
    assert touching(history, "services/street-permit") == [when(STREET), when(INITIAL)]
    assert touching(history, "services/old-permit") == []
    assert touching(history, "services/courtyard") == [when(CLOSED), when(INITIAL)]


def test_merges_and_files_outside_the_records_are_left_out(git_history):
    history = read_history(git_history / "charter", FOLLOWED)
    dates = [change.when.isoformat() for change in history.latest]
    assert "2026-06-15T09:00:00+03:00" not in dates  # the merge
    assert "2026-02-20T08:00:00+02:00" not in dates  # notes and wording outside the records
    initial = history.latest[-1]
    assert "services/pay-tax" in initial.records and "site" in initial.records and "faqs/track" in initial.records
    assert not any(key.startswith("README") for key in initial.records)


def test_only_the_followed_folders_count(git_history):
    history = read_history(git_history / "charter", ["faqs"])
    assert [change.when for change in history.latest] == [when(INITIAL)]
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
    assert [change.when for change in history.latest] == [when(MERGED_FEE), when(CLOSED)]


def test_outside_git_or_without_git_there_is_no_history(tmp_path, monkeypatch):
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    history = read_history(project / "charter", FOLLOWED)
    assert not history and "not in a git repository" in history.note
    monkeypatch.setenv("PATH", str(tmp_path))
    history = read_history(project / "charter", FOLLOWED)
    assert not history and "git is not installed" in history.note


def test_a_file_made_again_where_one_was_renamed_from_is_another_record():
    def entry(commit: str, day: str, *files: tuple[str, str, str | None]) -> LogEntry:
        return LogEntry(commit, f"2026-{day}T12:00:00+00:00", (("Change-note", f"note {commit}"),), files)

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


def test_the_log_is_read_whatever_the_trailers_hold():
    note = f"Fee \x1e{'b' * 40} M services/x.yml"  # looks like the start of another commit
    trailers = f"Change-note: {note}\x1fChange-note-en: Fee: 14 shekels"
    output = f"\x1e{'a' * 40}\x002026-01-01T10:00:00+02:00\x00{trailers}\x00\nM\x00services/y.yml\x00"
    [entry] = parse_log(output)
    assert entry.commit == "a" * 40
    assert entry.trailers == (("Change-note", note), ("Change-note-en", "Fee: 14 shekels"))
    assert entry.files == (("M", "services/y.yml", None),)
    assert change_note(entry.trailers, LANGUAGES).root == {
        "he": f"Fee {'b' * 40} M services/x.yml",
        "en": "Fee: 14 shekels",
    }


def test_notes_lose_control_and_direction_characters_and_length():
    assert clean_text("Fix\u202e the\tfee\u2066 \u200f") == "Fix the fee"
    long = clean_text("word " * 100)
    assert len(long) <= NOTE_LENGTH and long.endswith("word…")
    unbroken = clean_text("x" * 1000)
    assert len(unbroken) == NOTE_LENGTH and unbroken.endswith("…")


# --- Notes for residents: `Change-note` trailers -------------------------------------------------


def test_each_trailer_is_a_key_and_a_value():
    written = "Change-note: שעות חדשות\x1fChange-note-en: Hours: 8:00–16:00\x1fSigned-off-by: Clerk <c@x>\n"
    assert parse_trailers(written) == (
        ("Change-note", "שעות חדשות"),
        ("Change-note-en", "Hours: 8:00–16:00"),  # the first colon ends the key, the others are the note's
        ("Signed-off-by", "Clerk <c@x>"),
    )
    assert parse_trailers("") == () and parse_trailers("\n") == ()


@pytest.mark.parametrize(
    ("trailers", "expected"),
    [
        ([("Change-note", "שעות חדשות"), ("Change-note-ar", "ساعات جديدة")], {"he": "שעות חדשות", "ar": "ساعات جديدة"}),
        ([("change-note-EN", "New hours"), ("Change-note-ru", "Новые часы")], {"en": "New hours", "ru": "Новые часы"}),
        ([("Change-note-en", "Open on"), ("Change-note-en", "Fridays")], {"en": "Open on Fridays"}),  # joined
        ([("Change-note-fr", "Nouveaux horaires"), ("Change-note-english", "x"), ("Change-notes", "x")], None),
        ([("Change-note-he", "שעות"), ("Change-note", "חדשות")], {"he": "שעות חדשות"}),  # both the default
        ([("Change-note", " \u202e\u2066 "), ("Signed-off-by", "Clerk")], None),  # nothing left to show
        ([], None),
    ],
)
def test_a_note_is_read_in_each_of_the_charter_s_languages(trailers, expected):
    note = change_note(trailers, LANGUAGES)
    assert (note.root if note else None) == expected


def test_a_plain_change_note_is_in_the_charter_s_default_language():
    note = change_note([("Change-note", "New hours"), ("Change-note-he", "שעות חדשות")], ("en", "he"))
    assert note is not None and note.root == {"en": "New hours", "he": "שעות חדשות"}
    assert change_note([("Change-note-ar", "ساعات")], ("en", "he")) is None  # not a language of this charter


MESSAGE = """\
Refactor pay-tax.yml: card fee (ticket #1234)

Developers' words: never shown.

Change-note: עמלת תשלום בכרטיס אשראי עולה ל-14 ש״ח, כי חברת
  הסליקה העלתה את מחיריה
Change-note-en: The card payment fee goes up to 14 shekels: the card
 company raised its prices
Change-note-ar : رسوم الدفع بالبطاقة ترتفع إلى 14 شيكلًا
Change-note-xx: ignored
Change-note-ru: <b>Комиссия</b> \u202eза оплату картой
Signed-off-by: Clerk <clerk@testville.example>
"""


@pytest.fixture(scope="module")
def noted_repo(tmp_path_factory):
    """The tiny charter with three commits: notes in four languages, no note, notes outside the trailers."""
    repo = copy_project(FIXTURES / "tiny", tmp_path_factory.mktemp("notes") / "project")
    git(repo, "init", "--quiet", "--initial-branch", "main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "Initial charter", when="2026-01-05T09:00:00+02:00")
    for day, message, (old, new) in [
        ("03-01", MESSAGE, ("amount: 12.5", "amount: 14")),
        ("03-02", "Fix typo\n\nNo note here.", ("at any hour.", "at any hour!")),
        ("03-03", "Change-note: the subject is not a trailer\n\nChange-note: nor is a body\nwith text", ("14", "15")),
    ]:
        path = repo / "charter" / "services" / "pay-tax.yml"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        git(repo, "commit", "--quiet", "--all", "--message", message, when=f"2026-{day}T10:00:00+02:00")
    return repo


def test_git_s_trailers_give_the_notes_folded_lines_joined(noted_repo):
    history = read_history(noted_repo / "charter", FOLLOWED, languages=LANGUAGES)
    last, silent, noted, initial = history.latest
    assert last.note is None and silent.note is None and initial.note is None
    assert noted.note is not None and noted.note.root == {
        "he": "עמלת תשלום בכרטיס אשראי עולה ל-14 ש״ח, כי חברת הסליקה העלתה את מחיריה",
        "en": "The card payment fee goes up to 14 shekels: the card company raised its prices",
        "ar": "رسوم الدفع بالبطاقة ترتفع إلى 14 شيكلًا",
        "ru": "<b>Комиссия</b> за оплату картой",  # the markup escaped where it is shown, the override gone
    }
    assert noted.sections_of("services/pay-tax") == ("fees",)
    # Git itself reads the same trailers from the message.
    command = ["git", "interpret-trailers", "--parse", "--unfold"]
    parsed = subprocess.run(command, input=MESSAGE, capture_output=True, text=True, check=True).stdout
    assert "Change-note-en: The card payment fee goes up to 14 shekels: the card company raised its prices" in parsed


def test_a_record_shows_its_last_change_and_its_changes_with_a_note(noted_repo):
    history = read_history(noted_repo / "charter", FOLLOWED, languages=LANGUAGES)
    assert history.last_changed("services/pay-tax") == datetime.fromisoformat("2026-03-03T10:00:00+02:00")
    [noted] = history.noted("services/pay-tax", ("ar", "he"))
    assert noted.when.date().isoformat() == "2026-03-01"
    assert history.noted("services/report-hazard", LANGUAGES) == [] and history.last_changed("services/report-hazard")


def test_a_record_keeps_its_newest_change_and_ten_with_a_note():
    def entry(day: int, note: bool) -> LogEntry:
        trailers = (("Change-note", f"day {day}"),) if note else ()
        return LogEntry(f"c{day}", f"2026-01-{day:02d}T12:00:00+00:00", trailers, (("M", "services/a.yml", None),))

    log = [entry(day, note=day % 2 == 1) for day in range(28, 0, -1)]  # newest first; odd days have a note
    history = build_history(log, FOLLOWED, ZoneInfo("Asia/Jerusalem"))
    kept = history.of("services/a")
    assert kept[0].commit == "c28" and kept[0].note is None
    assert [change.commit for change in history.noted("services/a", ["he"])] == [f"c{day}" for day in range(27, 8, -2)]
    assert len(kept) == 11 and len(history.latest) == 28


def test_a_note_in_neither_the_page_s_language_nor_the_default_is_not_listed():
    files = (("M", "services/a.yml", None),)
    log = [LogEntry("c2", "2026-01-02T12:00:00+00:00", (("Change-note-en", "Open on Fridays"),), files)]
    history = build_history(log, FOLLOWED, ZoneInfo("Asia/Jerusalem"), languages=LANGUAGES)
    assert [change.commit for change in history.noted("services/a", ("en", "he"))] == ["c2"]
    assert history.noted("services/a", ("ar", "he")) == []  # no Arabic note, and none in Hebrew to fall back to
    assert history.last_changed("services/a") is not None


def test_a_change_s_feed_id_is_stable_and_does_not_give_the_commit_away(git_history):
    history = read_history(git_history / "charter", FOLLOWED)
    ids = [change.id for change in history.latest]
    assert len(set(ids)) == len(ids)
    assert ids == [change.id for change in read_history(git_history / "charter", FOLLOWED).latest]
    assert not any(change.commit[:7] in change.id for change in history.latest)


def test_links_to_the_feed_work_with_directory_urls_too():
    assert Links("service-pay-tax", directory_urls=False).file("changes.xml") == "changes.xml"
    assert Links("service-pay-tax", directory_urls=True).file("changes.xml") == "../changes.xml"
    assert Links("index", directory_urls=True).file("changes.xml") == "changes.xml"
