"""Hostile values in every setting that reaches a host's rules (the feedback address, the site's address) are refused
before the build; tricky but valid ones come out escaped in `_headers`, the nginx snippet and the CloudFront policy."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import FIXTURES, build_site, copy_project, directives, parse, parse_headers_file
from service_charter.cli import main

HOSTILE_FEEDBACK = [
    "https://forms.example;sandbox/x",  # a `;` in the host would add a directive to the policy
    'https://forms.example/a"b',  # a quote would end the nginx string
    "https://forms.example/a b",
    "https://user@forms.example/send",
    "https://forms.example:99999/send",
    "https://forms..example/send",
    "https://forms.example/<script>",
]
HOSTILE_SITE_URL = [
    'https://city.example/a"b/',
    "https://city.example/a b/",
    "https://city.example/a;b/",
    "https://city.example/?q=1",
    "javascript:alert(1)//",
]
NGINX_LINE = re.compile(r'^\s*add_header [A-Za-z-]+ "(?:[^"\\\n]|\\.)*" always;$')


def with_feedback(project: Path, url: str) -> Path:
    site_yml = project / "charter" / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8") + f"feedback:\n  url: {json.dumps(url)}\n", "utf-8")
    return project


@pytest.mark.parametrize("url", HOSTILE_FEEDBACK)
def test_a_hostile_feedback_address_is_refused_where_it_is_written(tmp_path, url, capsys, monkeypatch):
    project = with_feedback(copy_project(FIXTURES / "tiny", tmp_path / "project"), url)
    monkeypatch.chdir(project)
    assert main(["validate", "charter"]) == 1
    lines = capsys.readouterr().err.splitlines()
    last = len((project / "charter" / "site.yml").read_text(encoding="utf-8").splitlines())
    assert any(line.startswith(f"charter/site.yml:{last}:8: error: feedback.url: ") for line in lines), lines
    with pytest.raises(Abort):
        build_site(project, tmp_path / "site")
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("site_url", HOSTILE_SITE_URL)
def test_a_hostile_site_address_stops_the_build_with_one_line(tmp_path, site_url, caplog):
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    with pytest.raises(Abort):
        build_site(project, tmp_path / "site", site_url=site_url)
    said = "mkdocs.yml: site_url: " if site_url.startswith("https://") else "Config value 'site_url'"  # MkDocs' own
    assert said in caplog.text and "Traceback" not in caplog.text
    assert not (tmp_path / "site").exists()


def test_a_tricky_but_valid_address_comes_out_escaped_in_every_host_file(tmp_path):
    url = "https://forms.city.example:8443/send?form=charter;v=2&x=%22#top"
    project = with_feedback(copy_project(FIXTURES / "tiny", tmp_path / "project"), url)
    site = build_site(project, tmp_path / "site", site_url="https://city.example/charter_2026/")
    rules = parse_headers_file((site / "_headers").read_text(encoding="utf-8"))
    assert rules and all(path.startswith("/charter_2026/") for path, _ in rules)
    policies = {headers["Content-Security-Policy"] for _, headers in rules if "Content-Security-Policy" in headers}
    [policy] = policies
    found = directives(policy)
    assert set(found) == {
        "default-src", "script-src", "style-src", "img-src", "font-src", "connect-src", "worker-src",
        "manifest-src", "form-action", "base-uri", "object-src", "frame-ancestors",
    }  # fmt: skip
    assert found["form-action"] == ["'self'", "https://forms.city.example:8443"]
    assert found["connect-src"] == ["'self'", "https://forms.city.example:8443"]
    nginx = (site / "nginx-security-headers.conf").read_text(encoding="utf-8")
    for line in nginx.splitlines():
        if line.lstrip().startswith("add_header"):
            assert NGINX_LINE.match(line), line
    assert nginx.count("{") == nginx.count("}")
    cloudfront = json.loads((site / "cloudfront-headers-policy.json").read_text(encoding="utf-8"))
    assert cloudfront["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"] == policy
    form = parse(site / "he" / "faq.html").select_one("form.charter-feedback, form[action]")
    assert form is not None and form["action"] == url  # escaped in the page, the same address once parsed
