""" "Was this page helpful?": the form under every page, when the municipality has set `feedback` in site.yml."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit, urlunsplit

import jinja2

from ..i18n import Localizer
from ..model.schema import Feedback, FeedbackMethod
from .render import render_template


def feedback_form(environment: jinja2.Environment, L: Localizer, feedback: Feedback, page: str) -> str:
    """The form for the page at `page` (its path in the language's site, without extension)."""
    action, query = feedback.url, []
    if feedback.method is FeedbackMethod.get:  # a browser replaces the query of a GET form's address: keep it as fields
        parts = urlsplit(feedback.url)
        action = urlunsplit(parts._replace(query=""))
        query = parse_qsl(parts.query, keep_blank_values=True)
    return render_template(
        environment,
        "charter/feedback.html",
        f"page {page} [{L.lang}]",
        L=L,
        feedback=feedback,
        action=action,
        query=query,
        page=page,
    )
