"""External checkers on the example site: the Nu HTML Checker and HTML_CodeSniffer, the engine pa11y runs.

One page of every type of the example is checked in all four languages (the home page, every hub, the largest page of
each record kind, the about page, the 404 page), with the top `index.html` and `404.html`; and a few pages of the
fixture sites with what the example does not show: texts shown in another language (the council) and the feedback
form. What the checkers find is split in two: the project's own markup must have no error; the theme's is only
printed (run with `-s` to read it).

The project's own markup is
- what the charter's templates write: the content of `<article class="md-content__inner">` (the page's template in
  `templates/charter/`, a hand-written page's Markdown, the 404 page's text);
- what the theme overrides in `templates/theme/` write (`OVERRIDES` says where each one's output is);
- the whole top `index.html` (`root.html`).

How each message is attributed:
- Nu reports the place in the file where it found the fault: the end of the start tag that is wrong, or of the end
  tag where something was left open (`lastLine`, `lastColumn`). That place is inside the project's markup (the
  content of the article, with its end tag; an element an override wrote) or elsewhere, in the theme's. The article's
  own start tag is the theme's. Whole pages are checked, not their content cut out and wrapped in a page of its own,
  so that what depends on the page around it (ids, references, nesting, the document's language) is checked as it
  is served. vnu starts once for all the files: a Java virtual machine is slow to start.
- HTML_CodeSniffer names the element at fault. It is the project's when it is inside the project's markup, or when
  all it holds is the project's (the article; the theme's logo link around the logo, whose alternative text is
  judged as the link's name): `Element.closest` in the page. Messages about the document as a whole are the
  theme's, except on the top `index.html`. Only errors count, as pa11y counts them by default, with the standard
  pa11y uses (WCAG2AA).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, LANGUAGES, ROOT, build_site, serve_folder
from service_charter.model.kinds import WITH_PAGES

NODE_MODULES = ROOT / "node_modules"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
HTMLCS = NODE_MODULES / "html_codesniffer" / "build" / "HTMLCS.js"
JVM_OPTIONS = ["-Xss4m", "-XX:TieredStopAtLevel=1"]
"""The quick compiler alone halves the checker's time on a few dozen pages; it needs a larger stack."""
THEME_OVERRIDES = ROOT / "plugins" / "service_charter" / "templates" / "theme"

ARTICLE = "article.md-content__inner"


@dataclass(frozen=True)
class Writes:
    """Where a template's markup is in a page: inside elements the theme writes (`content_of`), or whole
    elements of its own (`elements`); as CSS selectors."""

    content_of: tuple[str, ...] = ()
    elements: tuple[str, ...] = ()


OVERRIDES: dict[str, Writes] = {
    "404.html": Writes(content_of=(ARTICLE,)),  # and the page's <title>
    "main.html": Writes(content_of=(".md-banner__inner",)),  # the announce block
    "partials/alternate.html": Writes(elements=("div.md-header__option:has(> div.md-select)",)),
    "partials/copyright.html": Writes(elements=("div.md-copyright",)),
    "partials/logo.html": Writes(content_of=(".md-logo",)),
}
"""Each template in `templates/theme/` and where what it writes is (for `main.html`, each block it fills): a new
override is listed here, or the errors in its markup would count as the theme's."""
CONTENT_OF = ", ".join(dict.fromkeys([ARTICLE, *(s for writes in OVERRIDES.values() for s in writes.content_of)]))
ELEMENTS = ", ".join(dict.fromkeys(s for writes in OVERRIDES.values() for s in writes.elements))
FALLBACKS = ["he/service-d-schools.html", "en/service-d-schools.html", "he/about.html", "en/about.html"]
"""The council's pages that show texts in another language, introduced in the reader's."""
FEEDBACK = ["he/service-pay-tax.html", "en/service-pay-tax.html", "he/guide/moving.html"]
"""Pages of the site with a feedback form: generated and hand-written."""


@dataclass(frozen=True)
class Page:
    name: str
    """How messages name it: its path in the example, `<site>: <path>` in another site."""
    file: Path
    url: str
    wholly_ours: bool = False
    """Whether the project writes every line of it (the top `index.html`)."""


@dataclass(frozen=True)
class Finding:
    page: str
    message: str
    extract: str
    ours: bool

    def __str__(self) -> str:
        return f"{self.page}: {self.message}\n    {self.extract}"


def checked_pages(site: Path) -> list[str]:
    """One page of each type in every language, found in the built site, and the top index.html and 404.html."""
    prefixes = tuple(kind.page_prefix for kind in WITH_PAGES if kind.page_prefix)
    found = ["index.html", "404.html"]
    for lang in LANGUAGES:
        files = sorted((site / lang).glob("*.html"))
        hubs = [path for path in files if not path.name.startswith(prefixes)]
        assert {"index.html", "about.html", "404.html"} <= {path.name for path in hubs}
        records = []
        for prefix in prefixes:
            # A page is of the kind whose prefix is the longest it starts with, should one prefix start another.
            own = [path for path in files if path.name.startswith(prefix) and _prefix(path.name, prefixes) == prefix]
            assert own, f"no {prefix}* page in {lang}/"
            records.append(max(own, key=lambda path: path.stat().st_size))  # the most markup of its kind
        found += [f"{lang}/{path.name}" for path in hubs + records]
    return found


def _prefix(name: str, prefixes: tuple[str, ...]) -> str:
    return max((prefix for prefix in prefixes if name.startswith(prefix)), key=len)


@pytest.fixture(scope="module")
def council_site(tmp_path_factory) -> Iterator[tuple[Path, str]]:
    site = build_site(FIXTURES / "council", tmp_path_factory.mktemp("council") / "site")
    with serve_folder(site) as url:
        yield site, url


@pytest.fixture(scope="module")
def pages(example_site, site_url, council_site, feedback_site) -> Iterator[list[Page]]:
    found = [
        Page(path, example_site / path, f"{site_url}/{path}", wholly_ours=path == "index.html")
        for path in checked_pages(example_site)
    ]
    council, council_url = council_site
    found += [Page(f"council: {path}", council / path, f"{council_url}/{path}") for path in FALLBACKS]
    with serve_folder(feedback_site) as feedback_url:
        found += [Page(f"feedback: {path}", feedback_site / path, f"{feedback_url}/{path}") for path in FEEDBACK]
        yield found


def test_every_theme_override_says_which_elements_it_writes():
    overrides = {path.relative_to(THEME_OVERRIDES).as_posix() for path in THEME_OVERRIDES.rglob("*.html")}
    assert overrides == set(OVERRIDES), "list each template in templates/theme/ in OVERRIDES with what it writes"


def test_what_nu_reports_is_attributed_by_where_it_is():
    page = (
        '<!doctype html><html lang="en"><head><title>t</title></head><body>\n'
        '<header><a class="md-logo" href="/"><img src="logo.svg" alt=""></a>\n'
        '<div class="md-header__option"><div class="md-select"><ul><li>A</ul></div></div></header>\n'
        '<article class="md-content__inner md-typeset"><p>one<article><p>two</article>\n<div><p>three</article>\n'
        "<footer><p>four</footer></body></html>"
    )
    spans = project_spans(page)

    def ours(fragment: str, at: int = 0) -> bool:
        offset = page.index(fragment) + at
        return any(start <= offset < end for start, end in spans)

    article = '<article class="md-content__inner md-typeset">'
    assert not ours(article, len(article) - 1)  # the article's own start tag is the theme's
    assert ours("<p>one", 2) and ours("<p>two", 2) and ours("<p>three", 2)
    assert ours("</article>\n<footer", len("</article>") - 1)  # unclosed <div>: reported at the end tag
    assert not ours("<p>four", 2) and not ours("<header", 7)
    assert ours("<img", 4) and ours("<div class", 4) and ours("<li>A", 3)


def test_nu_html_checker_finds_no_error_in_the_projects_markup(pages):
    findings = nu_findings(pages)
    report("Nu HTML Checker", findings, len(pages))
    ours = [finding for finding in findings if finding.ours]
    assert not ours, f"{len(ours)} errors in the project's markup:\n" + "\n".join(map(str, ours))


def test_html_codesniffer_finds_no_error_in_the_projects_markup(browser, pages):
    findings = htmlcs_findings(browser, pages)
    report("HTML_CodeSniffer", findings, len(pages))
    ours = [finding for finding in findings if finding.ours]
    assert not ours, f"{len(ours)} errors in the project's markup:\n" + "\n".join(map(str, ours))


def report(checker: str, findings: list[Finding], checked: int) -> None:
    """The errors in the theme's markup, each message once with how often it was found and on how many pages."""
    theirs = [finding for finding in findings if not finding.ours]
    print(f"\n{checker}: {len(findings) - len(theirs)} errors in the project's markup, {len(theirs)} in the theme's")
    counts = Counter(finding.message for finding in theirs)
    for message, count in counts.most_common():
        example = next(finding for finding in theirs if finding.message == message)
        on = len({finding.page for finding in theirs if finding.message == message})
        print(f"  ×{count} on {on} of {checked} pages: {message}\n    e.g. {example}")


# --- The Nu HTML Checker ---


def nu_findings(pages: list[Page]) -> list[Finding]:
    """vnu's errors on the pages, run once for all of them."""
    assert VNU.exists(), "vnu.jar is missing: run `scripts/setup --test` (npm ci)"
    assert shutil.which("java"), "Java is missing: run `scripts/setup --test` (it installs default-jre-headless)"
    result = subprocess.run(
        ["java", *JVM_OPTIONS, "-jar", str(VNU), "--format", "json", "--errors-only", *(str(p.file) for p in pages)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode in (0, 1), result.stderr
    by_url = {page.file.resolve().as_uri(): page for page in pages}
    by_url |= {url.replace("file:///", "file:/"): page for url, page in by_url.items()}  # vnu writes file:/path
    texts = {page.name: page.file.read_text(encoding="utf-8") for page in pages}
    spans: dict[str, list[tuple[int, int]]] = {}
    findings = []
    for message in json.loads(result.stdout or result.stderr)["messages"]:
        if message.get("type") != "error":
            continue
        page = by_url[message["url"]]
        line, column = message.get("lastLine"), message.get("lastColumn")
        if page.wholly_ours:
            ours = True
        elif line is None or column is None:
            ours = False
        else:
            text = texts[page.name]
            offset = line_starts(text)[line - 1] + column - 1
            if page.name not in spans:
                spans[page.name] = project_spans(text)
            ours = any(start <= offset < end for start, end in spans[page.name])
        extract = " ".join(message.get("extract", "").split())
        findings.append(Finding(page.name, message["message"], f"line {line}: {extract}", ours))
    return findings


def line_starts(text: str) -> list[int]:
    return [0] + [match.end() for match in re.finditer("\n", text)]


def project_spans(text: str) -> list[tuple[int, int]]:
    """Where in the page's source the project's markup is, as [start, end) offsets: the content of the elements the
    project fills (with their end tag, where a checker reports what was left open inside), and the elements an
    override writes whole."""
    soup = BeautifulSoup(text, "html.parser")
    elements = Elements(text)
    spans = []
    for holder in soup.select(CONTENT_OF):
        start, inner, after = elements.spans[(holder.sourceline, holder.sourcepos)]
        spans.append((inner, after))
    for element in soup.select(ELEMENTS):
        start, inner, after = elements.spans[(element.sourceline, element.sourcepos)]
        spans.append((start, after))
    return spans


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Elements(HTMLParser):
    """Where each element of a page is in its source, found by the (line, column) of its start tag as BeautifulSoup
    counts them (`sourceline`, `sourcepos`): the offsets of the start of its start tag, of the end of it, and of the
    end of its end tag. An element closed implicitly ends where the end tag that closes it starts."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.starts = line_starts(text)
        self.open: list[tuple[str, tuple[int, int], int, int]] = []
        self.spans: dict[tuple[int, int], tuple[int, int, int]] = {}
        self.feed(text)
        self.close()
        for _, position, start, inner in self.open:
            self.spans[position] = (start, inner, len(text))

    def at(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self.at()
        inner = start + len(self.get_starttag_text() or "")
        if tag in VOID:
            self.spans[self.getpos()] = (start, inner, inner)
        else:
            self.open.append((tag, self.getpos(), start, inner))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self.at()
        inner = start + len(self.get_starttag_text() or "")
        self.spans[self.getpos()] = (start, inner, inner)

    def handle_endtag(self, tag: str) -> None:
        if not any(name == tag for name, *_ in self.open):
            return
        close = self.at()
        while self.open:
            name, position, start, inner = self.open.pop()
            if name != tag:
                self.spans[position] = (start, inner, close)
                continue
            self.spans[position] = (start, inner, self.text.index(">", close) + 1)
            break


# --- HTML_CodeSniffer ---


SNIFF = """async ([contentOf, elements, wholly]) => {
  await new Promise((resolve, reject) => HTMLCS.process('WCAG2AA', document, resolve, reject, 'en'));
  const ours = element => wholly || (element instanceof Element && !!(
    element.closest(elements) || element.matches(contentOf)
    || (element.parentElement && element.parentElement.closest(contentOf))));
  const extract = element => {
    if (!(element instanceof Element)) return element && element.nodeName;
    const html = element.outerHTML.replace(/\\s+/g, ' ');
    return html.length > 240 ? html.slice(0, 240) + '…' : html;
  };
  return HTMLCS.getMessages().filter(m => m.type === HTMLCS.ERROR).map(m => ({
    code: m.code, message: m.msg, extract: extract(m.element), ours: ours(m.element),
  }));
}"""


def htmlcs_findings(browser, pages: list[Page]) -> list[Finding]:
    """HTML_CodeSniffer's errors (WCAG2AA) on the pages, in one browser context."""
    assert HTMLCS.exists(), "HTML_CodeSniffer is missing: run `scripts/setup --test` (npm ci)"
    context = browser.new_context()
    context.add_init_script(script=HTMLCS.read_text(encoding="utf-8"))  # quicker than a script tag on each page
    tab = context.new_page()
    findings = []
    try:
        for page in pages:
            if page.wholly_ours:
                tab.route(lambda address, url=page.url: address != url, stay)  # the top index.html moves on at once
            tab.goto(page.url)
            for m in tab.evaluate(SNIFF, [CONTENT_OF, ELEMENTS, page.wholly_ours]):
                findings.append(Finding(page.name, f"{m['message']} [{m['code']}]", m["extract"], m["ours"]))
            tab.unroute_all()
    finally:
        context.close()
    return findings


def stay(route) -> None:
    """Leave the page where it is: a navigation answered "204 No Content" is given up."""
    if route.request.is_navigation_request():
        route.fulfill(status=204)
    else:
        route.continue_()
