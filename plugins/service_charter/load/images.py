"""Images staff put in the charter (the logo), checked before the site publishes them to every visitor.

An SVG is a document that can run scripts and fetch from other hosts, so one that holds a script, an
event handler, an embedded document or a reference outside itself is refused rather than cleaned: a
logo needs none of them, and a cleaned file might still not be what staff meant. Other images must be
what their name says, by their first bytes.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..problems import Problem

_ACTIVE_SVG = [
    (re.compile(r"<\s*script\b", re.IGNORECASE), "a script"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "an event handler (`on...=`)"),
    (re.compile(r"<\s*(foreignObject|iframe|embed|object)\b", re.IGNORECASE), "an embedded document"),
    (re.compile(r"<!\s*(DOCTYPE|ENTITY)\b", re.IGNORECASE), "a document type or entity declaration"),
    (re.compile(r"""\bhref\s*=\s*["']?\s*(?!#)[^"'\s>]""", re.IGNORECASE), "a link or reference to another file"),
    (re.compile(r"""url\(\s*["']?\s*(?!#)[^"')\s]""", re.IGNORECASE), "a reference to another file in its style"),
    (re.compile(r"@import\b", re.IGNORECASE), "a style imported from elsewhere"),
]
_SIGNATURES = {
    ".png": (lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"), "PNG"),
    ".jpg": (lambda head: head.startswith(b"\xff\xd8\xff"), "JPEG"),
    ".jpeg": (lambda head: head.startswith(b"\xff\xd8\xff"), "JPEG"),
    ".webp": (lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP", "WebP"),
}


def image_problems(path: Path, display: str) -> list[Problem]:
    """What makes the image at `path` unfit to publish, at the line where an SVG shows it."""
    if path.suffix.lower() == ".svg":
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            return [Problem(display, message="the SVG file is not UTF-8 text", hint="export the logo again as SVG")]
        for pattern, what in _ACTIVE_SVG:
            found = pattern.search(text)
            if found:
                line = text.count("\n", 0, found.start()) + 1
                column = found.start() - text.rfind("\n", 0, found.start())
                return [
                    Problem(
                        display,
                        line,
                        column,
                        message=f"the SVG image holds {what}, which a logo never needs and a visitor must not run",
                        hint="export the logo again as a plain SVG (no scripts, links or embedded files), or use PNG",
                    )
                ]
        return []
    check, name = _SIGNATURES.get(path.suffix.lower(), (lambda head: True, ""))
    if not check(path.read_bytes()[:16]):
        return [
            Problem(
                display,
                message=f"the file is not a {name} image, whatever its name says",
                hint=f"export the logo again as {name}, or give the file the extension of its real format",
            )
        ]
    return []
