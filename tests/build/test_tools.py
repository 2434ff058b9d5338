"""Safe publishing: a build that fails leaves the previous site as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import FIXTURES, ROOT, build_site, copy_project


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_broken_charter_leaves_the_previous_site_byte_for_byte(tmp_path):
    project = copy_project(ROOT, tmp_path / "project")
    site = build_site(project, tmp_path / "site")
    before = tree_digest(site)
    service = project / "charter" / "services" / "arnona-payment.yml"
    service.write_text(service.read_text(encoding="utf-8").replace("department: revenue", "department: finance"))
    with pytest.raises(Abort):
        build_site(project, site)
    assert tree_digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]  # no staging folder left behind


def test_a_failure_after_some_languages_were_built_leaves_the_previous_site(tmp_path):
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    site = build_site(project, tmp_path / "site")
    before = tree_digest(site)
    # Russian pages fail to render once Hebrew, Arabic and English have been built.
    locale = project / "overrides" / "charter"
    locale.mkdir(parents=True)
    (locale / "home.html").write_text("{% if L.lang == 'ru' %}{{ missing.value }}{% endif %}<h1>x</h1>")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("name: material", "name: material\n  custom_dir: overrides"))
    with pytest.raises(Abort):
        build_site(project, site)
    assert tree_digest(site) == before
