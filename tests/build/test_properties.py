"""Property-based tests: generated valid charters build with MkDocs."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from conftest import build_site, generated_charters, tiny_copy, write_services


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated_charters(max_size=2))
def test_valid_charters_build_with_mkdocs(generated):
    with tiny_copy() as project:
        write_services(project / "charter", list(generated))
        site = build_site(project, project / "site")
        assert (site / "ru" / "service-0.html").is_file() or (site / "ru" / "service-service-0.html").is_file()
