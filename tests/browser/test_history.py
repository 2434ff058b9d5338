"""Change history from git, in a browser: the open list of changes, notes in another language among them, passes axe."""

from __future__ import annotations

import pytest

from conftest import AXE, LANGUAGES, build_site, edit, git, serve_folder

from .test_accessibility import WCAG_TAGS

NOTES = [  # (file, old, new, message): a note in two languages, then one in the default language only
    (
        "pay-tax.yml",
        "amount: 14",
        "amount: 16",
        "Fee bump\n\nChange-note: העמלה עולה ל-16 ש״ח\nChange-note-ar: ترتفع العمولة إلى 16 شيكلًا\n",
    ),
    ("report-hazard.yaml", "in the street.", "in the street or a park.", "Wording\n\nChange-note: גם בגנים\n"),
]


@pytest.fixture(scope="module")
def history_url(git_history, tmp_path_factory):
    """A site whose service pages list changes with notes, served over HTTP on the loopback interface."""
    folder = tmp_path_factory.mktemp("noted-history-browser")
    project = folder / "project"
    git(folder, "clone", "--quiet", git_history.as_uri(), str(project))
    for name, old, new, message in NOTES:
        edit(project / "charter" / "services" / name, old, new)
        git(project, "commit", "--quiet", "--all", "--message", message, when="2026-07-01T10:00:00+03:00")
    with serve_folder(build_site(project, folder / "site")) as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_open_list_of_changes_passes_axe(history_url, browser, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    found = []
    for lang in LANGUAGES:
        for service in ("pay-tax", "report-hazard"):
            page.goto(f"{history_url}/{lang}/service-{service}.html")
            page.click(".charter-changes summary")
            assert page.is_visible(".charter-changes details li .charter-changes__note")
            page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
            result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
            found += [f"{lang} {service} [{scheme}] {v['id']}: {v['nodes'][0]['target']}" for v in result["violations"]]
    context.close()
    assert not found, "\n".join(found)
