"""Schema.org JSON-LD, from the functions alone: the schema check itself, escaping, durations and links.

Validity against the schema.org vocabulary is checked by the TypeScript compiler with Google's
`schema-dts` typings (see tests/build/test_structured_data.py): here, that the check rejects what
schema.org does not define.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import FIXTURES, tsc
from service_charter.addresses import Links
from service_charter.i18n import Localizer
from service_charter.load.loader import load_charter
from service_charter.model.schema import Duration
from service_charter.pages.structured_data import StructuredData, iso_duration, script

SITE_URL = "https://www.testville.example/"


def test_the_schema_check_rejects_what_schema_org_does_not_define(tmp_path):
    nodes = [
        {"@type": "GovernmentService", "name": "Pay property tax", "processingTime": "P5D"},
        {"@type": "ServiceChannel", "name": "Call centre", "telephone": "106"},
        {"@type": "FAQPage", "mainEntity": [{"@type": "Question", "name": "Why?", "acceptedAnswer": "Because."}]},
        {"@type": "BreadcrumbList", "itemListElement": [{"@type": "ListItem", "position": 1, "item": 42}]},
        {"@type": "GovernmentOrganization", "name": "City", "areaServed": "Testville"},  # a valid node
    ]
    result = tsc(nodes, tmp_path)
    assert result.returncode != 0
    errors = [line for line in result.stdout.splitlines() if "error TS" in line]
    assert [re.match(r"graph\.ts\((\d+),", line)[1] for line in errors] == ["2", "3", "4", "5"], result.stdout
    assert re.search(r"processingTime\W+ does not exist in type 'GovernmentServiceLeaf'", errors[0])
    assert re.search(r"telephone\W+ does not exist in type 'ServiceChannelLeaf'", errors[1])


def test_script_escapes_every_character_that_could_end_it():
    data = {"name": "</script><!-- a & b \u2028\u2029 -->", "other": "<SCRIPT>"}
    markup = str(script(data))
    body = markup.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert not re.search(r"[<>&\u2028\u2029]", body)
    assert json.loads(body) == data


@pytest.mark.parametrize(
    ("written", "iso"),
    [("15 minutes", "PT15M"), ("4 hours", "PT4H"), ("8 business_hours", "PT8H"), ("3 days", "P3D"),
     ("5 business_days", "P5D"), ("2 weeks", "P2W")],
)  # fmt: skip
def test_durations_in_iso_8601(written, iso):
    assert iso_duration(Duration.model_validate(written)) == iso


def test_links_from_a_page_in_a_folder():
    charter = load_charter(FIXTURES / "tiny" / "charter")
    links = Links("service-pay-tax", directory_urls=True)
    relative = StructuredData(charter, Localizer("en", "he"))
    assert relative.url(links, "index") == "../"
    assert relative.url(links, "category-tax", "x") == "../category-tax/#x"
    assert relative.file_url(links, "assets/logo.svg") == "../../assets/logo.svg"  # shared at the top of the site
    absolute = StructuredData(charter, Localizer("en", "he"), SITE_URL + "en/")
    assert absolute.url(links, "category-tax", "x") == f"{SITE_URL}en/category-tax/#x"
    assert absolute.url(links, "index") == f"{SITE_URL}en/"
    assert absolute.file_url(links, "assets/logo.svg") == f"{SITE_URL}assets/logo.svg"


def test_a_service_page_describes_only_the_questions_it_answers():
    charter = load_charter(FIXTURES / "tiny" / "charter")
    data = StructuredData(charter, Localizer("en", "he"))
    hazard = charter.services["report-hazard"]
    assert [faq.id for faq in charter.faqs_for_service(hazard.id)] == ["track"], "a general question links to it"
    questions = data.questions(hazard, Links("service-report-hazard"))
    assert [q["name"] for q in questions] == [data.text(faq.question) for faq in hazard.faqs]
    assert "How do I follow my request?" not in [q["name"] for q in questions], "answered on the questions page"
    pay_tax = data.questions(charter.services["pay-tax"], Links("service-pay-tax"))
    assert [(q["name"], q["url"]) for q in pay_tax] == [("What if I am late?", "service-pay-tax.html#faq-1")]
    page = json.loads(str(data.faq_page(Links("faq"))).partition(">")[2].removesuffix("</script>"))
    [faq_page] = [node for node in page["@graph"] if node["@type"] == "FAQPage"]
    assert [q["url"] for q in faq_page["mainEntity"]] == ["faq.html#faq-track"]
