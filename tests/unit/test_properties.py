"""Property-based tests: generated valid charters render safely; mutated ones give problems, never a traceback."""

from __future__ import annotations

import json
import re
import string

import nh3
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import HEBREW, LANGUAGES, TINY, TODAY, generated_charters, tiny_copy, write_services
from service_charter import richtext
from service_charter.i18n import Localizer
from service_charter.load.loader import load_charter
from service_charter.pages.render import Renderer, make_environment
from service_charter.pages.specs import page_specs
from service_charter.problems import CharterError

STRUCTURED_DATA = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated_charters())
def test_valid_charters_load_and_every_page_renders_safely(generated):
    with tiny_copy() as project:
        write_services(project / "charter", list(generated))
        charter = load_charter(project / "charter", today=TODAY)
        for lang in LANGUAGES:
            renderer = Renderer(charter, Localizer(lang, "he"), make_environment(), directory_urls=False)
            for spec in page_specs(charter):
                html = renderer.render(spec).html
                # The one script a page may carry is its JSON-LD, a data block that must still parse.
                blocks = STRUCTURED_DATA.findall(html)
                assert all(json.loads(block)["@graph"] for block in blocks)
                assert len(blocks) == (spec.template in ("charter/service.html", "charter/faq.html"))
                assert "<script" not in STRUCTURED_DATA.sub("", html).lower()


MUTATIONS = ["delete", "duplicate", "indent", "dedent", "insert", "truncate"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    file=st.sampled_from(sorted(str(p.relative_to(TINY / "charter")) for p in (TINY / "charter").rglob("*.yml"))),
    mutation=st.sampled_from(MUTATIONS),
    where=st.integers(0, 10_000),
    garbage=st.text(alphabet=":-[]{}&*!|>'\"#% \t\u200f" + string.ascii_letters + HEBREW, max_size=12),
)
def test_mutated_charters_give_problems_never_a_traceback(file, mutation, where, garbage):
    with tiny_copy() as project:
        path = project / "charter" / file
        lines = path.read_text(encoding="utf-8").split("\n")
        index = where % len(lines)
        if mutation == "delete":
            del lines[index]
        elif mutation == "duplicate":
            lines.insert(index, lines[index])
        elif mutation == "indent":
            lines[index] = "  " + lines[index]
        elif mutation == "dedent":
            lines[index] = lines[index].lstrip()
        elif mutation == "insert":
            column = where % (len(lines[index]) + 1)
            lines[index] = lines[index][:column] + garbage + lines[index][column:]
        else:
            lines = lines[:index]
        path.write_text("\n".join(lines), encoding="utf-8")
        try:
            load_charter(project / "charter", today=TODAY)
            event("still valid")
        except CharterError as exc:
            event("reported")
            for problem in exc.problems:
                assert problem.file and problem.line >= 1 and problem.message


@settings(max_examples=3000, deadline=None)
@given(
    st.text(
        alphabet=HEBREW + string.ascii_letters + string.digits + string.punctuation + " \t\n\r\xa0\u200f\u2028\u3000",
        max_size=30,
    )
)
def test_plain_text_shortcut_renders_as_markdown_would(source):
    """Most one-line texts skip Python-Markdown; they must come out exactly as if they had not."""
    event("shortcut" if source and not richtext._MARKUP.search(source) else "markdown")
    full = richtext._converter.reset().convert(source)
    expected = nh3.clean(
        full,
        tags=richtext.ALLOWED_TAGS,
        attributes=richtext.ALLOWED_ATTRIBUTES,
        url_schemes=richtext.URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    assert richtext.render_markdown.__wrapped__(source) == expected
