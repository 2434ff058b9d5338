"""The benchmark's synthetic charter (bench/synth.py): valid, complete in every language, deterministic."""

from __future__ import annotations

from pathlib import Path

from conftest import synth
from service_charter.i18n import find_fallbacks
from service_charter.load.loader import load_charter
from service_charter.problems import Severity


def _files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_synthetic_charter_loads_without_problems_in_every_language(tmp_path):
    assert synth.main([str(tmp_path / "charter"), "--services", "30"]) == 0
    charter = load_charter(tmp_path / "charter", today=synth.TODAY)
    assert [p.format() for p in charter.problems if p.severity is not Severity.notice] == []
    assert len(charter.services) == 30
    for lang in charter.site.languages:
        assert list(find_fallbacks(charter.records(), lang)) == []
        titles = {service.title.get(lang) for service in charter.services.values()}
        assert len(titles) == 30, f"titles repeat in {lang}"
        assert all(service.keywords.get(lang) for service in charter.services.values())
    for service in charter.services.values():
        assert 3 <= len(service.steps) <= 5
        assert 2 <= len(service.documents) <= 5
        assert 1 <= len(service.commitments) <= 3
        assert 2 <= len(service.data) <= 5
        assert 2 <= len(service.faqs) <= 4
        assert service.description and service.description.get("en").count("\n\n") >= 1
        assert service.last_reviewed <= synth.TODAY
    assert len(charter.site.most_used) == 10
    assert all(charter.services_using(item) for item in charter.data_items)


def test_same_seed_gives_the_same_files(tmp_path):
    synth.generate(tmp_path / "a", 30, seed=7)
    synth.generate(tmp_path / "b", 30, seed=7)
    synth.generate(tmp_path / "c", 30, seed=8)
    first = _files(tmp_path / "a")
    assert first == _files(tmp_path / "b")
    assert first != _files(tmp_path / "c")
    assert "site.yml" in first and any(name.startswith("services/") for name in first)


def test_a_service_does_not_grow_with_the_charter(tmp_path):
    """A service's online form ends in its own place alone: services are as long in a large charter as in a small."""
    example = load_charter(synth.EXAMPLE)
    longest = max(use.url.count("/") for s in example.services.values() for use in s.channels if use.url)
    assert synth.main([str(tmp_path / "charter"), "--services", "120"]) == 0
    charter = load_charter(tmp_path / "charter", today=synth.TODAY)
    urls = [use.url for s in charter.services.values() for use in s.channels if use.url]
    assert urls and max(url.count("/") for url in urls) == longest + 1
