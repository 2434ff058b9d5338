"""Security headers: the files written for static hosts, and Chromium loading the site under their policy.

The browser tests serve the built example with the headers of its own `_headers` file, parsed here
as Netlify or Cloudflare Pages would, so they prove the file itself: every kind of page loads, the
search finds services and the colour scheme switches, with no Content-Security-Policy violation.
"""

from __future__ import annotations

import functools
import re
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import pytest

from conftest import (
    LANGUAGES,
    ROOT,
    Rules,
    _QuietHandler,
    build_site,
    copy_project,
    directives,
    headers_for,
    listen_for_answers,
    parse,
    parse_headers_file,
    parse_html,
    wait_for_answer,
)
from service_charter.publish.security_headers import HEADERS

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
