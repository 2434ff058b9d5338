"""Change history from git: a real repository is made, committed to and read back."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from conftest import (
    CHARTER_COMMITS,
    CLOSED,
    FIXTURES,
    HAZARD_YAML,
    HOSTILE,
    INITIAL,
    MERGED_FEE,
    PAY_TAX,
    STREET,
    copy_project,
    git,
)
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


def test_links_to_the_feed_work_with_directory_urls_too():
    assert Links("service-pay-tax", directory_urls=False).file("changes.xml") == "changes.xml"
    assert Links("service-pay-tax", directory_urls=True).file("changes.xml") == "../changes.xml"
    assert Links("index", directory_urls=True).file("changes.xml") == "changes.xml"
