"""Phones, in real Chromium: every type of page at 375 × 800 in all four languages, the pages with tables at 320 too.

WCAG 1.4.10 Reflow: nothing scrolls sideways, and every number is in sight: no text with a digit lies outside the
window or inside a box that scrolls sideways. The charter's tables (`charter-table`) reflow into blocks there, each
cell under its column's name (assets/charter.css, "Tables that reflow"); they keep their roles, headers and names
for screen readers, and axe finds nothing in them, light or dark. One browser context serves the whole file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import AXE, LANGUAGES, parse
from service_charter.model.kinds import WITH_PAGES

from .test_accessibility import DISABLED_RULES, WCAG_TAGS

PHONE = {"width": 375, "height": 800}
SMALLEST = {"width": 320, "height": 800}  # the width WCAG 1.4.10 names
WIDE = {"width": 1280, "height": 800}
TABLE_PAGES = ("commitments.html", "performance.html", "your-data.html", "open-data.html")


def page_types(site: Path, lang: str) -> list[str]:
    """One page of each type in a language, found in the built site: each page that no record kind's prefix names
    (the home page, every hub, the about and 404 pages), and the largest page of each kind of record."""
    prefixes = sorted((kind.page_prefix for kind in WITH_PAGES if kind.page_prefix), key=len, reverse=True)
    files = sorted((site / lang).glob("*.html"))
    by_kind: dict[str, list[Path]] = {prefix: [] for prefix in prefixes}
    hubs = []
    for path in files:
        prefix = next((prefix for prefix in prefixes if path.name.startswith(prefix)), None)
        if prefix is None:
            hubs.append(path.name)
        else:
            by_kind[prefix].append(path)
    assert {"index.html", "404.html", "about.html", *TABLE_PAGES} <= set(hubs), hubs
    assert all(by_kind.values()), {prefix: len(paths) for prefix, paths in by_kind.items()}
    return hubs + [max(paths, key=lambda path: path.stat().st_size).name for paths in by_kind.values()]


@pytest.fixture(scope="module")
def phone(browser):
    """One page at 375 × 800, reused by every test of this file."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    yield page
    context.close()


OUT_OF_SIGHT = """() => {
  const width = window.innerWidth;
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > width) problems.push(`the page scrolls sideways: ${root.scrollWidth} px wide`);
  // Text meant for screen readers alone (clipped to nothing) is not looked at.
  const clippedAway = element => {
    for (let a = element; a; a = a.parentElement) {
      const style = getComputedStyle(a);
      if ((style.clip !== 'auto' && style.position === 'absolute') || style.clipPath !== 'none') return true;
    }
    return false;
  };
  const scroller = element => {
    for (let a = element; a && a !== document.body; a = a.parentElement) {
      const overflow = getComputedStyle(a).overflowX;
      if ((overflow === 'auto' || overflow === 'scroll') && a.scrollWidth > a.clientWidth + 1) return a;
    }
    return null;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!/\\d/.test(node.data)) continue;
    const element = node.parentElement;
    if (!element.checkVisibility({opacityProperty: true, visibilityProperty: true}) || clippedAway(element)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const boxes = [...range.getClientRects()].filter(box => box.width > 0 && box.height > 0);
    if (!boxes.length) continue;  // not drawn
    const where = `<${element.tagName.toLowerCase()} class="${element.className}"> "${node.data.trim().slice(0, 40)}"`;
    const outside = boxes.find(box => box.left < -1 || box.right > width + 1);
    if (outside) problems.push(`${where} at ${Math.round(outside.left)}–${Math.round(outside.right)} px`);
    const box = scroller(element);
    const boxName = box && `<${box.tagName.toLowerCase()} class="${box.className}">`;
    if (box) problems.push(`${where} in a box that scrolls sideways: ${boxName}`);
  }
  return problems;
}"""


def out_of_sight(page, url: str) -> list[str]:
    page.goto(url)
    return page.evaluate(OUT_OF_SIGHT)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_scrolls_sideways_or_hides_a_number_on_a_phone(example_site, site_url, phone, lang):
    names = page_types(example_site, lang)
    found = [
        f"{lang}/{name} at 375 px: {problem}"
        for name in names
        for problem in out_of_sight(phone, f"{site_url}/{lang}/{name}")
    ]
    phone.set_viewport_size(SMALLEST)
    try:
        for name in TABLE_PAGES:
            found += [
                f"{lang}/{name} at 320 px: {problem}" for problem in out_of_sight(phone, f"{site_url}/{lang}/{name}")
            ]
    finally:
        phone.set_viewport_size(PHONE)
    assert not found, "\n".join(found)


def test_the_top_404_page_fits_a_phone(site_url, phone):
    """The top 404 page; the top `index.html` sends the browser on to the default language's home page at once."""
    found = out_of_sight(phone, f"{site_url}/404.html")
    assert not found, "\n".join(found)


LAYOUT = """() => [...document.querySelectorAll('article table.charter-table')].map(table => ({
  display: getComputedStyle(table).display,
  scrolls: table.closest('.charter-reflow').scrollWidth > table.closest('.charter-reflow').clientWidth + 1,
  headersShown: table.tHead.getBoundingClientRect().width > 1 && table.tHead.getBoundingClientRect().height > 1,
  unlabelled: [...table.querySelectorAll('td')].filter(td => td.checkVisibility())
    .filter(td => getComputedStyle(td, '::before').content === 'none').length,
}))"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tables_reflow_into_blocks_on_a_phone_and_stay_tables_on_a_wide_screen(site_url, phone, lang):
    try:
        for name in TABLE_PAGES:
            phone.set_viewport_size(WIDE)
            phone.goto(f"{site_url}/{lang}/{name}")
            wide = phone.evaluate(LAYOUT)
            # A table as wide as the theme's column (720 px) holds all its columns without scrolling sideways.
            assert wide, name
            for table in wide:
                assert table["display"] == "table" and table["headersShown"] and not table["scrolls"], (name, table)
            phone.set_viewport_size(PHONE)
            narrow = phone.evaluate(LAYOUT)
            assert [(t["display"], t["scrolls"]) for t in narrow] == [("block", False)] * len(wide), (name, narrow)
            # The column headers are out of sight; each cell shows its column's name instead.
            assert not any(t["headersShown"] or t["unlabelled"] for t in narrow), (name, narrow)
    finally:
        phone.set_viewport_size(PHONE)


def grid(table) -> list[list]:
    """A table's body as the HTML table model lays it out: each row's slots, a cell spanning rows in each of them."""
    rows: list[list] = []
    for body in table.find_all("tbody", recursive=False):
        first = len(rows)
        for y, tr in enumerate(body.find_all("tr", recursive=False), first):
            while len(rows) <= y:
                rows.append([])
            x = 0
            for cell in tr.find_all(["th", "td"], recursive=False):
                while x < len(rows[y]) and rows[y][x] is not None:
                    x += 1
                for dy in range(int(cell.get("rowspan", 1))):
                    while len(rows) <= y + dy:
                        rows.append([])
                    row = rows[y + dy]
                    row.extend([None] * (x + 1 - len(row)))
                    row[x] = cell
                x += 1
        assert len(rows) == first + len(body.find_all("tr", recursive=False)), "a row header spans past its group"
    return rows


def test_each_cell_is_labelled_with_its_column_header_and_headed_by_its_row_header(example_site):
    """The name a cell shows on a phone (`data-label`) is its column header's; its row header is the first cell of
    its row in the table's grid, a `scope="row"` header of its own group (`<tbody>`). No header is `rowgroup` or
    `colgroup`: the IBM checker takes neither for a header of a table whose headers span rows."""
    checked = 0
    for lang in LANGUAGES:
        for name in TABLE_PAGES:
            for table in parse(example_site / lang / name).select("article table.charter-table"):
                assert not table.select("[scope=rowgroup], [scope=colgroup]"), (lang, name)
                columns = [th.get_text(" ", strip=True) for th in table.thead.select("tr > th[scope=col]")]
                for row in grid(table):
                    assert len(row) == len(columns), (lang, name, row)
                    assert row[0].name == "th" and row[0]["scope"] == "row", (lang, name, row[0])
                    for cell, column in zip(row[1:], columns[1:], strict=True):
                        assert cell.name == "td" and cell.get("data-label") == column, (lang, name, cell)
                        checked += 1
    assert checked > 1000


def accessible_tables(cdp) -> list[list[tuple[int, str, str]]]:
    """Each table of the page as Chromium's accessibility tree has it: its nodes' depth, role and name, without the
    text boxes that only say where lines break."""
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    by_id = {node["nodeId"]: node for node in nodes}
    tables = []

    def walk(node: dict, depth: int, into: list[tuple[int, str, str]]) -> None:
        role = node.get("role", {}).get("value", "")
        if not node.get("ignored") and role not in ("StaticText", "InlineTextBox"):
            into.append((depth, role, node.get("name", {}).get("value", "")))
            depth += 1
        for child in node.get("childIds", []):
            if child in by_id:
                walk(by_id[child], depth, into)

    for node in nodes:
        if node.get("role", {}).get("value") in ("table", "LayoutTable") and not node.get("ignored"):
            tables.append([])
            walk(node, 0, tables[-1])
    return tables


@pytest.mark.parametrize("lang", ["he", "en"])
def test_reflowed_tables_keep_their_roles_and_names_for_screen_readers(site_url, phone, lang):
    """Chromium keeps a table's semantics whatever its CSS `display`, and the column names written on a phone are
    not read out a second time."""
    cdp = phone.context.new_cdp_session(phone)
    cdp.send("Accessibility.enable")
    try:
        for name in TABLE_PAGES:
            trees = {}
            for size in (WIDE, PHONE):
                phone.set_viewport_size(size)
                phone.goto(f"{site_url}/{lang}/{name}")
                trees[size["width"]] = accessible_tables(cdp)
            wide, narrow = trees[WIDE["width"]], trees[PHONE["width"]]
            assert len(wide) == phone.evaluate("document.querySelectorAll('article table').length")
            assert narrow == wide, name
            for table in narrow:
                roles = [role for _, role, _ in table]
                assert roles[0] == "table" and table[0][2], (name, table[:3])  # a data table, named by its caption
                assert {"row", "columnheader", "rowheader", "cell"} <= set(roles), (name, sorted(set(roles)))
    finally:
        cdp.detach()
        phone.set_viewport_size(PHONE)


@pytest.mark.parametrize(("scheme", "languages"), [("light", LANGUAGES), ("dark", ["he", "en"])])
def test_axe_finds_no_violation_in_the_reflowed_tables(site_url, phone, scheme, languages):
    """In the light scheme in every language; in the dark one, whose colours are the same in every language, in a
    right-to-left and a left-to-right one."""
    axe = AXE.read_text(encoding="utf-8")
    found = []
    phone.emulate_media(color_scheme=scheme)
    phone.goto(f"{site_url}/404.html")
    phone.evaluate("() => localStorage.clear()")  # the theme keeps the scheme it last showed
    try:
        for lang in languages:
            for name in TABLE_PAGES:
                phone.goto(f"{site_url}/{lang}/{name}")
                shown = phone.evaluate("document.body.dataset.mdColorScheme")
                assert shown == {"light": "default", "dark": "slate"}[scheme], (lang, name, shown)
                phone.add_script_tag(content=axe)
                result = phone.evaluate(
                    """([tags, disabled]) => axe.run({include: [['.charter-reflow']]},
                        {runOnly: {type: 'tag', values: tags}, rules: disabled})""",
                    [WCAG_TAGS, {rule: {"enabled": False} for rule in DISABLED_RULES}],
                )
                assert result["passes"], (lang, name)  # the tables were found and checked
                for violation in result["violations"]:
                    node = violation["nodes"][0]
                    found.append(
                        f"{lang}/{name} [{scheme}] {violation['id']} ×{len(violation['nodes'])}: "
                        f"{node['target']} {node['failureSummary']}"
                    )
    finally:
        phone.emulate_media(color_scheme="light")
        phone.evaluate("() => localStorage.clear()")
    assert not found, "\n".join(found)
