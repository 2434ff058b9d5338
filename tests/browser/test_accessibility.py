"""WCAG 2.2 AA in a real browser: axe-core on every page of every language, light and dark.

Every rule runs in the light scheme. The dark scheme changes colours only, so there it runs the rules that
depend on colour: contrast, and links told apart from text by colour alone.
"""

from __future__ import annotations

import pytest

from conftest import AXE, FIXTURES, LANGUAGES, build_site, serve_folder

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# No rule is disabled. Each exception would be listed here with the reason next to it.
DISABLED_RULES: dict[str, str] = {}
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
"""The rules whose result can differ between the light and dark schemes."""


def pages(site, lang: str) -> list[str]:
    return sorted(path.name for path in (site / lang).glob("*.html"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_no_violation_on_any_page(example_site, site_url, browser, lang, scheme):
    checked = pages(example_site, lang)
    assert len(checked) >= 80
    found = violations(browser, site_url, [f"{lang}/{name}" for name in checked], scheme)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_where_texts_are_shown_in_another_language(browser, tmp_path, scheme):
    """The council's Hebrew and English pages show some texts in Arabic, introduced in their own language."""
    site = build_site(FIXTURES / "council", tmp_path / "site")
    paths = ["he/service-d-schools.html", "en/service-d-schools.html", "he/about.html", "en/about.html"]
    with serve_folder(site) as url:
        found = violations(browser, url, paths, scheme)
    assert not found, "\n".join(found)


def violations(browser, base: str, paths: list[str], scheme: str) -> list[str]:
    """axe-core's WCAG 2.2 AA violations on each page, one line each."""
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    axe = AXE.read_text(encoding="utf-8")
    found = []
    for path in paths:
        page.goto(f"{base}/{path}")
        page.add_script_tag(content=axe)
        run_only = {"type": "tag", "values": WCAG_TAGS}
        if scheme == "dark":
            run_only = {"type": "rule", "values": [r for r in COLOUR_RULES if r not in DISABLED_RULES]}
        result = page.evaluate(
            "([runOnly, disabled]) => axe.run(document, {runOnly, rules: disabled})",
            [run_only, {rule: {"enabled": False} for rule in DISABLED_RULES}],
        )
        for violation in result["violations"]:
            node = violation["nodes"][0]
            where = f"{path} [{scheme}] {violation['id']} ×{len(violation['nodes'])}"
            found.append(f"{where}: {node['target']} {node['failureSummary']}")
    context.close()
    return found
