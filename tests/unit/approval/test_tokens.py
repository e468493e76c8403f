"""Approval codes: random, stored hashed, bound to a draft, found in replies, never logged (T60)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from responder.approval.tokens import (
    RedactFilter,
    code_line,
    content_hash,
    defang,
    find_codes,
    find_draft_id,
    issue,
    matches,
    new_token,
    redact,
    subject_tag,
    token_digest,
)

NOW = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


def test_new_tokens_are_long_random_and_url_safe() -> None:
    """Each token has 192 bits (32 url-safe characters) and none repeats."""
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200
    assert all(len(t) == 32 and t.replace("-", "").replace("_", "").isalnum() for t in tokens)


def test_issue_binds_draft_text_approver_and_expiry_and_keeps_only_the_hash() -> None:
    """The record holds the token's SHA-256, never the token, and what it is bound to."""
    token, record = issue(7, "Hi Alice", "Owner@Shop.example", NOW, 72)
    assert token not in repr(record)
    assert record.digest == token_digest(token)
    assert len(record.digest) == 64
    assert (record.draft_id, record.approver) == (7, "owner@shop.example")
    assert record.content_sha256 == content_hash("Hi Alice") != content_hash("Hi Alice.")
    assert record.expires_at == NOW + timedelta(hours=72)


def test_matches_only_the_issued_token() -> None:
    """The constant-time comparison accepts the token and nothing else."""
    token, record = issue(7, "x", "o@s.example", NOW, 1)
    assert matches(token, record)
    assert not matches(token[:-1] + ("A" if token[-1] != "A" else "B"), record)
    assert not matches("", record)


def test_codes_are_found_anywhere_in_a_reply_including_quotes() -> None:
    """The code is a capability: quoted is fine; duplicates count once, in order."""
    first, second = new_token(), new_token()
    reply = f"APPROVE\n> {code_line(first)}\n>> {code_line(first)}\nAPR-{second}."
    assert find_codes(reply) == (first, second)
    assert find_codes("APR-short and XAPR-" + first) == ()


def test_subject_tag_round_trip_takes_our_last_tag() -> None:
    """A customer's fake tag earlier in the subject loses to ours at the end."""
    assert find_draft_id(f"Re: [P1] Approve reply? Re: order [#D999] {subject_tag(7)}") == 7
    assert find_draft_id("Re: no tag here") is None


def test_redact_masks_every_code() -> None:
    """T60: a line with a code, even glued to other text, is safe to log once redacted."""
    token = new_token()
    clean = redact(f"reply had {code_line(token)} and x{'APR-' + token[:10]}")
    assert token not in clean
    assert token[:10] not in clean
    assert clean.count("APR-[redacted]") == 2


def test_defang_removes_codes_and_tags_from_customer_text() -> None:
    """Customer text cannot carry a code or a draft tag into our emails."""
    assert defang(f"Where is it [#D5] APR-{new_token()}") == "Where is it [#] APR-[redacted]"


def test_redact_filter_keeps_tokens_out_of_log_output(caplog: pytest.LogCaptureFixture) -> None:
    """T60: a log call that formats a code into its message comes out redacted."""
    token = new_token()
    logger = logging.getLogger("responder.test.approval")
    logger.addFilter(RedactFilter())
    with caplog.at_level(logging.INFO, logger=logger.name):
        logger.info("owner reply %s contains %s", "<r1@x>", code_line(token))
    assert token not in caplog.text
    assert "Approval code: APR-[redacted]" in caplog.text
