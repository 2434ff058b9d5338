"""A corpus of realistic mistakes and attacks, one small file each in tests/mistakes/, run through the whole pipeline.

Each case starts from a copy of the tiny fixture project (mkdocs.yml, charter/, docs/) and a copy of its site,
built once per session, as the site already published. The case is applied to the copy, checked by the real
`charter validate` (in-process, from the project folder, as staff run it) and built by the real, strict MkDocs
build into the folder that holds the published site.

A case file starts with a comment saying what it shows, then directives, comment lines `# <name>: <value>`
(anywhere in the file; any other `# word: ` line is refused, so that a misspelt directive never passes unnoticed):

- `# file: <path>`: the charter file (relative to charter/) that the case's own bytes become. Any later
  `# file: <path> <- <asset>` copies a supporting file from tests/mistakes/assets/ to charter/<path>. A case whose
  mistake is not a YAML file of its own (a link, a CSV file) is itself the fixture's faqs/track.yml, unchanged.
- `# link: <path> -> <target>`: a symbolic link at <path> (relative to the project root, e.g.
  `charter/assets/logo.svg`) to <target>, kept as written (`/etc/passwd` is absolute). `{repo}` in the target is the
  absolute path of a secret outside the project, made for each case: a fake `.git/config` holding
  `token = SECRET-TOKEN-42`.
- `# delete: <path>`: a file of the copied charter (relative to charter/) removed, e.g. a logo.
- `# expect: <file>:<line>:<column>: <severity>: <key>: <message>`: every problem `charter validate` prints, exactly
  and in order, the path relative to the charter folder (`<file>: <severity>: ...` for a problem with no line).
- `# expect-todo: <what the message should say>`: the exact problem is not settled yet; the case is skipped.
- `# build: fails` or `# build: passes`: whether the strict build must fail; by default it fails when an expected
  problem is an error or a warning.
- `# absent: <text>` and `# present: <text>`: for a build that passes, text that must not, or must, appear in a
  file of the built site: every page, feed, sitemap, open-data file, search index, script and host configuration
  (.html .xml .json .js .txt .conf, `_headers`, `_redirects`). The CSV files are left out: they are data for
  spreadsheets, served as text/csv, where markup is only text (formulas, which spreadsheets would run, are
  neutralised and have cases of their own).

Whatever the case: `charter validate` prints no traceback and exits with 1 exactly when an error is expected, and
every error but a YAML syntax error has a `hint:` line. A build that must fail raises MkDocs's `Abort` (anything
else would reach staff as a traceback) and leaves the published site byte for byte as it was, with no staging
folder beside it. The outside secret and /etc/passwd reach no file of the site (any file, gzip files opened), nor
what validate prints or the build logs. A case the product gets wrong today is a strict xfail, listed in KNOWN_GAPS.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import FIXTURES, build_site, copy_project
from service_charter.cli import main as charter

MISTAKES = Path(__file__).parents[1] / "mistakes"
STALE_AFTER_DAYS = 365 * 100
"""The fixture's pages are never reported as not reviewed, however many years from now the corpus runs."""
ASSETS = MISTAKES / "assets"
CASES = sorted(MISTAKES.glob("*.yml"))

KNOWN_GAPS: set[str] = set()
"""Cases the product gets wrong today, each a strict xfail: when a fix makes one pass, take it out of the set."""

SECRET = "SECRET-TOKEN-42"
PASSWD = "root:x:0:0:"
TEXT_SUFFIXES = {".html", ".xml", ".json", ".js", ".txt", ".conf"}
TEXT_NAMES = {"_headers", "_redirects"}
PROBLEM_LINE = re.compile(r"^\S+?(:\d+:\d+)?: (?P<severity>error|warning|notice): ")
DIRECTIVE = re.compile(r"^# ([a-z-]+): (.*)$")
DIRECTIVES = {"file", "link", "delete", "expect", "expect-todo", "build", "absent", "present"}


@dataclass
class Case:
    file: str
    assets: list[tuple[str, str]] = field(default_factory=list)
    """(path in the charter, file in tests/mistakes/assets/)"""
    links: list[tuple[str, str]] = field(default_factory=list)
    """(path in the project, target)"""
    deletes: list[str] = field(default_factory=list)
    expect: list[str] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)
    build: str = ""
    absent: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)

    @property
    def severities(self) -> list[str]:
        return [line.split(": ")[1] for line in self.expect]

    @property
    def build_fails(self) -> bool:
        if self.build:
            return self.build == "fails"
        return any(severity in ("error", "warning") for severity in self.severities)


def read_case(path: Path) -> Case:
    """The directives of a case file; a misspelt directive is an error, not a silently weaker case."""
    found: dict[str, list[str]] = {name: [] for name in DIRECTIVES}
    for line in path.read_bytes().decode("utf-8", "replace").split("\n"):
        match = DIRECTIVE.match(line)
        if match:
            assert match[1] in DIRECTIVES, f"{path.name}: unknown directive `# {match[1]}:`"
            found[match[1]].append(match[2])
    assert found["file"] and " <- " not in found["file"][0], f"{path.name}: the first `# file:` names the case"
    assert len(found["build"]) <= 1 and set(found["build"]) <= {"fails", "passes"}, f"{path.name}: # build:"
    case = Case(found["file"][0], deletes=found["delete"], expect=found["expect"], todo=found["expect-todo"])
    case.build = found["build"][0] if found["build"] else ""
    case.absent, case.present = found["absent"], found["present"]
    for value in found["file"][1:]:
        target, arrow, asset = value.partition(" <- ")
        assert arrow and (ASSETS / asset).is_file(), f"{path.name}: # file: {value}"
        case.assets.append((target, asset))
    for value in found["link"]:
        link, arrow, target = value.partition(" -> ")
        assert arrow, f"{path.name}: # link: {value}"
        case.links.append((link, target))
    return case


def params() -> list:
    """Every case by the stem of its file; a known gap as a strict xfail."""
    gap = pytest.mark.xfail(strict=True, reason="a known gap in the product (KNOWN_GAPS)")
    return [pytest.param(path, id=path.stem, marks=[gap] if path.stem in KNOWN_GAPS else []) for path in CASES]


def apply(case: Case, raw: bytes, project: Path, secret: Path) -> None:
    charter_dir = project / "charter"
    (charter_dir / case.file).parent.mkdir(parents=True, exist_ok=True)
    (charter_dir / case.file).write_bytes(raw)
    for target, asset in case.assets:
        (charter_dir / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ASSETS / asset, charter_dir / target)
    for link, target in case.links:
        path = project / link
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        path.symlink_to(target.replace("{repo}", str(secret)))
    for name in case.deletes:
        (charter_dir / name).unlink()


def outside_secret(folder: Path) -> Path:
    """A repository's configuration outside the project, with a token no site may ever show."""
    config = folder / ".git" / "config"
    config.parent.mkdir(parents=True)
    config.write_text(f'[remote "origin"]\n\turl = https://git.example/town.git\n\ttoken = {SECRET}\n', "utf-8")
    return config


def fingerprint(site: Path) -> dict[str, str]:
    """Every file of a site (and where each link points) by path: what a failed build must not change."""
    prints = {}
    for path in sorted(site.rglob("*")):
        name = str(path.relative_to(site))
        if path.is_symlink():
            prints[name] = "-> " + str(path.readlink())
        elif path.is_file():
            prints[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            prints[name] = "folder"
    return prints


def text_outputs(site: Path) -> dict[str, str]:
    """The site's files a browser, a feed reader or a host reads as text (pages, feeds, data, search, headers)."""
    return {
        str(path.relative_to(site)): path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(site.rglob("*"))
        if path.is_file() and (path.suffix in TEXT_SUFFIXES or path.name in TEXT_NAMES)
    }


def leaked(site: Path) -> list[str]:
    """The files of a site (any file, compressed ones opened) that hold a secret from outside the charter."""
    found = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data += gzip.decompress(data)
        found += [f"{path.relative_to(site)}: {secret}" for secret in (SECRET, PASSWD) if secret.encode() in data]
    return found


def test_the_corpus_is_large_enough():
    cases = [read_case(path) for path in CASES]
    assert len(cases) >= 90
    assert sum(1 for case in cases if case.absent) >= 2
    assert not KNOWN_GAPS - {path.stem for path in CASES}, "a known gap names no case"


def validate(charter_dir: Path, capsys) -> tuple[int, list[str]]:
    """`charter validate` as staff run it: its exit code and the lines it printed (stdout, then stderr)."""
    code = charter(["validate", "--stale-after", str(STALE_AFTER_DAYS), str(charter_dir)])
    out, err = capsys.readouterr()
    return code, (out + err).splitlines()


UNTRANSLATED = re.compile(r": warning: [^:]+: \d+ text\(s\) have no `[a-z]+` version yet: ")
"""The warning listing a file's texts not yet translated into a language the site need not complete: the tiny
charter has them on purpose (to show fallbacks), so the cases leave them out; texts a site requires are errors."""


def problem_lines(printed: list[str]) -> list[tuple[int, str, str]]:
    """(index in `printed`, problem as the cases write it, severity) of each problem line printed."""
    found = []
    for number, line in enumerate(printed):
        match = PROBLEM_LINE.match(line)
        if match and not UNTRANSLATED.search(line):
            found.append((number, line.removeprefix("charter/"), match["severity"]))
    return found


@pytest.mark.parametrize("path", params())
def test_mistake_is_reported_exactly_and_never_published(path, tmp_path, tiny_site, monkeypatch, capsys, caplog):
    case = read_case(path)
    if case.todo:
        pytest.skip("expectation to write: " + "; ".join(case.todo))
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    site = tmp_path / "site"
    shutil.copytree(tiny_site, site, symlinks=True)  # the previous, good site
    apply(case, path.read_bytes(), project, outside_secret(tmp_path / "outside"))

    monkeypatch.chdir(project)  # as staff run it, so that paths print as charter/...
    code, printed = validate(project / "charter", capsys)
    text = "\n".join(printed)
    assert "Traceback" not in text and SECRET not in text and PASSWD not in text, text
    problems = problem_lines(printed)
    assert [problem for _, problem, _ in problems] == case.expect, text
    assert code == (1 if "error" in case.severities else 0), text
    for number, problem, severity in problems:
        if severity == "error" and "YAML syntax" not in problem:
            assert printed[number + 1 : number + 2] and printed[number + 1].startswith("    hint: "), problem

    before = fingerprint(site)
    with caplog.at_level(logging.WARNING):
        if case.build_fails:
            with pytest.raises(Abort):  # any other exception would reach staff as a traceback
                build_site(project, site)
            assert fingerprint(site) == before, "a build that failed changed the published site"
        else:
            build_site(project, site)
    capsys.readouterr()
    assert "Traceback" not in caplog.text and SECRET not in caplog.text and PASSWD not in caplog.text, caplog.text
    assert sorted(p.name for p in site.parent.iterdir()) == sorted(["outside", "project", "site"])  # no staging left

    if not case.build_fails:
        outputs = text_outputs(site)
        for text in case.absent:
            assert [name for name, content in outputs.items() if text in content] == [], f"absent: {text}"
        for text in case.present:
            assert [name for name, content in outputs.items() if text in content], f"present: {text}"
    assert leaked(site) == []
