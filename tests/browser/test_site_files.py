"""A missing address on a static host, in a real browser: a working 404 page in the right language."""

from __future__ import annotations

from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import ClassVar

import pytest

from conftest import AXE, serve_folder
from service_charter.i18n import ui_strings

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _netlify_rules(site: Path) -> list[tuple[str, str]]:
    """The `_redirects` rules of the site, as (folder, 404 page)."""
    rules = []
    for line in (site / "_redirects").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            pattern, target, status = line.split()
            assert pattern.endswith("*") and status == "404"
            rules.append((pattern.removesuffix("*"), target))
    return rules


class _StaticHost(SimpleHTTPRequestHandler):
    """A static host: a missing address gets the 404 page that `_redirects` names, else the top `404.html`."""

    rules: ClassVar[list[tuple[str, str]]] = []

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        page = next((target for folder, target in self.rules if self.path.startswith(folder)), "/404.html")
        body = (Path(self.directory) / page.lstrip("/")).read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


@contextmanager
def static_host(site: Path, rules: list[tuple[str, str]]):
    with serve_folder(site, type("Host", (_StaticHost,), {"rules": rules})) as url:
        yield url


@pytest.mark.parametrize("per_folder", [True, False], ids=["netlify", "top-404-only"])
def test_a_missing_deep_address_shows_a_working_404_page(example_site, browser, per_folder):
    rules = _netlify_rules(example_site) if per_folder else []
    with static_host(example_site, rules) as url:
        page = browser.new_page()
        response = page.goto(f"{url}/en/no/such/service/here.html")
        assert response.status == 404
        expected = "en" if per_folder else "he"
        assert page.locator("html").get_attribute("lang") == expected
        assert page.locator("h1").inner_text() == ui_strings(expected)["not_found"]["title"]
        # The theme's and the charter's stylesheets load from this depth too.
        sheets = page.evaluate("() => [...document.styleSheets].map(sheet => sheet.href || '')")
        assert any(href.endswith("/assets/charter.css") and f"/{expected}/" not in href for href in sheets), sheets
        assert page.evaluate("() => [...document.styleSheets].every(sheet => sheet.cssRules.length > 0)")
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
        assert not [(v["id"], v["nodes"][0]["target"]) for v in result["violations"]]
        english = ui_strings("en")["pages"]["home"] if per_folder else ui_strings("en")["not_found"]["go_home"]
        page.locator(".charter-not-found").get_by_role("link", name=english, exact=True).click()
        page.wait_for_url(f"{url}/en/index.html")
        assert page.locator("html").get_attribute("lang") == "en"
        page.close()
