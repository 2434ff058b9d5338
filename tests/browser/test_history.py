"""Change history from git, in a browser: the open list of changes passes axe."""

from __future__ import annotations

import pytest

from conftest import AXE, LANGUAGES, serve_folder

from .test_accessibility import WCAG_TAGS


@pytest.fixture(scope="module")
def history_url(history_site):
    """The built site served over HTTP on the loopback interface."""
    with serve_folder(history_site) as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_open_list_of_changes_passes_axe(history_url, browser, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    found = []
    for lang in LANGUAGES:
        page.goto(f"{history_url}/{lang}/service-report-hazard.html")
        page.click(".charter-changes summary")
        assert page.is_visible(".charter-changes details li span")
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
        found += [f"{lang} [{scheme}] {v['id']}: {v['nodes'][0]['target']}" for v in result["violations"]]
    context.close()
    assert not found, "\n".join(found)
