"""Schema.org JSON-LD on service pages: present once, well-formed, faithful to the page, safe, and valid.

Validity against the schema.org vocabulary is checked by the TypeScript compiler with Google's
`schema-dts` typings, which are generated from the vocabulary: every node becomes a constant typed by
its `@type`, and the compiler rejects any property schema.org does not define for that type and any
value of the wrong type.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import FIXTURES, ROOT, build_site, copy_project, parse, tsc
from service_charter.model.schema import Duration
from service_charter.pages.structured_data import iso_duration

SERVICE_TYPES = {"GovernmentService"}
ISO_8601_DURATION = re.compile(r"^P(\d+[DW]|T\d+[HM])$")
HOSTILE = '</script><script>alert(1)</script><!-- "quoted" & \\ </SCRIPT >'
SITE_URL = "https://www.testville.example/"


def json_ld(page: Path | BeautifulSoup) -> list[dict]:
    """The JSON-LD documents of a built page."""
    soup = parse(page) if isinstance(page, Path) else page
    return [json.loads(tag.string) for tag in soup.find_all("script", type="application/ld+json")]


def graph_nodes(document: dict) -> dict[str, dict]:
    """The nodes of a JSON-LD graph, by type."""
    return {node["@type"]: node for node in document["@graph"]}


def service_pages(language_site: Path) -> list[Path]:
    return sorted(language_site.glob("service-*.html"))


# --- The example site ---------------------------------------------------------------------------


def test_every_service_page_is_valid_schema_org(example_site, tmp_path):
    nodes = []
    for lang in ("he", "ar", "en", "ru"):
        pages = service_pages(example_site / lang)
        assert len(pages) == 28
        for page in [*pages, example_site / lang / "faq.html"]:
            nodes += json_ld(page)[0]["@graph"]
    nodes = list({json.dumps(node, sort_keys=True): node for node in nodes}.values())  # the municipality once
    assert {node["@type"] for node in nodes} == {
        "GovernmentOrganization",
        "GovernmentService",
        "FAQPage",
        "BreadcrumbList",
    }
    result = tsc(nodes, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_each_service_page_carries_one_graph_that_matches_the_page(example_site):
    for lang in ("he", "en", "ar", "ru"):
        for path in service_pages(example_site / lang):
            soup = parse(path)
            documents = json_ld(soup)
            assert len(documents) == 1, path
            document = documents[0]
            assert document["@context"] == "https://schema.org"
            nodes = graph_nodes(document)
            assert len(nodes) == len(document["@graph"]), "one node of each type"
            service = nodes["GovernmentService"]
            assert service["name"] == soup.find("h1").get_text(), path
            meta = soup.find("meta", attrs={"name": "description"})["content"]
            assert service["description"].startswith(meta.removesuffix("…")), "the page's description, shortened"
            assert service["url"] == path.name
            assert service["provider"]["parentOrganization"] == {"@id": nodes["GovernmentOrganization"]["@id"]}
            for channel in service["availableChannel"]:
                assert ISO_8601_DURATION.match(channel["processingTime"]), channel

            crumbs = [li.get_text(strip=True) for li in soup.select(".charter-breadcrumb li")]
            links = [li.a["href"] for li in soup.select(".charter-breadcrumb li")]
            trail = nodes["BreadcrumbList"]["itemListElement"]
            assert [item["name"] for item in trail] == [*crumbs, service["name"]]
            assert [item["item"] for item in trail] == [*links, path.name]
            assert [item["position"] for item in trail] == [1, 2, 3]

            faqs = soup.find("section", attrs={"aria-labelledby": "faqs"})
            answered = [h3.get_text() for h3 in faqs.find_all("h3")] if faqs else []
            if not answered:
                assert "FAQPage" not in nodes
                continue
            assert [q["name"] for q in nodes["FAQPage"]["mainEntity"]] == answered, "the questions answered here"
            for question in nodes["FAQPage"]["mainEntity"]:
                answer = question["acceptedAnswer"]["text"]
                assert answer and not re.search(r"\*\*|\]\(|<[a-z]", answer), "plain text, no Markdown or HTML"


def test_a_question_is_described_only_where_its_answer_is(example_site):
    """A service page links to the general questions about it; they are described on the questions page alone."""
    linked = 0
    for lang in ("he", "ar", "en", "ru"):
        for path in sorted((example_site / lang).glob("*.html")):
            soup = parse(path)
            answered = {f"#{h3['id']}": h3.get_text() for h3 in soup.select("article h3[id]")}
            linked += len(soup.select('section[aria-labelledby="faqs"] li a[href^="faq.html#faq-"]'))
            for document in json_ld(soup):
                for node in document["@graph"]:
                    for question in node.get("mainEntity", []) if node["@type"] == "FAQPage" else []:
                        anchor = "#" + question["url"].partition("#")[2]
                        assert question["url"].startswith(path.name), (path.name, question["url"])
                        assert answered.get(anchor) == question["name"], (path.name, question["name"])
    assert linked > 20, "service pages link to general questions"


def test_the_questions_page_describes_every_question_it_answers(example_site):
    for lang in ("he", "en"):
        soup = parse(example_site / lang / "faq.html")
        [document] = json_ld(soup)
        nodes = graph_nodes(document)
        questions = nodes["FAQPage"]["mainEntity"]
        assert [q["name"] for q in questions] == [h3.get_text() for h3 in soup.select("article section h3")]
        assert [q["url"] for q in questions] == [f"faq.html#{h3['id']}" for h3 in soup.select("article section h3")]
        assert len(questions) == len(list((ROOT / "charter" / "faqs").glob("*.yml")))
        assert nodes["FAQPage"]["about"] == {"@id": nodes["GovernmentOrganization"]["@id"]}
        assert nodes["FAQPage"]["inLanguage"] == lang


def test_the_graph_follows_the_charter(example_site):
    """Spot checks of the English arnona page against charter/services/arnona-payment.yml."""
    record = yaml.safe_load((ROOT / "charter" / "services" / "arnona-payment.yml").read_text(encoding="utf-8"))
    nodes = graph_nodes(json_ld(example_site / "en" / "service-arnona-payment.html")[0])
    service = nodes["GovernmentService"]
    assert service["provider"]["name"] == "Revenue and Collection"
    assert service["provider"]["url"] == "department-revenue.html"
    assert nodes["GovernmentOrganization"]["name"] == "Ramat HaDekalim Municipality"
    assert [a["audienceType"] for a in service["audience"]] == ["Residents", "Businesses"]
    assert service["areaServed"] == {"@type": "AdministrativeArea", "name": "Ramat HaDekalim Municipality"}

    channels = service["availableChannel"]
    assert [c["name"] for c in channels] == ["Online form", "Municipal app", "Call centre 106 by phone",
                                             "Residents' Service Centre at City Hall"]  # fmt: skip
    web, app, phone, office = channels
    assert web["serviceUrl"] == record["channels"][0]["url"]
    assert app["serviceUrl"] == "https://app.ramat-hadekalim.example/"
    assert phone["servicePhone"]["telephone"] == "106"
    assert phone["servicePhone"]["hoursAvailable"][0]["dayOfWeek"][0] == "https://schema.org/Sunday"
    assert phone["availableLanguage"] == ["he", "ar", "en", "ru"]
    place = office["serviceLocation"]
    assert place["address"] == "1 HaDekalim Boulevard, Ramat HaDekalim"
    assert [(h["opens"], h["closes"]) for h in place["openingHoursSpecification"]] == [
        ("08:00", "15:00"),
        ("08:00", "18:30"),
    ]
    first = record["commitments"][0]
    promised = Duration.model_validate(first.get("resolve") or first.get("answer"))
    assert {c["processingTime"] for c in channels} == {iso_duration(promised)}
    assert service["offers"][0]["price"] == "0"
    assert service["offers"][0]["priceCurrency"] == "ILS"

    he = graph_nodes(json_ld(example_site / "he" / "service-arnona-payment.html")[0])
    assert he["GovernmentService"]["name"] == record["title"]["he"]
    assert he["FAQPage"]["inLanguage"] == "he"


def test_other_pages_carry_no_service(example_site):
    for lang in ("he", "en"):
        pages = [p for p in (example_site / lang).glob("*.html") if not p.name.startswith("service-")]
        assert len(pages) > 30
        for path in pages:
            for document in json_ld(path):
                assert not SERVICE_TYPES & {node["@type"] for node in document.get("@graph", [document])}, path


# --- A hostile text and an absolute site URL ---------------------------------------------------


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The tiny fixture with a service title that tries to leave the script element, built with a site URL."""
    project = copy_project(FIXTURES / "tiny", tmp_path_factory.mktemp("hostile") / "project")
    service = project / "charter" / "services" / "pay-tax.yml"
    record = yaml.safe_load(service.read_text(encoding="utf-8"))
    record["title"] = {"he": f"ארנונה {HOSTILE}", "en": f"Tax {HOSTILE}"}
    record["faqs"][0]["answer"] = {"en": f"Pay **now** {HOSTILE}", "he": "שלמו **עכשיו**."}
    service.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return build_site(project, project / "site", site_url=SITE_URL)


def test_no_text_breaks_out_of_the_script(hostile_site):
    for lang, title in (("he", f"ארנונה {HOSTILE}"), ("en", f"Tax {HOSTILE}")):
        path = hostile_site / lang / "service-pay-tax.html"
        html = path.read_text(encoding="utf-8")
        soup = parse(path)
        assert not [s for s in soup.find_all("script") if "alert(1)" in (s.string or "") and not s.get("type")]
        scripts = soup.find_all("script", type="application/ld+json")
        assert len(scripts) == 1
        raw = scripts[0].string
        assert not re.search(r"[<>&\u2028\u2029]", raw), "escaped inside the script"
        assert html.count("</script><script>alert(1)") == 0
        nodes = graph_nodes(json.loads(raw))
        assert nodes["GovernmentService"]["name"] == title
        assert nodes["BreadcrumbList"]["itemListElement"][-1]["name"] == title
        assert soup.find("h1").get_text() == title
    answer = graph_nodes(json_ld(hostile_site / "en" / "service-pay-tax.html")[0])["FAQPage"]["mainEntity"][0]
    assert answer["acceptedAnswer"]["text"].startswith("Pay now"), "Markdown reduced to its words"


def test_links_are_absolute_with_a_site_url(hostile_site):
    nodes = graph_nodes(json_ld(hostile_site / "en" / "service-pay-tax.html")[0])
    service = nodes["GovernmentService"]
    assert service["@id"] == f"{SITE_URL}en/service-pay-tax.html#service"
    assert service["url"] == f"{SITE_URL}en/service-pay-tax.html"
    assert service["provider"]["url"] == f"{SITE_URL}en/department-revenue.html"
    assert service["isRelatedTo"] == [{"@id": f"{SITE_URL}en/service-report-hazard.html#service"}]
    assert nodes["GovernmentOrganization"]["url"] == f"{SITE_URL}en/index.html"
    assert [item["item"] for item in nodes["BreadcrumbList"]["itemListElement"]] == [
        f"{SITE_URL}en/index.html",
        f"{SITE_URL}en/category-tax.html",
        f"{SITE_URL}en/service-pay-tax.html",
    ]
    assert service["offers"] == [{"@type": "Offer", "name": "Fee", "price": "12.5", "priceCurrency": "ILS"}]
    assert [c["processingTime"] for c in service["availableChannel"]] == ["P2D", "P2D"]
