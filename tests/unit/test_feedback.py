""" "Was this page helpful?": a wrong `feedback` setting in site.yml is named with its line."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, copy_project, with_feedback
from service_charter.load.loader import load_charter
from service_charter.problems import CharterError


@pytest.mark.parametrize(
    ("url", "method", "expected"),
    [
        ("http://feedback.example/answers", None, "feedback.url: 'http://feedback.example/answers'"),
        ("javascript:alert(1)", None, "feedback.url: 'javascript:alert(1)'"),
        ("https://feedback.example/answers", "put", "feedback.method: 'put' is not allowed here"),
    ],
)
def test_a_wrong_feedback_setting_names_the_line(tmp_path, url, method, expected):
    project = with_feedback(copy_project(FIXTURES / "tiny", tmp_path / "project"), url, method)
    lines = (project / "charter" / "site.yml").read_text(encoding="utf-8").splitlines()
    line = len(lines)  # the last line written: the url, or the method after it
    with pytest.raises(CharterError) as failure:
        load_charter(project / "charter")
    report = failure.value.report()
    assert f"charter/site.yml:{line}:" in report and expected in report, report
    if not method:
        assert "https://" in report  # the hint says how to write it
