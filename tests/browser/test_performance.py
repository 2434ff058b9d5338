"""Performance figures in a real browser: the chart reads from the right in right-to-left languages, with contrast."""

from __future__ import annotations

import pytest


def test_the_chart_reads_from_the_right_in_right_to_left_languages(browser, site_url):
    page = browser.new_page()
    edges = {}
    for lang in ("he", "en"):
        page.goto(f"{site_url}/{lang}/performance.html")
        caption = page.locator("article figcaption").inner_text()
        assert page.get_by_role("img", name=caption, exact=True).count() == 1
        edges[lang] = page.evaluate(
            """() => [...document.querySelectorAll('.charter-chart__row')].map(row => {
                const box = element => { const b = row.querySelector(element).getBBox(); return [b.x, b.x + b.width]; };
                return {label: box('text'), track: box('.charter-chart__track'), bar: box('.charter-chart__bar'),
                        value: box('.charter-chart__value')};
            })"""
        )
    for row in edges["he"]:  # bars grow leftwards from the right edge, where the labels start
        assert row["bar"][1] == pytest.approx(row["track"][1])
        assert row["label"][1] == pytest.approx(row["track"][1], abs=1)
        assert row["value"][1] < row["track"][0]
    for row in edges["en"]:
        assert row["bar"][0] == pytest.approx(row["track"][0])
        assert row["label"][0] == pytest.approx(row["track"][0], abs=1)
        assert row["value"][0] > row["track"][1]
    page.close()


def _luminance(rgb: list[float]) -> float:
    channels = [c / 255 for c in rgb]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: list[float], other: list[float]) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_bars_and_their_values_stand_out_in_light_and_dark(browser, site_url, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{site_url}/he/performance.html")
    colours = page.evaluate(
        """() => ['body', '.charter-chart__bar', '.charter-chart__value'].map(selector => {
            const style = getComputedStyle(document.querySelector(selector));
            return (selector === 'body' ? style.backgroundColor : style.fill).match(/[\\d.]+/g).map(Number);
        })"""
    )
    background, bar, value = colours
    if len(value) == 4:  # a translucent text colour, over the page
        value = [v * value[3] + b * (1 - value[3]) for v, b in zip(value[:3], background[:3], strict=True)]
    assert _contrast(bar[:3], background[:3]) >= 3
    assert _contrast(value[:3], background[:3]) >= 4.5
    context.close()
