"""Shared triager: loading the model once keeps the suite fast."""

from __future__ import annotations

import pytest

from responder.models import Inbound
from responder.triage import OfflineTriager, TriageConfig


@pytest.fixture(scope="session")
def triager() -> OfflineTriager:
    """The triager with the shipped model and lexicons."""
    return OfflineTriager(TriageConfig())


def mail(new_text: str, subject: str = "", text: str = "", quoted: str = "") -> Inbound:
    """An Inbound as the parser would hand it over."""
    return Inbound(
        message_id="<t@x>",
        from_addr="c@example.com",
        subject=subject,
        new_text=new_text,
        text=text or new_text,
        quoted=quoted,
    )
