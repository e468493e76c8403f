"""A stranger cannot tell an existing order number from a made-up one by our reply (R78)."""

from __future__ import annotations

import pytest

from responder.drafting.config import TemplatesConfig
from responder.drafting.templates import TemplateDrafter
from responder.models import Customer, Intent
from responder.policy import PolicyConfig, decide
from tests.unit.policy.factory import delivered, email, inbound

STRANGER = Customer(email="mallory@evil.example", name="Mallory Jones")
INTENTS = [Intent.WHERE_IS_MY_ORDER, Intent.DELIVERED_NOT_RECEIVED, Intent.RETURN_REFUND,
           Intent.CANCEL_ORDER, Intent.OTHER]


def reply_to(order_found: bool, intent: Intent, lang: str) -> tuple[object, ...]:
    """Everything the stranger sees: action, template, facts and the drafted text."""
    the_order = delivered("30") if order_found else None
    data = email(intent, the_order, STRANGER, sender_owns_order=False, language=lang,
                 order_ids=("1042",))
    got = decide(data, PolicyConfig())
    draft = TemplateDrafter(TemplatesConfig(), "Shop").draft(got, data, inbound())
    return got.action, got.template, dict(got.facts), draft.text, draft.html


@pytest.mark.parametrize("lang", ["en", "ar", "fa"])
@pytest.mark.parametrize("intent", INTENTS)
def test_existing_and_unknown_order_numbers_get_the_same_reply(intent: Intent, lang: str) -> None:
    """Someone else's order #1042 and a #1042 we do not have: word for word the same reply."""
    assert reply_to(True, intent, lang) == reply_to(False, intent, lang)
