""" "Was this page helpful?" in a browser: sent in the background, plainly without JavaScript, and passing axe."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import AXE, ENDPOINT, FIXTURES, build_site, copy_project, parse, serve_folder, with_feedback
from service_charter.i18n import ui_strings


class Endpoint:
    """The municipality's feedback address, answered inside the browser: every request it gets, recorded."""

    def __init__(self, context, fail_fetch: bool = False):
        self.requests: list[tuple[str, str, dict[str, list[str]]]] = []
        self.fail_fetch = fail_fetch
        context.route(f"{urlsplit(ENDPOINT).scheme}://{urlsplit(ENDPOINT).netloc}/**", self.answer)

    def answer(self, route):
        request = route.request
        if self.fail_fetch and request.resource_type == "fetch":
            route.abort("connectionfailed")
            return
        query = parse_qs(urlsplit(request.url).query, keep_blank_values=True)
        body = parse_qs(request.post_data or "", keep_blank_values=True)
        self.requests.append((request.method, request.resource_type, {**query, **body}))
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>Thanks</title><p>Received")


def expected_fields(page: str, lang: str, helpful: str, comment: str = "") -> dict[str, list[str]]:
    return {
        "form": ["page-feedback"],
        "source": ["charter"],
        "page": [page],
        "lang": [lang],
        "helpful": [helpful],
        "comment": [comment],
    }


def test_yes_is_sent_in_the_background_and_thanked_in_place(feedback_site, browser):
    context = browser.new_context()
    endpoint = Endpoint(context)
    page = context.new_page()
    with serve_folder(feedback_site) as url:
        page.goto(f"{url}/en/service-pay-tax.html")
        form = page.locator("form.charter-feedback")
        form.get_by_role("button", name=ui_strings("en")["feedback"]["answer_yes"]).click()
        status = form.get_by_role("status")
        status.filter(has_text=ui_strings("en")["feedback"]["thanks"]).wait_for()
        assert page.url == f"{url}/en/service-pay-tax.html"  # no navigation
        assert endpoint.requests == [("POST", "fetch", expected_fields("service-pay-tax", "en", "yes"))]
        assert not form.locator("fieldset").is_visible()
        assert page.evaluate("() => document.activeElement.classList.contains('charter-feedback__thanks')")
    context.close()


def test_a_comment_is_sent_with_the_answer_in_a_right_to_left_page(feedback_site, browser):
    context = browser.new_context()
    endpoint = Endpoint(context)
    page = context.new_page()
    strings = ui_strings("he")["feedback"]
    with serve_folder(feedback_site) as url:
        page.goto(f"{url}/he/guide/moving.html")
        form = page.locator("form.charter-feedback")
        form.get_by_text(strings["add_comment"]).click()
        form.get_by_label(strings["comment"]).fill("חסר מידע על חניה")
        form.get_by_role("button", name=strings["answer_no"]).click()
        form.get_by_role("status").filter(has_text=strings["thanks"]).wait_for()
    assert endpoint.requests == [("POST", "fetch", expected_fields("guide/moving", "he", "no", "חסר מידע על חניה"))]
    context.close()


def test_when_the_background_request_fails_the_form_is_sent_plainly(feedback_site, browser):
    context = browser.new_context()
    endpoint = Endpoint(context, fail_fetch=True)
    page = context.new_page()
    with serve_folder(feedback_site) as url:
        page.goto(f"{url}/ar/index.html")
        page.locator("form.charter-feedback").get_by_role(
            "button", name=ui_strings("ar")["feedback"]["answer_yes"]
        ).click()
        page.wait_for_url(ENDPOINT)
    assert endpoint.requests == [("POST", "document", expected_fields("index", "ar", "yes"))]
    context.close()


def test_without_javascript_the_form_still_sends(feedback_site, browser):
    context = browser.new_context(java_script_enabled=False)
    endpoint = Endpoint(context)
    page = context.new_page()
    with serve_folder(feedback_site) as url:
        page.goto(f"{url}/ru/about.html")
        page.locator("form.charter-feedback").get_by_role(
            "button", name=ui_strings("ru")["feedback"]["answer_no"]
        ).click()
        page.wait_for_url(ENDPOINT)
    assert endpoint.requests == [("POST", "document", expected_fields("about", "ru", "no"))]
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["he", "en"])
def test_the_form_passes_axe(feedback_site, browser, lang, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    with serve_folder(feedback_site) as url:
        page.goto(f"{url}/{lang}/service-pay-tax.html")
        page.locator("form.charter-feedback summary").click()  # the comment box open too
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
        )
        sizes = page.evaluate(
            "() => [...document.querySelectorAll('.charter-feedback button, .charter-feedback summary')]"
            ".map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])"
        )
    context.close()
    assert not [(v["id"], v["nodes"][0]["target"]) for v in result["violations"]]
    assert sizes and all(width >= 44 and height >= 44 for width, height in sizes), sizes


def test_a_get_form_keeps_the_query_of_its_address_with_or_without_javascript(tmp_path, browser):
    project = with_feedback(copy_project(FIXTURES / "tiny", tmp_path / "project"), method="get")
    site = build_site(project, tmp_path / "site")
    form = parse(site / "ar" / "service-pay-tax.html").select_one("form.charter-feedback")
    assert form["method"] == "get" and form["action"] == "https://feedback.example/answers"
    yes = ui_strings("ar")["feedback"]["answer_yes"]
    with serve_folder(site) as url:
        for javascript, kind in ((True, "fetch"), (False, "document")):
            context = browser.new_context(java_script_enabled=javascript)
            endpoint = Endpoint(context)
            page = context.new_page()
            page.goto(f"{url}/ar/service-pay-tax.html")
            page.locator("form.charter-feedback").get_by_role("button", name=yes).click()
            if javascript:
                page.locator("form.charter-feedback [role=status]").filter(
                    has_text=ui_strings("ar")["feedback"]["thanks"]
                ).wait_for()
            else:
                page.wait_for_url("https://feedback.example/answers?**")
            assert endpoint.requests == [("GET", kind, expected_fields("service-pay-tax", "ar", "yes"))]
            context.close()
