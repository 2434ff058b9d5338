"""WCAG 2.2 AA in a real browser: axe-core on every page of every language, light and dark.

Every rule runs in the light scheme. The dark scheme changes colours only, so there it runs the rules that
depend on colour (contrast, and links told apart from text by colour alone), on the same page turned dark with the
theme's own switch, as a reader would: one load of each page serves both schemes.
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


@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_no_violation_on_any_page(example_site, site_url, browser, lang):
    checked = pages(example_site, lang)
    assert len(checked) >= 80
    found = violations_light_and_dark(browser, site_url, [f"{lang}/{name}" for name in checked])
    assert not found, "\n".join(found)


def test_axe_finds_no_violation_where_texts_are_shown_in_another_language(browser, tmp_path):
    """The council's Hebrew and English pages show some texts in Arabic, introduced in their own language."""
    site = build_site(FIXTURES / "council", tmp_path / "site")
    paths = ["he/service-d-schools.html", "en/service-d-schools.html", "he/about.html", "en/about.html"]
    with serve_folder(site) as url:
        found = violations_light_and_dark(browser, url, paths)
    assert not found, "\n".join(found)


def violations_light_and_dark(browser, base: str, paths: list[str]) -> list[str]:
    """Every rule on each page in the light scheme, then the colour rules once the theme's switch turned it dark."""
    context = browser.new_context(color_scheme="light")
    context.add_init_script(AXE.read_text(encoding="utf-8"))  # in every page, before its own scripts
    page = context.new_page()
    colour = {"type": "rule", "values": [rule for rule in COLOUR_RULES if rule not in DISABLED_RULES]}
    found = []
    for path in paths:
        page.goto(f"{base}/{path}")
        found += _run(page, path, "light", {"type": "tag", "values": WCAG_TAGS})
        switch = page.locator('form[data-md-component="palette"] label[for="__palette_1"]')
        if not switch.count():
            continue  # a site with one scheme only (`theme.palette` not set): light is all there is
        switch.click()
        page.wait_for_selector('body[data-md-color-scheme="slate"]')
        found += _run(page, path, "dark", colour)
        # The switch is remembered for the next page: forget it, so that each page first loads light.
        page.evaluate(
            "Object.keys(localStorage).filter(k => k.endsWith('__palette')).forEach(k => localStorage.removeItem(k))"
        )
    context.close()
    return found


def _run(page, path: str, scheme: str, run_only: dict) -> list[str]:
    # Violations come with every node; passes and the rest with one each, which halves the time of a run.
    result = page.evaluate(
        "([runOnly, disabled]) => axe.run(document, {runOnly, rules: disabled, resultTypes: ['violations']})",
        [run_only, {rule: {"enabled": False} for rule in DISABLED_RULES}],
    )
    found = []
    for violation in result["violations"]:
        node = violation["nodes"][0]
        where = f"{path} [{scheme}] {violation['id']} ×{len(violation['nodes'])}"
        found.append(f"{where}: {node['target']} {node['failureSummary']}")
    return found
