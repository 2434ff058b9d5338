"""Property-based tests: generated valid charters build; mutated ones give problems, never a traceback."""

from __future__ import annotations

import json
import re
import shutil
import string
import tempfile
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import nh3
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, LANGUAGES, build_site
from service_charter import richtext
from service_charter.i18n import Localizer
from service_charter.load.loader import load_charter
from service_charter.pages.render import Renderer, make_environment
from service_charter.pages.specs import page_specs
from service_charter.problems import CharterError

TINY = FIXTURES / "tiny"
TODAY = date(2026, 11, 1)
HEBREW = "אבגדהוזחטיכלמנסעפצקרשת"
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
words = st.text(alphabet=HEBREW + ARABIC + string.ascii_letters + " .,:;!?-'\"<>&/()[]*_#", min_size=1, max_size=40)
texts = st.fixed_dictionaries(
    {"he": words.filter(str.strip)}, optional={lang: words.filter(str.strip) for lang in LANGUAGES[1:]}
)
durations = st.builds(
    lambda n, unit: f"{n} {unit}",
    st.integers(1, 500),
    st.sampled_from(["minutes", "hours", "days", "business_days", "weeks"]),
)


@st.composite
def services(draw, service_id: str) -> dict:
    resolve = draw(durations)
    commitment = {"resolve": resolve}
    if draw(st.booleans()):
        commitment["request"] = draw(texts)
    return {
        "title": draw(texts),
        "summary": draw(texts),
        "description": draw(texts),
        "department": "revenue",
        "categories": draw(st.lists(st.sampled_from(["tax", "reports"]), min_size=1, max_size=2, unique=True)),
        "eligibility": draw(texts),
        "steps": draw(st.lists(texts, min_size=1, max_size=3)),
        "channels": [{"channel": draw(st.sampled_from(["hotline", "web-form"]))}],
        "commitments": [commitment],
        "data": [{"item": "id-number"}, {"item": "photo"}],
        "faqs": draw(st.lists(st.fixed_dictionaries({"question": texts, "answer": texts}), max_size=2)),
        "keywords": {"he": draw(st.lists(words.filter(str.strip), max_size=3))},
        "owner": draw(texts),
        "last_reviewed": draw(st.dates(date(2020, 1, 1), TODAY)).isoformat(),
    }


@contextmanager
def tiny_copy():
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "project"
        shutil.copytree(TINY, target)
        yield target


def write_services(charter: Path, generated: list[dict]) -> None:
    for old in (charter / "services").glob("*.yml"):
        old.unlink()
    for index, service in enumerate(generated):
        (charter / "services" / f"service-{index}.yml").write_text(
            yaml.safe_dump(service, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    site = yaml.safe_load((charter / "site.yml").read_text(encoding="utf-8"))
    site["most_used"] = ["service-0"]
    (charter / "site.yml").write_text(yaml.safe_dump(site, allow_unicode=True, sort_keys=False), encoding="utf-8")
    faq = yaml.safe_load((charter / "faqs" / "track.yml").read_text(encoding="utf-8"))
    faq["services"] = ["service-0"]
    (charter / "faqs" / "track.yml").write_text(yaml.safe_dump(faq, allow_unicode=True), encoding="utf-8")


def generated_charters(max_size: int = 4):
    return st.integers(1, max_size).flatmap(lambda n: st.tuples(*[services(f"service-{i}") for i in range(n)]))


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
                assert len(blocks) == (spec.template == "charter/service.html")
                assert "<script" not in STRUCTURED_DATA.sub("", html).lower()


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated_charters(max_size=2))
def test_valid_charters_build_with_mkdocs(generated):
    with tiny_copy() as project:
        write_services(project / "charter", list(generated))
        site = build_site(project, project / "site")
        assert (site / "ru" / "service-0.html").is_file() or (site / "ru" / "service-service-0.html").is_file()


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
