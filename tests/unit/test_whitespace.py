"""Pages lose their templates' indentation, never a space a reader would see, nor a byte of kept elements."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from service_charter.publish.whitespace import without_indentation

KEPT = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def test_indentation_and_blank_lines_go():
    html = "<ul>\n    <li>one</li>\n\n   \n    <li>two  \n   words</li>\n</ul>\n"
    assert without_indentation(html) == "<ul>\n<li>one</li>\n<li>two\nwords</li>\n</ul>\n"


def test_kept_elements_stay_as_written():
    pre = "<pre>\n    indented\n\n  code\n</pre>"
    script = '<SCRIPT type="module">\n  let a = `\n    two lines`;\n</SCRIPT >'
    textarea = "<textarea>\n  typed\n</textarea>"
    style = "<style>\n  a { color: red }\n</style>"
    html = f"<div>\n  {pre}\n  {script}\n  {textarea}\n  {style}\n</div>"
    assert without_indentation(html) == f"<div>\n{pre}\n{script}\n{textarea}\n{style}\n</div>"


def test_spaces_on_one_line_stay():
    assert without_indentation("<b>a</b>   <i>b</i>") == "<b>a</b>   <i>b</i>"
    assert without_indentation("a <script>x</script> b") == "a <script>x</script> b"


def collapsed(html: str) -> str:
    """What a browser makes of the whitespace outside kept elements: runs of it (ASCII only) as one space."""
    return re.sub(r"[ \t\n\r\f]+", " ", KEPT.sub("<kept>", html))


pieces = ["a", "ש", " ", "\t", "\n", "\r", "<p>", "</p>", "<pre>", "</pre>", "<script>", "</script>", "\u00a0"]
markup = st.lists(st.sampled_from(pieces), max_size=40).map("".join)


@given(markup)
def test_what_a_reader_sees_does_not_change(html):
    reduced = without_indentation(html)
    assert collapsed(reduced) == collapsed(html)
    assert KEPT.findall(reduced) == KEPT.findall(html)
    assert reduced.count("\u00a0") == html.count("\u00a0")  # a no-break space is not indentation
