"""The open-data export, checked against its own published JSON Schema and against Open Referral's HSDS 3 schema."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import uuid
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from icalendar import Calendar
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conftest import FIXTURES, LANGUAGES, ROOT, build_site, copy_project, parse
from service_charter.load.loader import load_charter
from service_charter.model.export import DERIVED, EXPORTED, FORMAT_VERSION
from service_charter.model.schema import Site, iter_texts
from service_charter.publish.open_data import ID_NAMESPACE

HSDS_SCHEMA = Path(__file__).parents[1] / "standards" / "hsds-3" / "service_with_definitions.json"
SITE_URL = "https://www.ramat-hadekalim.example/charter/"


@pytest.fixture(scope="module")
def charter():
    return load_charter(ROOT / "charter")


@pytest.fixture(scope="module")
def hsds() -> Draft202012Validator:
    """Open Referral's published schema of an HSDS 3.1 `service`, with every format checked."""
    schema = json.loads(HSDS_SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


@pytest.fixture(scope="module")
def hsds_organization() -> Draft202012Validator:
    """The same published schema's `organization`, reached through a `$ref` into the file, as the standard nests it."""
    schema = json.loads(HSDS_SCHEMA.read_text(encoding="utf-8"))
    registry = Registry().with_resource("urn:hsds:service", Resource.from_contents(schema, DRAFT202012))
    return Draft202012Validator(
        {"$ref": "urn:hsds:service#/definitions/organization"}, registry=registry, format_checker=FormatChecker()
    )


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def as_written(record: dict) -> dict:
    """An exported record without what the export derives (commitments' times in ISO 8601 and their calendars)."""
    record = copy.deepcopy(record)
    for commitment in record.get("commitments", []):
        for tier in (commitment, commitment["urgent"]) if commitment["urgent"] else (commitment,):
            for key in DERIVED:
                del tier[key]
    return record


def errors(validator: Draft202012Validator, instance) -> list[str]:
    return [f"{error.json_path}: {error.message}" for error in validator.iter_errors(instance)]


def commitment_rows(site: Path) -> list[dict[str, str]]:
    raw = (site / "open-data" / "commitments.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a byte-order mark, so that spreadsheets read the file as UTF-8"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


# --- charter.json and its schema -----------------------------------------------------------------


def test_charter_json_validates_against_its_published_schema(example_site):
    schema = read_json(example_site / "open-data" / "charter.schema.json")
    data = read_json(example_site / "open-data" / "charter.json")
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "charter.schema.json" == data["$schema"]  # no site_url: relative, beside the file
    assert schema["title"] and schema["description"]
    assert errors(Draft202012Validator(schema, format_checker=FormatChecker()), data) == []
    assert data["format_version"] == FORMAT_VERSION
    assert re.fullmatch(r"\d+\.\d+\.\d+", FORMAT_VERSION)


def test_the_charter_schema_rejects_a_broken_export(example_site):
    schema = read_json(example_site / "open-data" / "charter.schema.json")
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    good = read_json(example_site / "open-data" / "charter.json")
    broken = copy.deepcopy(good)
    service = broken["services"]["arnona-payment"]
    service["commitments"][0]["resolve"] = "5 fortnights"
    del service["title"]
    broken["departments"]["revenue"]["surprise"] = True
    broken["services"]["Not An Id"] = copy.deepcopy(good["services"]["arnona-payment"])
    found = "\n".join(errors(validator, broken))
    assert "$.services['arnona-payment'].commitments[0].resolve: '5 fortnights' is not valid" in found
    assert "'title' is a required property" in found
    assert "'surprise' was unexpected" in found
    assert "'Not An Id' does not match any of the regexes" in found


def test_charter_json_holds_every_record_in_every_language(example_site, charter):
    data = read_json(example_site / "open-data" / "charter.json")
    assert Site.model_validate(data["site"]) == charter.site
    folders = {kind.folder: charter.of_kind(kind) for kind in EXPORTED}
    for kind in EXPORTED:
        folder, model = kind.folder, kind.model
        exported = data[folder.replace("-", "_")]
        assert list(exported) == sorted(folders[folder]), folder
        for record_id, record in folders[folder].items():
            # what a reader gets back is the record itself, each text in each of its languages
            assert model.model_validate(as_written(exported[record_id])) == record, f"{folder}/{record_id}"
            for path, text in iter_texts(record):
                node = exported[record_id]
                for key in path:
                    node = node[key]
                assert node == text.root
    assert len(data["services"]) == len(charter.services) > 20
    reviewed = max([charter.site.accessibility.last_checked, *(s.last_reviewed for s in charter.services.values())])
    assert data["last_reviewed"] == reviewed.isoformat()


def test_charter_json_holds_other_bodies_and_what_residents_told_us(example_site, charter):
    """Since format 2.1.0: `bodies` and `improvements` after the earlier keys, and the services' reminders, bodies
    and own feedback addresses; the published schema describes them."""
    data = read_json(example_site / "open-data" / "charter.json")
    folders = ["channels", "departments", "categories", "life_events", "data", "services", "faqs", "notices"]
    assert list(data) == ["$schema", "format_version", "last_reviewed", "site", *folders, "bodies", "improvements"]
    assert tuple(map(int, FORMAT_VERSION.split("."))) >= (2, 1, 0)
    assert set(data["bodies"]) == set(charter.bodies) and set(data["improvements"]) == set(charter.improvements)
    for body_id, body in data["bodies"].items():
        assert body["channels"] and all(channel["kind"] and channel["name"] for channel in body["channels"]), body_id
    for improvement_id, improvement in data["improvements"].items():
        assert improvement["changed_on"] == charter.improvements[improvement_id].changed_on.isoformat()
        assert set(improvement["services"]) <= set(data["services"])
    for service_id, service in data["services"].items():
        record = charter.services[service_id]
        assert [use["body"] for use in service["bodies"]] == [use.body for use in record.bodies]
        assert len(service["reminders"]) == len(record.reminders)
        assert service["request_feedback"] == record.request_feedback
    assert data["site"]["request_feedback"] == charter.site.request_feedback
    schema = read_json(example_site / "open-data" / "charter.schema.json")
    assert {"bodies", "improvements"} <= set(schema["properties"]) and set(schema["required"]) >= {"bodies"}
    service = schema["$defs"]["Service"]["properties"]
    assert {"reminders", "bodies", "request_feedback"} <= set(service)


# --- commitments.csv -----------------------------------------------------------------------------


def test_commitments_csv_has_a_row_per_commitment_with_its_times(example_site, charter):
    raw = (example_site / "open-data" / "commitments.csv").read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")  # RFC 4180 line ends
    rows = commitment_rows(example_site)
    assert len(rows) == sum(len(service.commitments) for service in charter.services.values())
    assert [row["service_id"] for row in rows] == sorted(row["service_id"] for row in rows)
    hours = {"minutes": 1 / 60, "hours": 1, "days": 24, "weeks": 168}  # a business day has no fixed length in hours
    by_service: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_service.setdefault(row["service_id"], []).append(row)
    for service_id, service_rows in by_service.items():
        service = charter.services[service_id]
        assert service_rows[0]["service_title"] == service.title.get("he")
        assert service_rows[0]["service_title_en"] == (service.title.get("en") or "")
        assert (example_site / service_rows[0]["page"]).is_file()
        for row, commitment in zip(service_rows, service.commitments, strict=True):
            assert row["department_id"] == service.department
            assert row["request"] == (commitment.request.get("he") if commitment.request else "")
            for tier in ("acknowledge", "answer", "resolve"):
                duration = getattr(commitment, tier)
                if duration is None:
                    assert row[tier] == row[f"{tier}_hours"] == ""
                    continue
                amount, unit = row[tier].split(" ")
                assert (int(amount), unit) == (duration.amount, duration.unit.value)
                assert row[f"{tier}_iso"] == duration.iso
                if duration.is_business:
                    assert (row[f"{tier}_calendar"], row[f"{tier}_hours"]) == ("business", "")
                    continue
                assert row[f"{tier}_calendar"] == "gregorian"
                assert float(row[f"{tier}_hours"]) == pytest.approx(duration.amount * hours[unit], abs=0.01)
            urgent = commitment.urgent
            assert row["urgent_when"] == (urgent.when.get("he") if urgent else "")
    assert any(row["urgent_when"] for row in rows)
    assert any(row["acknowledge"].endswith("hours") for row in rows) or any(row["urgent_acknowledge"] for row in rows)


# --- Open Referral HSDS 3 ------------------------------------------------------------------------


def _objects_with_ids(value, found: dict[str, list]) -> None:
    if isinstance(value, dict):
        if "id" in value:
            found.setdefault(value["id"], []).append(value)
        for item in value.values():
            _objects_with_ids(item, found)
    elif isinstance(value, list):
        for item in value:
            _objects_with_ids(item, found)


def test_hsds_services_validate_against_the_published_hsds_schema(example_site, charter, hsds):
    assert {"uuid", "uri", "email", "date-time"} <= set(FormatChecker().checkers)  # formats really checked
    for lang in LANGUAGES:
        services = read_json(example_site / "open-data" / "hsds" / lang / "services.json")
        assert len(services) == len(charter.services)
        for service in services:
            assert errors(hsds, service) == [], f"{lang}: {service['name']}"
        by_name = {service["name"] for service in services}
        assert {s.title.get(lang) or s.title.get("he") for s in charter.services.values()} == by_name
        ids: dict[str, list] = {}
        _objects_with_ids(services, ids)
        for key, objects in ids.items():
            assert uuid.UUID(key).version == 5
            assert all(other == objects[0] for other in objects), f"two different records share the id {key}"


def test_hsds_maps_offices_documents_fees_and_phones(example_site, charter):
    services = {s["name"]: s for s in read_json(example_site / "open-data" / "hsds" / "en" / "services.json")}
    payment = services[charter.services["arnona-payment"].title.get("en")]
    organization = read_json(example_site / "open-data" / "hsds" / "en" / "organization.json")
    assert "organization" not in payment and payment["organization_id"] == organization["id"]
    assert payment["status"] == "active"
    assert payment["assured_date"] == charter.services["arnona-payment"].last_reviewed.isoformat()
    assert {phone["number"] for phone in payment["phones"]} >= {"106"}
    assert all(url["url"].startswith("https://") for url in payment["additional_urls"])
    assert {rule["byday"] for rule in payment["schedules"]} >= {"SU,MO,WE,TH", "TU"}
    offices = {location["id"]: location for location in organization["locations"]}
    locations = [offices[place["location_id"]] for place in payment["service_at_locations"]]
    assert not any("location" in place for place in payment["service_at_locations"])  # written once, in organization
    assert [location["name"] for location in locations] == [office.name.get("en") for office in charter.site.offices]
    with_documents = next(s for s in charter.services.values() if s.documents)
    exported = services[with_documents.title.get("en")]
    assert [d["document"].split(" (")[0] for d in exported["required_documents"]] == [
        d.name.get("en") for d in with_documents.documents
    ]
    with_fee = next(s for s in charter.services.values() if any(fee.amount for fee in s.fees))
    costs = services[with_fee.title.get("en")]["cost_options"]
    assert [cost.get("amount") for cost in costs] == [
        float(f.amount) if f.amount is not None else None for f in with_fee.fees
    ]
    assert {cost["currency"] for cost in costs} == {charter.site.currency}
    ids = {s["id"] for s in services.values()}
    namespace = uuid.uuid5(ID_NAMESPACE, charter.site.name.get("he"))
    assert str(uuid.uuid5(namespace, "service/arnona-payment")) == payment["id"] in ids


def test_the_hsds_organization_holds_the_offices(example_site, charter, hsds_organization):
    for lang in LANGUAGES:
        organization = read_json(example_site / "open-data" / "hsds" / lang / "organization.json")
        assert errors(hsds_organization, organization) == [], lang
        assert organization["name"] == (charter.site.name.get(lang) or charter.site.name.get("he"))
        offices = charter.site.offices
        assert [location["name"] for location in organization["locations"]] == [
            office.name.get(lang) or office.name.get("he") for office in offices
        ]
        for location, office in zip(organization["locations"], offices, strict=True):
            assert location["accessibility"][0]["description"] == (
                office.accessibility.get(lang) or office.accessibility.get("he")
            )
            assert len(location["schedules"]) == len(office.hours)
    broken = copy.deepcopy(organization)
    broken["locations"][0]["location_type"] = "office"
    broken["locations"][0]["schedules"][0]["freq"] = "DAILY"
    found = "\n".join(errors(hsds_organization, broken))
    assert "'office' is not one of" in found and "'DAILY' is not one of" in found


def test_hsds_validation_fails_on_a_broken_service(example_site, hsds):
    """The published schema does catch mistakes, formats included: the checks above can fail."""
    services = read_json(example_site / "open-data" / "hsds" / "he" / "services.json")
    service = next(s for s in services if s["phones"] and s.get("additional_urls"))
    assert errors(hsds, service) == []
    cases = {
        "not a uuid": lambda s: s.update(id="arnona-payment"),
        "no name": lambda s: s.pop("name"),
        "unknown status": lambda s: s.update(status="open"),
        "a phone without a number": lambda s: s["phones"][0].pop("number"),
        "a web link that is not a URI": lambda s: s["additional_urls"][0].update(url="pay online"),
        "an organization id that is not a uuid": lambda s: s.update(organization_id="municipality"),
    }
    for case, mutate in cases.items():
        broken = copy.deepcopy(service)
        mutate(broken)
        assert errors(hsds, broken), case


# --- With the site's address: absolute links ---------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_with_url(tmp_path_factory) -> Path:
    return build_site(FIXTURES / "tiny", tmp_path_factory.mktemp("tiny-url") / "site", site_url=SITE_URL)


def test_with_a_site_url_every_link_is_absolute(tiny_with_url, hsds):
    data = read_json(tiny_with_url / "open-data" / "charter.json")
    schema = read_json(tiny_with_url / "open-data" / "charter.schema.json")
    assert data["$schema"] == schema["$id"] == f"{SITE_URL}open-data/charter.schema.json"
    assert errors(Draft202012Validator(schema, format_checker=FormatChecker()), data) == []
    rows = commitment_rows(tiny_with_url)
    assert rows and all(row["page"].startswith(f"{SITE_URL}he/service-") for row in rows)
    for row in rows:
        assert (tiny_with_url / row["page"].removeprefix(SITE_URL)).is_file()
    services = read_json(tiny_with_url / "open-data" / "hsds" / "he" / "services.json")
    for service in services:
        assert errors(hsds, service) == []
        assert service["url"].startswith(f"{SITE_URL}he/service-")
    organization = read_json(tiny_with_url / "open-data" / "hsds" / "en" / "organization.json")
    assert organization["website"] == SITE_URL
    calendar = read_json(tiny_with_url / "open-data" / "calendar.json")
    assert calendar["$schema"] == f"{SITE_URL}open-data/calendar.schema.json"
    closures = Calendar.from_ical((tiny_with_url / "ru" / "closures.ics").read_bytes())
    assert str(closures["source"]) == f"{SITE_URL}ru/closures.ics"
    assert all(str(event["uid"]).endswith("@www.ramat-hadekalim.example") for event in closures.walk("VEVENT"))


def test_a_title_that_looks_like_a_formula_stays_text_in_the_csv(tmp_path):
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    service = project / "charter" / "services" / "pay-tax.yml"
    title = '=HYPERLINK("https://evil.example/", "Pay, now")'
    text = service.read_text(encoding="utf-8").replace("en: Pay property tax,", f"en: '{title}',", 1)
    service.write_text(text, encoding="utf-8")
    site = build_site(project, tmp_path / "site")
    row = next(row for row in commitment_rows(site) if row["service_id"] == "pay-tax")
    assert row["service_title_en"] == f"'{title}"  # quotes and commas survive, and a spreadsheet shows it as text
    assert read_json(site / "open-data" / "charter.json")["services"]["pay-tax"]["title"]["en"] == title


def test_every_build_writes_the_same_files(tiny_site):
    """`test_build.py` compares every file of two builds (jobs 1 and 3): the open data must be among them."""
    files = sorted(p.relative_to(tiny_site).as_posix() for p in (tiny_site / "open-data").rglob("*") if p.is_file())
    assert files == sorted(
        [
            "open-data/charter.json",
            "open-data/charter.schema.json",
            "open-data/commitments.csv",
            "open-data/calendar.json",  # the tiny fixture has a business calendar
            "open-data/calendar.schema.json",
            *(f"open-data/hsds/{lang}/{name}" for lang in LANGUAGES for name in ("services.json", "organization.json")),
        ]
    )
    text = (tiny_site / "open-data" / "charter.json").read_text(encoding="utf-8")
    assert not re.search(r"20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+", text), "no build time in the export"


# --- The open-data page -------------------------------------------------------------------------------


def test_the_open_data_page_links_every_file_in_every_language(example_site, charter):
    expected = {
        "open-data/charter.json",
        "open-data/charter.schema.json",
        "open-data/commitments.csv",
        "open-data/performance.csv",  # the example publishes figures; `test_performance.py` checks a charter without
        *(f"open-data/hsds/{lang}/{name}" for lang in LANGUAGES for name in ("services.json", "organization.json")),
    }
    if charter.site.calendar:  # `test_calendar_open_data.py` checks these files
        expected |= {"open-data/calendar.json", "open-data/calendar.schema.json"}
        expected |= {f"{lang}/closures.ics" for lang in LANGUAGES}
    for lang in LANGUAGES:
        page = example_site / lang / "open-data.html"
        html = parse(page)
        assert html.find("h1")
        targets = set()
        for anchor in html.select("article table th a[href]"):
            target = (page.parent / unquote(urlsplit(anchor["href"]).path)).resolve()
            assert target.is_file(), f"{lang}: {anchor['href']}"
            targets.add(target.relative_to(example_site.resolve()).as_posix())
        assert targets == expected, lang
        for hub in ("commitments", "contact"):
            links = [a["href"] for a in parse(example_site / lang / f"{hub}.html").select("article a[href]")]
            assert "open-data.html" in links, f"{lang}/{hub}.html links to the open-data page"
    other = parse(example_site / "en" / "open-data.html").select("article table span[lang]")
    assert {span["lang"] for span in other} == {"he", "ar", "ru"}
