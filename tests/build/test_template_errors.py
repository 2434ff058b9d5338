"""A mistake in a template a site overrides is one clear line naming the template and its line; nothing is published."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, build_site, copy_project

TEMPLATES = [
    "charter/service.html",  # a page of every language
    "charter/root.html",  # the top of the site, written once every language is built
    "charter/change-entry.html",  # an entry of each language's changes feed
    "charter/not-found.html",  # the theme's 404 page
]
MISTAKES = {
    "syntax": ("<p>{{ L.ui('pages.home' }}</p>", "expected ')'"),
    "unknown name": ("<p>\n{{ nothing_by_this_name.value }}</p>", "nothing_by_this_name"),
}


def committed_project(tmp_path: Path) -> Path:
    """A copy of the tiny fixture in a git repository of its own, so that the changes feed has entries."""
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    git = ["git", "-c", "user.name=Staff", "-c", "user.email=staff@city.example", "-C", str(project)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Charter"], check=True)
    return project


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
@pytest.mark.parametrize("template", TEMPLATES)
def test_a_mistake_in_an_overridden_template_is_one_line_and_keeps_the_site(tmp_path, template, mistake):
    project = committed_project(tmp_path)
    site = build_site(project, tmp_path / "site")
    before = digest(site)
    override = project / "overrides" / template
    override.parent.mkdir(parents=True)
    text, says = MISTAKES[mistake]
    override.write_text(text, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("name: material", "name: material\n  custom_dir: overrides"))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR") and "template" in line]
    assert errors, result.stderr
    assert f"{override}:{text.count(chr(10)) + 1}" in errors[0] and says in errors[0], errors[0]
    assert digest(site) == before
