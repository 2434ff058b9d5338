"""Security headers: the files written for static hosts (`_headers`, nginx, CloudFront) in the built example."""

from __future__ import annotations

import json
import re

from conftest import LANGUAGES, directives, headers_for, parse
from service_charter.publish.security_headers import (
    CLOUDFRONT_HEADERS,
    INLINE_HASHES,
    NGINX_HEADERS,
    source_hash,
)


def test_headers_file_applies_every_header_to_every_page(rules):
    page = headers_for(rules, "/en/service-dog-license.html")
    assert set(page) == {
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
        "Strict-Transport-Security",
    }
    assert page["X-Content-Type-Options"] == "nosniff"
    assert "Cache-Control" not in page  # pages change from one build to the next
    bundle = headers_for(rules, "/assets/javascripts/bundle.0123abcd.min.js")
    assert bundle["Cache-Control"] == "public, max-age=31536000, immutable"
    assert bundle["Content-Security-Policy"] == page["Content-Security-Policy"]
    assert "Cache-Control" not in headers_for(rules, "/assets/charter.css")  # no hash in its name


FEEDBACK_ORIGIN = "https://forms.ramat-hadekalim.example"
"""Where the example's "Was this page helpful?" form sends its answers (site.yml `feedback`)."""


def test_policy_allows_the_site_alone(rules):
    """Only the site's own files, and the feedback form's address for the form and its background sending."""
    policy = directives(headers_for(rules, "/index.html")["Content-Security-Policy"])
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"][0] == "'self'"
    assert all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", source) for source in policy["script-src"][1:])
    for directive in ("script-src", "style-src", "img-src", "worker-src"):
        assert not [s for s in policy[directive] if s.startswith(("'unsafe", "http", "*"))], directive
    for directive in ("connect-src", "form-action"):
        assert [s for s in policy[directive] if s.startswith(("'unsafe", "http", "*"))] == [FEEDBACK_ORIGIN], directive
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]


def test_policy_hashes_each_inline_script_of_the_built_pages(example_site, rules):
    """Every script the theme writes inline, in every language and in its 404 pages, has its hash; data blocks not."""
    allowed = set(directives(headers_for(rules, "/")["Content-Security-Policy"])["script-src"])
    pages = [example_site / lang / name for lang in LANGUAGES for name in ("index.html", "about.html", "404.html")]
    pages.append(example_site / "404.html")
    inline = set()
    for path in pages:
        for script in parse(path).find_all("script", src=False):
            if script.get("type") in (None, "", "module", "text/javascript"):
                inline.add(source_hash(script.string or ""))
            else:
                assert source_hash(script.string or "") not in allowed  # a data block is never run
    assert inline and inline <= allowed


def test_language_builds_hand_their_hashes_over_and_leave_nothing_behind(example_site):
    assert not list(example_site.rglob(INLINE_HASHES))


def test_nginx_snippet_sets_the_same_headers(example_site, rules):
    lines = [
        line.strip()
        for line in (example_site / NGINX_HEADERS).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    calendars = lines.index("location ~ \\.ics$ {")
    assert lines[calendars + 1 : calendars + 4] == ["types { }", 'default_type "text/calendar; charset=utf-8";', "}"]
    del lines[calendars : calendars + 4]  # the calendars' block sets their type and keeps the headers above
    statements = [line for line in lines if line not in ("}",) and not line.startswith("location ")]
    assert statements and all(line.startswith("add_header ") and line.endswith(" always;") for line in statements)
    sent = dict(re.fullmatch(r'add_header (\S+) "([^"]*)" always;', line).groups() for line in statements)
    assert {name: value for name, value in sent.items() if name != "Cache-Control"} == headers_for(rules, "/")
    assert lines.count("}") == sum(line.startswith("location ") for line in lines) == 1


def test_cloudfront_policy_carries_the_same_headers(example_site, rules):
    config = json.loads((example_site / CLOUDFRONT_HEADERS).read_text(encoding="utf-8"))
    expected = headers_for(rules, "/")
    security = config["SecurityHeadersConfig"]
    assert security["ContentSecurityPolicy"]["ContentSecurityPolicy"] == expected["Content-Security-Policy"]
    assert security["FrameOptions"]["FrameOption"] == expected["X-Frame-Options"]
    assert security["ReferrerPolicy"]["ReferrerPolicy"] == expected["Referrer-Policy"]
    custom = {item["Header"]: item["Value"] for item in config["CustomHeadersConfig"]["Items"]}
    assert config["CustomHeadersConfig"]["Quantity"] == len(custom)
    assert custom == {k: expected[k] for k in ("Permissions-Policy", "Cross-Origin-Opener-Policy")}
