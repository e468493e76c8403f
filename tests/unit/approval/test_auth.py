"""Sender authentication of owner replies: allowlist, Authentication-Results, real DKIM (T44-T52)."""

from __future__ import annotations

import pytest

from responder.approval.auth import aligned, authenticate
from responder.approval.config import ApprovalConfig
from tests.unit.approval.conftest import (
    OWNER,
    TRUSTED,
    fake_dns,
    message,
    sign,
    sign_without_from,
)

PASS = f"{TRUSTED}; dkim=pass header.d=shop-owner.example; dmarc=pass header.from=shop-owner.example"
FAIL = f"{TRUSTED}; dmarc=fail (p=reject) header.from=shop-owner.example"
NO_DNS = fake_dns()
DNS = fake_dns("shop-owner.example", "mailer.example")


def test_trusted_topmost_dmarc_pass_authenticates(cfg: ApprovalConfig) -> None:
    """T44: the topmost A-R from the trusted authserv-id says dmarc=pass for the From domain."""
    result = authenticate(message(auth_results=[PASS]), OWNER, cfg, dnsfunc=NO_DNS)
    assert result.ok
    assert result.method == "dmarc"


def test_aligned_dkim_signature_authenticates_without_authentication_results(
    cfg: ApprovalConfig,
) -> None:
    """T44: with no A-R at all, our own dkimpy check of an aligned signature suffices."""
    result = authenticate(sign(message()), OWNER, cfg, dnsfunc=DNS)
    assert result.ok, result.reason
    assert (result.method, result.dkim_domain) == ("dkim", "shop-owner.example")


def test_spoofed_owner_without_dkim_is_refused(cfg: ApprovalConfig) -> None:
    """T46: From says owner, nothing authenticates it."""
    result = authenticate(message(), OWNER, cfg, dnsfunc=NO_DNS)
    assert not result.ok
    assert "no Authentication-Results" in result.reason
    assert "no DKIM signature" in result.reason


def test_trusted_dmarc_fail_is_refused_even_with_good_dkim(cfg: ApprovalConfig) -> None:
    """T46: a trusted dmarc=fail wins over everything, including a valid aligned signature."""
    raw = message(auth_results=[FAIL])
    result = authenticate(sign(raw), OWNER, cfg, dnsfunc=DNS)
    assert not result.ok
    assert "dmarc=fail" in result.reason


def test_attackers_pass_below_the_real_fail_is_refused(cfg: ApprovalConfig) -> None:
    """T47: a forged trusted `dmarc=pass` under the receiving MTA's `dmarc=fail` loses."""
    result = authenticate(message(auth_results=[FAIL, PASS]), OWNER, cfg, dnsfunc=NO_DNS)
    assert not result.ok
    assert "dmarc=fail" in result.reason


def test_pass_below_the_topmost_header_does_not_count(cfg: ApprovalConfig) -> None:
    """T47: only the topmost header may grant a pass; one further down is ignored."""
    top = f"{TRUSTED}; spf=pass smtp.mailfrom=shop-owner.example"
    result = authenticate(message(auth_results=[top, PASS]), OWNER, cfg, dnsfunc=NO_DNS)
    assert not result.ok
    assert "no dmarc result" in result.reason


def test_pass_from_untrusted_authserv_id_is_refused(cfg: ApprovalConfig) -> None:
    """T48: a pass reported by an authserv-id we do not trust means nothing."""
    forged = "mx.attacker.example; dmarc=pass header.from=shop-owner.example"
    result = authenticate(message(auth_results=[forged]), OWNER, cfg, dnsfunc=NO_DNS)
    assert not result.ok
    assert "untrusted 'mx.attacker.example'" in result.reason


def test_header_without_authserv_id_is_untrusted(cfg: ApprovalConfig) -> None:
    """Microsoft 365-style headers without an authserv-id are never trusted."""
    ms = "spf=pass smtp.mailfrom=shop-owner.example; dmarc=pass header.from=shop-owner.example"
    assert not authenticate(message(auth_results=[ms]), OWNER, cfg, dnsfunc=NO_DNS).ok


def test_dmarc_pass_for_another_domain_is_refused(cfg: ApprovalConfig) -> None:
    """A trusted pass must name the sender's own domain in header.from."""
    other = f"{TRUSTED}; dmarc=pass header.from=attacker.example"
    result = authenticate(message(auth_results=[other]), OWNER, cfg, dnsfunc=NO_DNS)
    assert not result.ok
    assert "attacker.example" in result.reason


def test_unaligned_dkim_domain_is_refused(cfg: ApprovalConfig) -> None:
    """T49: a valid signature by mailer.example does not vouch for shop-owner.example."""
    result = authenticate(sign(message(), "mailer.example"), OWNER, cfg, dnsfunc=DNS)
    assert not result.ok
    assert "d=mailer.example is not aligned" in result.reason


def test_body_appended_after_signed_length_is_refused(cfg: ApprovalConfig) -> None:
    """T50: text added after the l= length still verifies in dkimpy; we refuse it."""
    signed = sign(message("Thanks\r\n"), length=True)
    tampered = signed.replace(b"Thanks\r\n", b"Thanks\r\nAPPROVE\r\n")
    result = authenticate(tampered, OWNER, cfg, dnsfunc=DNS)
    assert not result.ok
    assert "l=" in result.reason


def test_length_tag_covering_the_whole_body_is_accepted(cfg: ApprovalConfig) -> None:
    """T50: an l= that covers every byte of the body leaves nothing unsigned."""
    result = authenticate(sign(message(), length=True), OWNER, cfg, dnsfunc=DNS)
    assert result.ok, result.reason


def test_signature_not_covering_from_is_refused(cfg: ApprovalConfig) -> None:
    """T51: h= without `from` verifies in dkimpy 1.1.8; we refuse it."""
    result = authenticate(sign_without_from(message()), OWNER, cfg, dnsfunc=DNS)
    assert not result.ok
    assert "does not sign the From header" in result.reason


def test_every_signature_is_checked_not_only_the_first(cfg: ApprovalConfig) -> None:
    """A good aligned signature below an unaligned one is still found."""
    raw = sign(sign(message()), "mailer.example")
    result = authenticate(raw, OWNER, cfg, dnsfunc=DNS)
    assert result.ok, result.reason
    assert result.dkim_domain == "shop-owner.example"


def test_signature_with_missing_dns_key_is_refused(cfg: ApprovalConfig) -> None:
    """A signature whose key cannot be found proves nothing."""
    assert not authenticate(sign(message()), OWNER, cfg, dnsfunc=NO_DNS).ok


def test_tampered_signed_body_is_refused(cfg: ApprovalConfig) -> None:
    """Changing a signed body breaks the signature."""
    tampered = sign(message("REJECT\r\n")).replace(b"REJECT", b"APPROV")
    result = authenticate(tampered, OWNER, cfg, dnsfunc=DNS)
    assert not result.ok
    assert "body hash mismatch" in result.reason


def test_sender_not_on_allowlist_is_refused_before_anything_else(cfg: ApprovalConfig) -> None:
    """T52: a customer forwarding the approval mail is not an approver, however well signed."""
    raw = message(sender="alice@cust.example", auth_results=[PASS.replace("shop-owner", "cust")])
    result = authenticate(raw, "alice@cust.example", cfg, dnsfunc=NO_DNS)
    assert not result.ok
    assert "not an approver" in result.reason


def test_group_allowlist_is_per_group(cfg: ApprovalConfig) -> None:
    """Accounting drafts are approved by accounting, not by the owner list."""
    raw = message(auth_results=[PASS])
    assert not authenticate(raw, OWNER, cfg, group="accounting", dnsfunc=NO_DNS).ok
    assert authenticate(raw, OWNER, cfg, group="unknown-group", dnsfunc=NO_DNS).ok


@pytest.mark.parametrize(
    "extra",
    [["From: Mallory <mallory@attacker.example>"], []],
    ids=["two-from-headers", "sender-differs-from-header"],
)
def test_from_header_must_be_exactly_the_sender(cfg: ApprovalConfig, extra: list[str]) -> None:
    """The claimed sender must be the one and only From address."""
    raw = message(auth_results=[PASS], extra_headers=extra)
    claimed = OWNER if extra else OWNER.upper()
    if not extra:
        raw = raw.replace(OWNER.encode(), b"other@shop-owner.example")
    assert not authenticate(raw, claimed, cfg, dnsfunc=NO_DNS).ok


def test_allow_unauthenticated_skips_dkim_but_not_the_allowlist() -> None:
    """The unsafe demo switch accepts unsigned mail from an approver, never from a stranger."""
    demo = ApprovalConfig(approvers=(OWNER,), allow_unauthenticated=True)
    assert authenticate(message(), OWNER, demo).method == "unauthenticated"
    stranger = message(sender="eve@attacker.example")
    assert not authenticate(stranger, "eve@attacker.example", demo).ok


@pytest.mark.parametrize(
    ("signer", "domain", "expected"),
    [
        ("shop-owner.example", "shop-owner.example", True),
        ("mail.shop-owner.example", "shop-owner.example", True),
        ("shop-owner.example", "eu.shop-owner.example", True),
        ("attacker.co.uk", "shop.co.uk", False),
        ("example", "shop.example", False),
        ("evilshop-owner.example", "shop-owner.example", False),
    ],
)
def test_alignment_rule(signer: str, domain: str, expected: bool) -> None:
    """d= aligns when equal to the From domain or a parent/child; co.uk siblings never do."""
    assert aligned(signer, domain) is expected


def test_signatures_beyond_the_cap_are_not_checked(cfg: ApprovalConfig) -> None:
    """A good signature hidden under five bad ones is not looked up (bounded DNS work)."""
    raw = sign(message())
    for _ in range(5):
        raw = sign(raw, "mailer.example")
    result = authenticate(raw, OWNER, cfg, dnsfunc=DNS)
    assert not result.ok
    assert result.reason.count("not aligned") == 5
