"""Checks on content that the schema alone cannot express: stale pages, hidden characters, links, ended notices."""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterator
from datetime import date
from zoneinfo import ZoneInfo

from ..addresses import page_paths
from ..model.charter import Charter
from ..model.kinds import NOTICE, SERVICE, SITE, SITE_FILE
from ..model.schema import iter_texts
from ..problems import Problem, Severity
from ..richtext import render_markdown
from .images import image_problems
from .yamlfile import KeyPath, YamlDocument

# Direction marks and embeddings, isolates, zero-width characters and the byte-order mark: invisible in
# an editor, they change how text reads or breaks search, so they never belong in the charter.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
LINK_TARGET = re.compile(r'<a\b[^>]*\bhref="([^"]*)"')
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def check_content(
    charter: Charter, documents: dict[str, YamlDocument], *, today: date, stale_after_days: int
) -> Iterator[Problem]:
    """Every content problem in a loaded charter."""
    pages = page_paths(charter)
    yield from _check_logo(charter, documents[charter.sources[SITE]])
    for source, record in charter.records():
        document = documents[source]
        for path, text in iter_texts(record):
            for lang, value in text.root.items():
                yield from _check_hidden(document, (*path, lang), value)
                for target in _link_targets(value):
                    yield from _check_link(document, (*path, lang), target, pages)
        for lang, words in getattr(record, "keywords", {}).items():
            for index, word in enumerate(words):
                yield from _check_hidden(document, ("keywords", lang, index), word)
    for service in charter.services.values():
        document = documents[charter.sources[SERVICE.key(service.id)]]
        age = (today - service.last_reviewed).days
        if age < 0:
            yield document.problem(
                ("last_reviewed",), "the date is in the future", "write the day the page was checked"
            )
        elif age > stale_after_days:
            yield document.problem(
                ("last_reviewed",),
                f"last reviewed {age} days ago, more than {stale_after_days}",
                "ask the service's owner to check the page, then update `last_reviewed`",
                severity=Severity.notice,
            )


def _check_logo(charter: Charter, site: YamlDocument) -> Iterator[Problem]:
    """The logo is published to every visitor: a real image, inside the charter folder, that runs nothing."""
    logo = charter.site.logo
    if not logo:
        return
    path = charter.root / logo
    if not path.is_file():
        yield site.problem(
            ("logo",), f"there is no file `{logo}` in the charter folder", "add the image, or fix the path"
        )
    elif not path.resolve().is_relative_to(charter.root):
        yield site.problem(
            ("logo",),
            f"`{logo}` is a link to a file outside the charter folder, which the site never publishes",
            "replace the link with the image itself",
        )
    else:
        yield from image_problems(path, site.display.removesuffix(SITE_FILE) + logo)


def _check_hidden(document: YamlDocument, path: KeyPath, value: str) -> Iterator[Problem]:
    hidden = INVISIBLE.search(value)
    if hidden:
        yield document.problem(
            path,
            f"the text contains an invisible control character (U+{ord(hidden[0]):04X})",
            "delete it: retype the words around it, or paste them as plain text",
            severity=Severity.warning,
        )


def _link_targets(value: str) -> list[str]:
    """Where the links that Markdown makes of a text point (`[words](target)`)."""
    if "](" not in value:
        return []
    return [html.unescape(target) for target in LINK_TARGET.findall(render_markdown(value))]


def _check_link(document: YamlDocument, path: KeyPath, target: str, pages: set[str]) -> Iterator[Problem]:
    if target.startswith("#") or SCHEME.match(target) or target.startswith("//"):
        return
    page = target.split("#")[0].removesuffix(".html").removesuffix("/")
    if page not in pages:
        close = difflib.get_close_matches(page, sorted(pages), n=1)
        yield document.problem(
            path,
            f"the link `{target}` points to no page of the site",
            f"did you mean `{close[0]}.html`?" if close else "link to a page such as `service-<id>.html`",
        )


def ended_notices(charter: Charter, documents: dict[str, YamlDocument]) -> Iterator[Problem]:
    """A reminder for each notice that had ended when the charter was read: it is no longer shown."""
    for notice in charter.notices.values():
        if notice.ends <= charter.loaded_at:
            local = notice.ends.astimezone(ZoneInfo(charter.site.timezone))
            yield documents[charter.sources[NOTICE.key(notice.id)]].problem(
                ("ends",),
                f"the notice ended on {local:%Y-%m-%d %H:%M}, so the site no longer shows it",
                "delete the file when it is no longer needed",
                severity=Severity.notice,
            )
