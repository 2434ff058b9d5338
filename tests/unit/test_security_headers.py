"""Security headers: the policy, its inline hashes and the policy written into pages, from the functions alone."""

from __future__ import annotations

from conftest import directives, parse_html
from service_charter.publish.security_headers import (
    InlineHashes,
    content_security_policy,
    source_hash,
    with_policy_meta,
)


def test_inline_hashes_skip_data_blocks_and_scripts_with_a_source():
    hashes = InlineHashes()
    hashes.collect(
        '<script>run()</script><script type="application/ld+json">{"a": 1}</script>'
        '<script id="__config" type="application/json">{}</script><script src="a.js"></script>'
        "<SCRIPT type='module'>go()</SCRIPT><style>p{}</style><script\ttype=text/javascript>x\r\ny</script>"
    )
    assert hashes.scripts == {source_hash("run()"), source_hash("go()"), source_hash("x\ny")}
    assert hashes.styles == {source_hash("p{}")}
    # The browser hashes the text as UTF-8 after turning CR LF into LF: the reference value of the CSP spec.
    assert source_hash("alert('Hello, world.');") == "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"


def test_feedback_endpoint_is_allowed_for_forms_and_scripts_only():
    policy = directives(content_security_policy(InlineHashes(), form_targets=["https://forms.example.org/send?x=1"]))
    assert policy["form-action"] == ["'self'", "https://forms.example.org"]
    assert policy["connect-src"] == ["'self'", "https://forms.example.org"]
    assert "https://forms.example.org" not in policy["script-src"] + policy["img-src"]


def test_policy_meta_comes_first_in_the_head_without_frame_ancestors():
    policy = content_security_policy(InlineHashes())
    page = with_policy_meta('<html><head><meta charset="utf-8"><script>x()</script></head></html>', policy)
    meta = parse_html(page).head.contents[1]
    assert meta.name == "meta" and meta["http-equiv"] == "Content-Security-Policy"
    assert meta["content"] == policy.replace("; frame-ancestors 'none'", "")
    assert with_policy_meta("<p>no head</p>", policy) == "<p>no head</p>"
