"""The [approval] config section: normalised addresses, groups, limits, unknown keys."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from responder.approval.config import ApprovalConfig


def test_addresses_and_ids_are_lower_cased() -> None:
    """Allowlist entries and authserv-ids compare in lower case."""
    cfg = ApprovalConfig(
        approvers=(" Owner@Shop.Example",),
        groups={"accounting": ("Books@Shop.Example",)},
        trusted_authserv_ids=("MX.Shop.Example",),
    )
    assert cfg.approvers == ("owner@shop.example",)
    assert cfg.approvers_for("accounting") == ("books@shop.example",)
    assert cfg.trusted_authserv_ids == ("mx.shop.example",)


def test_unknown_group_falls_back_to_the_owner() -> None:
    """A draft routed to a group nobody configured goes to the owner approvers."""
    cfg = ApprovalConfig(approvers=("owner@shop.example",))
    assert cfg.approvers_for("owner") == cfg.approvers_for("accounting") == ("owner@shop.example",)


@pytest.mark.parametrize(
    "data",
    [
        {"groups": {"owner": ["x@y.example"]}},
        {"token_ttl_hours": 73},
        {"approver": ["typo@y.example"]},
    ],
    ids=["owner-redefined", "ttl-over-72h", "unknown-key"],
)
def test_invalid_settings_are_rejected(data: dict[str, object]) -> None:
    """Redefining owner, a code valid over 72 hours, or a typo in a key is an error."""
    with pytest.raises(ValidationError):
        ApprovalConfig.model_validate(data)


def test_defaults_are_safe() -> None:
    """By default authentication is required, edits are confirmed and codes last 72 hours."""
    cfg = ApprovalConfig()
    assert (cfg.allow_unauthenticated, cfg.confirm_edits, cfg.token_ttl_hours) == (False, True, 72)
