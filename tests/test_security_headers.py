"""Security headers: the files written for static hosts, and Chromium loading the site under their policy.

The browser tests serve the built example with the headers of its own `_headers` file, parsed here
as Netlify or Cloudflare Pages would, so they prove the file itself: every kind of page loads, the
search finds services and the colour scheme switches, with no Content-Security-Policy violation.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import (
    LANGUAGES,
    ROOT,
    _QuietHandler,
    build_site,
    copy_project,
    listen_for_answers,
    parse,
    wait_for_answer,
)
from service_charter.publish.security_headers import (
    CLOUDFRONT_HEADERS,
    HEADERS,
    INLINE_HASHES,
    NGINX_HEADERS,
    InlineHashes,
    content_security_policy,
    source_hash,
    with_policy_meta,
)

Rules = list[tuple[str, dict[str, str]]]

PAGES = [
    "index.html",  # the top of the site
    "he/index.html",
    "he/services.html",
    "he/service-arnona-payment.html",
    "he/data-id-number.html",
    "he/faq.html",
    "he/contact.html",
    "he/commitments.html",
    "he/your-data.html",
    "he/topics.html",
    "he/category-property-tax.html",
    "he/life-event-moving-here.html",
    "he/departments.html",
    "he/department-revenue.html",
    "he/accessibility.html",
    "he/printable-charter.html",
    "he/about.html",  # hand-written
    "ar/index.html",
    "en/index.html",
    "en/service-dog-license.html",
    "ru/index.html",
    "ru/about.html",
    "no-such-page.html",  # the top 404 page
    "en/no-such-page.html",  # a language's 404 page
]
LATER_PAGES = ["notices.html", "performance.html", "open-data.html"]
"""Pages that other parts of the charter add: tested in every language where they are built."""

VIOLATIONS = """
document.addEventListener("securitypolicyviolation", event => {
  const seen = JSON.parse(sessionStorage.getItem("cspViolations") || "[]");
  seen.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} in ${event.sourceFile}`);
  sessionStorage.setItem("cspViolations", JSON.stringify(seen));
});
"""
"""Remembers every violation of the tab, through the navigations (the top page leads to the default language)."""


# --- The files ---


def parse_headers_file(text: str) -> Rules:
    """`_headers` as Netlify reads it: a path pattern at the start of a line, its `Name: value` headers indented."""
    rules: Rules = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            assert line.startswith("/"), f"line {number}: a path must start with /: {line!r}"
            rules.append((line.strip(), {}))
            continue
        name, colon, value = line.strip().partition(":")
        assert rules and colon and re.fullmatch(r"[A-Za-z-]+", name) and value.strip(), f"line {number}: {line!r}"
        rules[-1][1][name] = value.strip()
    return rules


def headers_for(rules: Rules, path: str) -> dict[str, str]:
    headers: dict[str, str] = {}
    for pattern, values in rules:
        if re.fullmatch(".*".join(map(re.escape, pattern.split("*"))), path):
            headers.update(values)
    return headers


def parse_html(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.fixture(scope="module")
def rules(example_site) -> Rules:
    return parse_headers_file((example_site / HEADERS).read_text(encoding="utf-8"))


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
    bundle = headers_for(rules, "/ru/assets/javascripts/bundle.0123abcd.min.js")
    assert bundle["Cache-Control"] == "public, max-age=31536000, immutable"
    assert bundle["Content-Security-Policy"] == page["Content-Security-Policy"]
    assert "Cache-Control" not in headers_for(rules, "/en/assets/charter.css")  # no hash in its name


def test_policy_allows_the_site_alone(rules):
    policy = directives(headers_for(rules, "/index.html")["Content-Security-Policy"])
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"][0] == "'self'"
    assert all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", source) for source in policy["script-src"][1:])
    for directive in ("script-src", "style-src", "img-src", "connect-src", "worker-src", "form-action"):
        assert not [s for s in policy[directive] if s.startswith(("'unsafe", "http", "*"))], directive
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


def test_inline_hashes_skip_data_blocks_and_scripts_with_a_source():
    hashes = InlineHashes()
    hashes.collect(
        '<script>run()</script><script type="application/ld+json">{"a": 1}</script>'
        '<script id="__config" type="application/json">{}</script><script src="a.js"></script>'
        "<SCRIPT type='module'>go()</SCRIPT><style>p{}</style><script\ttype=text/javascript>x\r\ny</script>"
    )
    assert hashes.scripts == {source_hash("run()"), source_hash("go()"), source_hash("x\ny")}
    assert hashes.styles == {source_hash("p{}")}
    # The browser hashes the text as UTF-8 after turning CR LF into LF: the reference value of the CSP spec.
    assert source_hash("alert('Hello, world.');") == "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"


def test_feedback_endpoint_is_allowed_for_forms_and_scripts_only():
    policy = directives(content_security_policy(InlineHashes(), form_targets=["https://forms.example.org/send?x=1"]))
    assert policy["form-action"] == ["'self'", "https://forms.example.org"]
    assert policy["connect-src"] == ["'self'", "https://forms.example.org"]
    assert "https://forms.example.org" not in policy["script-src"] + policy["img-src"]


def test_policy_meta_comes_first_in_the_head_without_frame_ancestors():
    policy = content_security_policy(InlineHashes())
    page = with_policy_meta('<html><head><meta charset="utf-8"><script>x()</script></head></html>', policy)
    meta = parse_html(page).head.contents[1]
    assert meta.name == "meta" and meta["http-equiv"] == "Content-Security-Policy"
    assert meta["content"] == policy.replace("; frame-ancestors 'none'", "")
    assert with_policy_meta("<p>no head</p>", policy) == "<p>no head</p>"


# --- In the browser ---


class _HostHandler(_QuietHandler):
    """A static host: the headers of `rules` on every answer, a language's 404 page (or the top one) for a miss."""

    rules: ClassVar[Rules] = []

    def end_headers(self) -> None:
        for name, value in headers_for(self.rules, urlsplit(self.path).path).items():
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        root = Path(self.directory)
        lang = urlsplit(self.path).path.strip("/").split("/")[0]
        page = root / lang / "404.html" if (root / lang / "404.html").is_file() else root / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(site: Path, rules: Rules):
    handler = type("Host", (_HostHandler,), {"rules": rules})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def host(example_site, rules):
    server = serve(example_site, rules)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    page.console_violations = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and page.console_violations.append(message.text),
    )
    yield page
    context.close()


def violations(page) -> list[str]:
    return page.evaluate("JSON.parse(sessionStorage.getItem('cspViolations') || '[]')") + page.console_violations


def search(page, query: str) -> int:
    """Type a query into the search box; how many results are shown."""
    box = page.locator(".md-search__input")
    box.click()
    worker = listen_for_answers(page)
    box.press_sequentially(query, delay=20)
    wait_for_answer(page, worker, query)
    return page.locator(".md-search-result__item").count()


def test_every_kind_of_page_loads_under_the_policy_without_a_violation(host, example_site, page):
    later = [f"{lang}/{name}" for lang in LANGUAGES for name in LATER_PAGES if (example_site / lang / name).is_file()]
    for path in PAGES + later:
        response = page.goto(f"{host}/{path}")
        assert response.headers["content-security-policy"].startswith("default-src 'none'")
        assert response.status == (404 if "no-such-page" in path else 200), path
        if path == "index.html":
            page.wait_for_url("**/he/index.html")  # its refresh leads to the default language
        page.wait_for_load_state("load")
        assert page.locator(".md-header").is_visible(), path  # the theme's styles applied
        assert violations(page) == [], path


def test_search_and_colour_scheme_work_under_the_policy(host, page):
    page.goto(f"{host}/he/service-arnona-payment.html")
    scheme = page.get_attribute("body", "data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert page.get_attribute("body", "data-md-color-scheme") != scheme
    assert search(page, "ארנונה") >= 1  # the worker started and fetched the index
    page.goto(f"{host}/he/index.html")  # the theme's inline script applies the chosen scheme on the next page
    assert page.get_attribute("body", "data-md-color-scheme") != scheme
    page.goto(f"{host}/en/index.html")
    assert search(page, "dog licence") >= 1
    assert violations(page) == []


def test_the_policy_without_the_hashes_is_violated(example_site, rules, browser):
    """The control: the theme's inline scripts are blocked, so the tests above could fail."""
    stripped = [
        (pattern, {k: re.sub(r" 'sha256-[^']*'", "", v) for k, v in headers.items()}) for pattern, headers in rules
    ]
    server = serve(example_site, stripped)
    try:
        context = browser.new_context()
        context.add_init_script(VIOLATIONS)
        page = context.new_page()
        page.console_violations = []
        page.goto(f"http://127.0.0.1:{server.server_port}/en/index.html")
        page.wait_for_load_state("load")
        blocked = violations(page)
        context.close()
    finally:
        server.shutdown()
        server.server_close()
    assert any(v.startswith("script-src-elem blocked inline") for v in blocked), blocked


FEEDBACK = "https://forms.example.org/page-feedback"


@pytest.fixture(scope="module")
def strict_site(tmp_path_factory) -> Path:
    """The example with the feedback form on, and the policy in every page (`csp_meta`)."""
    project = copy_project(ROOT, tmp_path_factory.mktemp("strict") / "project")
    site_yml = project / "charter" / "site.yml"
    text = re.sub(r"^feedback:.*\n(?:[ \t]+.*\n)*", "", site_yml.read_text(encoding="utf-8"), flags=re.MULTILINE)
    site_yml.write_text(f"{text}feedback:\n  url: {FEEDBACK}\n", encoding="utf-8")
    mkdocs_yml = project / "mkdocs.yml"
    config = mkdocs_yml.read_text(encoding="utf-8")
    config = config.replace("charter_dir: charter\n", "charter_dir: charter\n      csp_meta: true\n")
    assert "csp_meta" in config
    mkdocs_yml.write_text(config, encoding="utf-8")
    return build_site(project, project / "site")


def test_feedback_is_sent_under_the_policy(strict_site, browser):
    rules = parse_headers_file((strict_site / HEADERS).read_text(encoding="utf-8"))
    policy = directives(headers_for(rules, "/")["Content-Security-Policy"])
    assert "https://forms.example.org" in policy["connect-src"] and "https://forms.example.org" in policy["form-action"]
    server = serve(strict_site, rules)
    context = browser.new_context()
    try:
        context.add_init_script(VIOLATIONS)
        sent = []
        context.route(f"{FEEDBACK}**", lambda route: (sent.append(route.request.method), route.fulfill(body="ok")))
        page = context.new_page()
        page.console_violations = []
        page.goto(f"http://127.0.0.1:{server.server_port}/en/service-dog-license.html")
        page.locator("form[data-charter-feedback] button[value=yes]").click()
        page.wait_for_selector(".charter-feedback__thanks:not(:empty)")
        assert sent == ["POST"]
        assert violations(page) == []
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_pages_carry_their_policy_for_hosts_without_headers(strict_site, page):
    """GitHub and GitLab Pages send no headers of their own: the policy in each page is obeyed, and satisfied."""
    assert parse(strict_site / "index.html").find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    server = serve(strict_site, [])
    host = f"http://127.0.0.1:{server.server_port}"
    try:
        for path in ["index.html", "he/service-arnona-payment.html", "en/about.html", "ru/no-such-page.html"]:
            response = page.goto(f"{host}/{path}")
            assert "content-security-policy" not in response.headers
            if path == "index.html":
                page.wait_for_url("**/he/index.html")  # its refresh leads to the default language
            meta = parse_html(page.content()).find("meta", attrs={"http-equiv": "Content-Security-Policy"})
            assert meta is not None and meta["content"].startswith("default-src 'none'"), path
            assert page.locator(".md-header").is_visible(), path
        page.goto(f"{host}/en/index.html")
        assert search(page, "dog licence") >= 1
        assert violations(page) == []
    finally:
        server.shutdown()
        server.server_close()


def test_search_works_from_a_folder_on_disk_under_the_policy_in_pages(strict_site, page):
    page.goto((strict_site / "en" / "index.html").as_uri())
    assert search(page, "dog licence") >= 1
    assert violations(page) == []


def test_the_policy_in_a_page_is_enforced(strict_site, page):
    """The control for the policy in pages: a script added to a page after the build does not run."""
    path = strict_site / "en" / "contact.html"
    html = path.read_text(encoding="utf-8")
    path.write_text(html.replace("</body>", "<script>document.title = 'injected'</script></body>"), encoding="utf-8")
    try:
        page.goto(path.as_uri())
        assert page.title() != "injected"
        assert any("script-src" in violation for violation in violations(page))
    finally:
        path.write_text(html, encoding="utf-8")
