"""Pages without the indentation of the templates that drew them.

The theme's templates and the charter's indent their markup and leave blank lines where a block
drew nothing: about a tenth of every page, repeated on every page of every language. A browser
shows a run of spaces and line breaks between words or tags as at most one space, so the
indentation after a line break, and blank lines, can go without changing what a reader sees or
hears. Elements that keep their whitespace (`pre`, `textarea`) and the text of scripts and
styles (whose hashes the Content-Security-Policy lists) are left exactly as they are.
"""

from __future__ import annotations

import re

_KEPT = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
"""Elements whose text is kept as written."""
_SPACE = " \t\r"


def without_indentation(html: str) -> str:
    """`html` with every run of whitespace that holds a line break reduced to one line break, but in kept elements."""
    parts: list[str] = []
    start = 0
    for kept in _KEPT.finditer(html):
        parts += (_reduced(html[start : kept.start()]), kept[0])
        start = kept.end()
    parts.append(_reduced(html[start:]))
    return "".join(parts)


def _reduced(text: str) -> str:
    """`text`, outside any kept element, with its line breaks reduced."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    inner = filter(None, [line.strip(_SPACE) for line in lines[1:-1]])
    return "\n".join([lines[0].rstrip(_SPACE), *inner, lines[-1].lstrip(_SPACE)])
