"""Security headers for static hosts, with a Content-Security-Policy that the built site satisfies.

The policy allows nothing but the site itself: its own scripts, styles, images, fonts, search index
and search worker. The few inline scripts and styles the theme writes into its pages are allowed by
their SHA-256 hashes, collected from the pages as they are written (`InlineHashes`), so a script
injected into a page, or added to a hand-written page without care, does not run. The result is
written at the top of the site for the hosts that read a file (`_headers`: Netlify, Cloudflare
Pages), as an nginx snippet, and as JSON for a CDN's response-headers settings (S3 + CloudFront).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from ..addresses import CLOUDFRONT_HEADERS, HEADERS, INLINE_HASHES, NGINX_HEADERS, NOT_FOUND_PAGE, ROOT_PAGE
from ..model.schema import web_origin

_INLINE = re.compile(r"<(script|style)\b([^>]*)>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_TYPE = re.compile(r"""(?:^|\s)type\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>(?:\s*<meta charset=[^>]*>)?", re.IGNORECASE)
"""Where the policy goes in a page: after the character set, which must come within its first bytes."""
_SRC = re.compile(r"(?:^|\s)src\s*=", re.IGNORECASE)
_JAVASCRIPT_TYPES = {
    "",
    "module",
    "text/javascript",
    "application/javascript",
    "application/ecmascript",
    "application/x-ecmascript",
    "application/x-javascript",
    "text/ecmascript",
    "text/jscript",
    "text/livescript",
    "text/x-ecmascript",
    "text/x-javascript",
    "text/javascript1.0",
    "text/javascript1.1",
    "text/javascript1.2",
    "text/javascript1.3",
    "text/javascript1.4",
    "text/javascript1.5",
}
"""The `type` values a browser runs as a script (HTML's JavaScript MIME types); any other is a data block."""

IMMUTABLE = "public, max-age=31536000, immutable"
THEME_ASSETS = ("assets/javascripts/*", "assets/stylesheets/*")
"""The theme's files, whose names carry a hash of their content: they can be cached for a year."""


def source_hash(text: str) -> str:
    """The CSP source expression for an inline script or style (as the browser sees it: newlines normalized)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _runs(attributes: str) -> bool:
    """Whether a `<script>` with these attributes and no `src` is run by the browser (not a data block)."""
    if _SRC.search(attributes):
        return False
    match = _TYPE.search(attributes)
    kind = next((group for group in match.groups() if group is not None), "") if match else ""
    return kind.strip().lower() in _JAVASCRIPT_TYPES


@dataclass
class InlineHashes:
    """The hashes of the inline scripts and styles found in a set of pages."""

    scripts: set[str] = field(default_factory=set)
    styles: set[str] = field(default_factory=set)
    _seen: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    """Text already hashed: the theme repeats the same few inline scripts in every page."""

    def collect(self, html: str) -> InlineHashes:
        """Add the inline scripts and styles of one page; those of the page alone."""
        page = InlineHashes()
        if "<script" not in html and "<style" not in html and "<SCRIPT" not in html and "<STYLE" not in html:
            return page
        for match in _INLINE.finditer(html):
            tag, attributes, text = match.groups()
            if tag.lower() == "script" and not _runs(attributes):
                continue
            digest = self._seen.get(text)
            if digest is None:
                digest = self._seen[text] = source_hash(text)
            (page.scripts if tag.lower() == "script" else page.styles).add(digest)
        self.update(page)
        return page

    def update(self, other: InlineHashes) -> None:
        self.scripts |= other.scripts
        self.styles |= other.styles

    def save(self, path: Path) -> None:
        data = {"scripts": sorted(self.scripts), "styles": sorted(self.styles)}
        path.write_text(json.dumps(data), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> InlineHashes:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(set(data["scripts"]), set(data["styles"]))


def origin(url: str) -> str:
    """The origin (`https://host[:port]`) of an absolute URL, as a CSP source; ValueError for one that is not safe
    in a header (validation has refused it already: this is the last line of defence)."""
    return web_origin(url)


def content_security_policy(hashes: InlineHashes, *, form_targets: Iterable[str] = ()) -> str:
    """The site's policy: its own files only, the theme's inline scripts and styles by hash.

    `form_targets` are absolute URLs outside the site that forms post to and scripts send to (the
    feedback endpoint). `frame-ancestors` keeps other sites from framing the pages (clickjacking).
    `upgrade-insecure-requests` is left out: the site makes no plain-HTTP request, and it would break a
    site served over plain HTTP (a preview, a test on localhost); HSTS does that job on HTTPS.
    """
    others = sorted({origin(url) for url in form_targets})
    directives = {
        "default-src": ["'none'"],
        "script-src": ["'self'", *sorted(hashes.scripts)],
        "style-src": ["'self'", *sorted(hashes.styles)],
        "img-src": ["'self'", "data:"],  # the theme's icons are SVG data: URLs in its stylesheet
        "font-src": ["'self'"],
        "connect-src": ["'self'", *others],  # the search index, the sitemaps for the language switch
        "worker-src": ["'self'"],  # the search runs in a web worker
        "manifest-src": ["'self'"],
        "form-action": ["'self'", *others],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def with_policy_meta(html: str, policy: str) -> str:
    """A page that carries its policy in a `<meta http-equiv>`, for hosts that cannot send headers.

    The element comes first in `<head>`, before any script or style it must cover. It cannot carry
    `frame-ancestors` (browsers ignore it there), so framing is not prevented this way.
    """
    policy = "; ".join(part for part in policy.split("; ") if not part.startswith("frame-ancestors "))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{escape(policy, quote=True)}">'
    head = _HEAD.search(html)
    return html if head is None else f"{html[: head.end()]}{meta}{html[head.end() :]}"


def security_headers(policy: str) -> dict[str, str]:
    """Every header the site's responses should carry."""
    return {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": (
            "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
            "payment=(), usb=(), interest-cohort=(), browsing-topics=()"
        ),
        "Cross-Origin-Opener-Policy": "same-origin",
        "X-Frame-Options": "DENY",  # for browsers that do not know frame-ancestors
        "Strict-Transport-Security": "max-age=31536000",
    }


def headers_file(headers: dict[str, str], base: str = "/") -> str:
    """`_headers` for Netlify and Cloudflare Pages: every header for every address, long caching for theme files."""
    lines = [
        "# Security headers for Netlify and Cloudflare Pages, written by the charter build: do not edit,",
        "# it is written again on every build. Strict-Transport-Security applies only over HTTPS.",
        f"{base}*",
        *[f"  {name}: {value}" for name, value in headers.items()],
    ]
    for pattern in THEME_ASSETS:
        lines += ["", f"{base}{pattern}", f"  Cache-Control: {IMMUTABLE}"]
    return "\n".join(lines) + "\n"


CALENDAR_TYPE = "text/calendar; charset=utf-8"


def nginx_snippet(headers: dict[str, str], base: str = "/") -> str:
    """An nginx snippet to `include` in the site's `server { }` block."""
    lines = [
        "# Security headers for nginx, written by the charter build: do not edit, it is written again on every build.",
        "# Copy it beside nginx.conf on each deployment and, in the site's `server { }` block:",
        "#     include /etc/nginx/snippets/nginx-security-headers.conf;",
        "# nginx drops inherited add_header lines in a block that has its own: include the file in such blocks too.",
        "# Strict-Transport-Security is ignored by browsers over plain HTTP; serve the site over HTTPS.",
        *[f"add_header {name} {_nginx_string(value)} always;" for name, value in headers.items()],
        "",
        "# The theme's files carry a hash of their content in their names: cache them for a year.",
        f"location ~ ^{re.escape(base)}assets/(javascripts|stylesheets)/ {{",
        *[f"    add_header {name} {_nginx_string(value)} always;" for name, value in headers.items()],
        f"    add_header Cache-Control {_nginx_string(IMMUTABLE)} always;",
        "}",
        "",
        "# The calendars (closures.ics, notices*.ics) as text/calendar, which nginx's own mime.types lacks; this block",
        "# adds no header of its own, so it keeps the ones above.",
        "location ~ \\.ics$ {",
        "    types { }",
        f"    default_type {_nginx_string(CALENDAR_TYPE)};",
        "}",
    ]
    return "\n".join(lines) + "\n"


def _nginx_string(value: str) -> str:
    """A value as an nginx double-quoted string: its backslashes and quotes escaped, on one line."""
    if "\n" in value or "\r" in value:
        raise ValueError(f"a header value cannot span lines: {value!r}")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def cloudfront_policy(headers: dict[str, str]) -> str:
    """The headers as a CloudFront response headers policy (`aws cloudfront create-response-headers-policy`)."""
    typed = {"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"}
    hsts = headers["Strict-Transport-Security"]
    config = {
        "Name": "service-charter-security-headers",
        "Comment": "Written by the service charter build",
        "SecurityHeadersConfig": {
            "ContentSecurityPolicy": {"Override": True, "ContentSecurityPolicy": headers["Content-Security-Policy"]},
            "ContentTypeOptions": {"Override": True},
            "FrameOptions": {"Override": True, "FrameOption": headers["X-Frame-Options"]},
            "ReferrerPolicy": {"Override": True, "ReferrerPolicy": headers["Referrer-Policy"]},
            "StrictTransportSecurity": {
                "Override": True,
                "AccessControlMaxAgeSec": int(hsts.split("=", 1)[1]),
                "IncludeSubdomains": False,
                "Preload": False,
            },
        },
        "CustomHeadersConfig": {
            "Quantity": len(headers) - len(typed) - 1,
            "Items": [
                {"Header": name, "Value": value, "Override": True}
                for name, value in headers.items()
                if name not in typed and name != "Strict-Transport-Security"
            ],
        },
    }
    return json.dumps(config, indent=2, ensure_ascii=False) + "\n"


def merge_language_hashes(site_root: Path, languages: Iterable[str], hashes: InlineHashes) -> None:
    """Add every language's collected hashes to `hashes` and remove the files they were handed over in."""
    for lang in languages:
        path = site_root / lang / INLINE_HASHES
        if path.is_file():
            hashes.update(InlineHashes.load(path))
            path.unlink()


def write_security_headers(
    site_root: Path,
    hashes: InlineHashes,
    languages: list[str],
    *,
    form_targets: Sequence[str] = (),
    site_url: str = "",
    policy_in_pages: bool = False,
) -> str:
    """Write `_headers`, the nginx snippet and the CloudFront policy at the top of the site; the policy written.

    `site_url` is the site's address, when known: a site published in a folder has its paths below it.
    With `policy_in_pages`, the top page gets its policy in a `<meta>` too, as the languages' pages have.
    """
    base = urlsplit(site_url).path or "/"
    base = base if base.endswith("/") else base + "/"
    for name in (ROOT_PAGE, NOT_FOUND_PAGE):  # the top of the site is written after the languages
        path = site_root / name
        if not path.is_file():
            continue
        html = path.read_text(encoding="utf-8")
        page = hashes.collect(html)
        if policy_in_pages and name == ROOT_PAGE:  # the 404 page is a language's, with its policy already
            path.write_text(with_policy_meta(html, content_security_policy(page, form_targets=form_targets)), "utf-8")
    policy = content_security_policy(hashes, form_targets=form_targets)
    headers = security_headers(policy)
    (site_root / HEADERS).write_text(headers_file(headers, base), encoding="utf-8")
    (site_root / NGINX_HEADERS).write_text(nginx_snippet(headers, base), encoding="utf-8")
    (site_root / CLOUDFRONT_HEADERS).write_text(cloudfront_policy(headers), encoding="utf-8")
    return policy
