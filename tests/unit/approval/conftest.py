"""Shared fixtures: a real RSA key for DKIM, a fake DNS serving it, and reply builders."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import dkim
import pytest

from responder.approval.config import ApprovalConfig

HERE = Path(__file__).parent
OWNER = "owner@shop-owner.example"
TRUSTED = "mx.shop.example"
PRIVATE_KEY = (HERE / "dkim_test_key.pem").read_bytes()
PUBLIC_KEY = (HERE / "dkim_test_key.pub").read_text().strip()
SELECTOR = b"sel"

DnsFunc = Callable[..., bytes | None]


def fake_dns(*domains: str) -> DnsFunc:
    """A DNS TXT lookup that knows the test key for `sel` under the given domains only."""
    names = {f"sel._domainkey.{d}.".encode() for d in domains}
    record = f"v=DKIM1; k=rsa; p={PUBLIC_KEY}".encode()

    def lookup(name: bytes, timeout: float = 5) -> bytes | None:
        return record if name in names else None

    return lookup


def message(
    body: str = "APPROVE\r\n",
    *,
    sender: str = OWNER,
    auth_results: Sequence[str] = (),
    extra_headers: Sequence[str] = (),
) -> bytes:
    """A reply from `sender` with Authentication-Results headers on top, in the given order."""
    top = [f"Authentication-Results: {value}" for value in auth_results]
    headers = [
        *top,
        "Received: from mail.shop-owner.example by mx.shop.example",
        f"From: Owner <{sender}>",
        *extra_headers,
        "To: approvals@shop.example",
        "Subject: Re: [P1] Approve reply? Re: Where is my order #1001 [#D7]",
        "Message-ID: <r1@shop-owner.example>",
    ]
    return ("\r\n".join(headers) + "\r\n\r\n" + body).encode()


def sign(
    raw: bytes,
    domain: str = "shop-owner.example",
    *,
    headers: Sequence[bytes] = (b"from", b"to", b"subject", b"message-id"),
    length: bool = False,
) -> bytes:
    """`raw` with a real DKIM-Signature for `domain` prepended (what the owner's provider does)."""
    signature = dkim.sign(
        raw, SELECTOR, domain.encode(), PRIVATE_KEY, include_headers=list(headers), length=length
    )
    return bytes(signature) + raw


@pytest.fixture
def cfg() -> ApprovalConfig:
    """An approval config with one owner, an accounting group and the store's MX trusted."""
    return ApprovalConfig(
        approvers=(OWNER,),
        groups={"accounting": ("books@shop-owner.example",)},
        trusted_authserv_ids=(TRUSTED,),
    )


def sign_without_from(raw: bytes, domain: str = "shop-owner.example") -> bytes:
    """`raw` with a valid signature whose h= leaves out From (dkimpy's sign() refuses that)."""
    signer = dkim.DKIM(raw)
    signer.hasher = hashlib.sha256
    policy = dkim.CanonicalizationPolicy.from_c_value(b"relaxed/simple")
    body_hash = base64.b64encode(hashlib.sha256(policy.canonicalize_body(signer.body)).digest())
    fields = [
        (b"v", b"1"),
        (b"a", b"rsa-sha256"),
        (b"c", b"relaxed/simple"),
        (b"d", domain.encode()),
        (b"s", SELECTOR),
        (b"h", b"to : subject"),
        (b"bh", body_hash),
        (b"b", b"0" * 60),
    ]
    private = dkim.crypto.parse_pem_private_key(PRIVATE_KEY)
    value = signer.gen_header(fields, (b"to", b"subject"), policy, b"DKIM-Signature", private)
    return b"DKIM-Signature: " + bytes(value) + raw
