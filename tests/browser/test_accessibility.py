"""WCAG 2.2 AA in a real browser: axe-core on every page of every language, light and dark."""

from __future__ import annotations

import pytest

from conftest import AXE, LANGUAGES

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# No rule is disabled. Each exception would be listed here with the reason next to it.
DISABLED_RULES: dict[str, str] = {}


def pages(site, lang: str) -> list[str]:
    return sorted(path.name for path in (site / lang).glob("*.html"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_no_violation_on_any_page(example_site, site_url, browser, lang, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    axe = AXE.read_text(encoding="utf-8")
    found = []
    checked = pages(example_site, lang)
    for name in checked:
        page.goto(f"{site_url}/{lang}/{name}")
        page.add_script_tag(content=axe)
        result = page.evaluate(
            "([tags, disabled]) => axe.run(document, {runOnly: {type: 'tag', values: tags}, rules: disabled})",
            [WCAG_TAGS, {rule: {"enabled": False} for rule in DISABLED_RULES}],
        )
        for violation in result["violations"]:
            node = violation["nodes"][0]
            where = f"{lang}/{name} [{scheme}] {violation['id']} ×{len(violation['nodes'])}"
            found.append(f"{where}: {node['target']} {node['failureSummary']}")
    context.close()
    assert len(checked) >= 80
    assert not found, "\n".join(found)
