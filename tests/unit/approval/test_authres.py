"""Parsing Authentication-Results headers (RFC 8601) and the DMARC verdict."""

from __future__ import annotations

from responder.approval.authres import Dmarc, dmarc_verdict, parse, strip_comments

TRUSTED = ("mx.shop.example",)


def test_comments_with_semicolons_do_not_split_results() -> None:
    """A `;` inside a (nested) comment is not a separator; quoted strings survive."""
    header = parse(
        "mx.shop.example 1; dkim=pass (good; (really) signed) header.d=shop.example;\r\n"
        '\tdmarc=pass (p=none; dis=none) header.from="Shop.Example"'
    )
    assert header.authserv_id == "mx.shop.example"
    assert [(r.method, r.result) for r in header.results] == [("dkim", "pass"), ("dmarc", "pass")]
    assert header.of("dmarc")[0].props["header.from"] == "shop.example"
    assert strip_comments('a (b (c) d) "e (f)"') == 'a  "e (f)"'


def test_none_and_missing_id() -> None:
    """`id; none` has no results; a header starting with a result has no authserv-id."""
    assert parse("mx.shop.example; none").results == ()
    assert parse("spf=pass smtp.mailfrom=x.example").authserv_id == ""


def test_any_trusted_fail_wins_and_only_the_top_may_pass() -> None:
    """A fail anywhere in a trusted header beats a pass at the top."""
    top_pass = "mx.shop.example; dmarc=pass header.from=shop.example"
    low_fail = "mx.shop.example; dmarc=fail header.from=shop.example"
    assert dmarc_verdict([top_pass], TRUSTED, "shop.example")[0] is Dmarc.PASS
    assert dmarc_verdict([top_pass, low_fail], TRUSTED, "shop.example")[0] is Dmarc.FAIL
    untrusted_fail = low_fail.replace("mx.shop", "mx.other")
    assert dmarc_verdict([top_pass, untrusted_fail], TRUSTED, "shop.example")[0] is Dmarc.PASS


def test_temperror_is_not_a_pass() -> None:
    """RFC 8601 2.7.4: every non-pass result is treated alike, as no pass."""
    verdict, reason = dmarc_verdict(
        ["mx.shop.example; dmarc=temperror header.from=shop.example"], TRUSTED, "shop.example"
    )
    assert verdict is Dmarc.UNKNOWN
    assert "temperror" in reason
