"""Issue 15 item 4: forged A-R under the trusted hop, and header bytes two parsers read apart."""

from __future__ import annotations

import base64
import subprocess
from collections.abc import Callable
from pathlib import Path

import dkim
import pytest

from responder.approval.auth import authenticate, header_problem
from responder.approval.config import ApprovalConfig
from tests.unit.approval.conftest import OWNER, TRUSTED, fake_dns, message, sign

PASS = f"{TRUSTED}; dkim=pass header.d=shop-owner.example; dmarc=pass header.from=shop-owner.example"
NO_DNS = fake_dns()
DNS = fake_dns("shop-owner.example")
TRUSTED_HOP = b"Received: from mail.shop-owner.example by mx.shop.example with ESMTPS id 4Xq\r\n"
LMTP_HOP = b"Received: from mx.shop.example by imap.shop.example with LMTP id 9Zk (Dovecot)\r\n"


def test_attackers_pass_below_the_trusted_hop_is_ignored(cfg: ApprovalConfig) -> None:
    """4a: the trusted MX added only its Received line; the A-R under it came from the sender."""
    raw = message(auth_results=[PASS])  # A-R above "Received: ... by mx.shop.example"
    delivered = LMTP_HOP + TRUSTED_HOP + raw
    result = authenticate(delivered, OWNER, cfg, dnsfunc=NO_DNS)
    assert not result.ok
    assert "no dmarc result" in result.reason or "no Authentication-Results" in result.reason


def test_pass_added_by_the_trusted_hop_is_believed_under_dovecots_line(cfg: ApprovalConfig) -> None:
    """4a keep: Dovecot's LMTP Received line on top does not hide the MX's own A-R."""
    delivered = LMTP_HOP + message(auth_results=[PASS])
    result = authenticate(delivered, OWNER, cfg, dnsfunc=NO_DNS)
    assert result.ok, result.reason
    assert result.method == "dmarc"


def test_pass_without_a_received_line_from_the_trusted_server_is_ignored(cfg: ApprovalConfig) -> None:
    """4a: with no Received line by the trusted server, nobody can vouch for any A-R header."""
    raw = message(auth_results=[PASS]).replace(b"by mx.shop.example", b"by mx.other.example")
    result = authenticate(raw, OWNER, cfg, dnsfunc=NO_DNS)
    assert not result.ok
    assert "no Received header from a trusted server" in result.reason


@pytest.fixture(scope="module")
def fresh_key(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Callable[..., bytes | None]]:
    """A freshly generated RSA key (openssl) and a DNS lookup publishing it for shop-owner.example."""
    folder = tmp_path_factory.mktemp("dkim")
    pem = folder / "key.pem"
    subprocess.run(["openssl", "genrsa", "-traditional", "-out", str(pem), "2048"],
                   check=True, capture_output=True)
    der = subprocess.run(["openssl", "rsa", "-in", str(pem), "-pubout", "-outform", "DER"],
                         check=True, capture_output=True).stdout
    record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(der)

    def lookup(name: bytes, timeout: float = 5) -> bytes | None:
        return record if name == b"k1._domainkey.shop-owner.example." else None

    return Path(pem).read_bytes(), lookup


def mallorys_signed_mail(key: bytes) -> bytes:
    """A genuine mail of another user of the owner's domain, signed by its provider."""
    raw = (b"From: Mallory <mallory@shop-owner.example>\r\nTo: approvals@shop.example\r\n"
           b"Subject: hello\r\nMessage-ID: <m1@shop-owner.example>\r\n\r\nAPPROVE\r\n")
    sig = dkim.sign(raw, b"k1", b"shop-owner.example", key,
                    include_headers=[b"from", b"to", b"subject", b"message-id"])
    return bytes(sig) + raw


def test_bare_cr_hiding_a_forged_from_is_refused(
    cfg: ApprovalConfig, fresh_key: tuple[bytes, Callable[..., bytes | None]]
) -> None:
    """4b: a bare CR shows Python a forged From and dkimpy Mallory's signed one; refused."""
    key, dns = fresh_key
    genuine = mallorys_signed_mail(key)
    assert authenticate(genuine, "mallory@shop-owner.example",
                        ApprovalConfig(approvers=("mallory@shop-owner.example",)), dnsfunc=dns).ok
    # Python ends the headers at "\r\r\n" (a blank line to it), so Mallory's signed From is
    # body text; dkimpy splits only on CRLF/LF and sees no From but Mallory's.
    forged = (b"X-A: a\rFrom: Owner <" + OWNER.encode() + b">\r\nX-B: b\r\r\n" + genuine)
    result = authenticate(forged, OWNER, cfg, dnsfunc=dns)
    assert not result.ok
    assert "bare CR" in result.reason


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"From: a@b.example\r\nX: y\nTo: c@d.example\r\n\r\nbody", "bare LF"),
        (b"From: a@b.example\r\nX: y\rTo: c@d.example\r\n\r\nbody", "bare CR"),
        (b" folded first\r\nFrom: a@b.example\r\n\r\nbody", "FirstHeaderLineIsContinuation"),
        (b"From: a@b.example\r\nnot a header line\r\n\r\nbody", "MissingHeaderBodySeparator"),
    ],
    ids=["bare-lf", "bare-cr", "continuation-first", "junk-line"],
)
def test_header_blocks_two_parsers_could_read_apart_are_refused(raw: bytes, expected: str) -> None:
    """4b: mixed line ends and header defects are named before any authentication."""
    problem = header_problem(raw)
    assert problem is not None
    assert expected in problem


def test_clean_headers_with_a_bare_cr_in_the_body_pass() -> None:
    """4b keep: only the header block must be clean; the body is compared by the signature."""
    assert header_problem(b"From: a@b.example\r\nTo: c@d.example\r\n\r\nline\rline\n") is None


def test_signed_mail_still_authenticates_after_the_header_check(cfg: ApprovalConfig) -> None:
    """4b keep: a normal CRLF message with an aligned signature is still accepted."""
    assert authenticate(sign(message()), OWNER, cfg, dnsfunc=DNS).ok
