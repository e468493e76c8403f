"""The [approval] section of config.toml: who may approve parked drafts and how they prove it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field, field_validator

from responder.config_base import StrictModel
from responder.policy.config import PolicyConfig
from responder.sections import ImapConfig, SmtpConfig, StoreConfig

OWNER_GROUP = "owner"


class ApprovalConfig(StrictModel):
    """Settings of the approval stage (docs/reliability.md R20-R26)."""

    approvers: tuple[str, ...] = Field(default=(), examples=[["you@yourshop.example"]])
    """Addresses allowed to answer approval emails (the `owner` group); stored lower-case."""
    groups: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """More approver groups by name, e.g. accounting = ["books@shop.example"]; a draft whose
    group is not listed here goes to `approvers`. `owner` is always `approvers`."""
    trusted_authserv_ids: tuple[str, ...] = ()
    """authserv-ids of the receiving provider's Authentication-Results headers that we trust,
    e.g. ["mx.shop.example"]. Headers with any other id are ignored (RFC 8601 section 4.1).
    Only headers above the topmost `Received: ... by <that server>` line count, so the
    server's host name must be one of these ids or end with "." and one (id shop.example:
    mx1.shop.example counts)."""
    token_ttl_hours: int = Field(default=72, ge=1, le=72)
    """How long an approval code stays valid (R21: at most 72 hours)."""
    reminder_hours: float = Field(default=4, gt=0)
    """Remind the approver when a draft has waited this long without an answer."""
    accept_html_only: bool = True
    """Read replies that have only an HTML part (phone clients); false: text/plain only."""
    confirm_edits: bool = True
    """An owner's own reply becomes a new draft with its own approval request, sent only after
    APPROVE (R24), so a misread comment never reaches a customer; false: sent at once."""
    auto_send_suggestion_after: int = Field(default=10, ge=1)
    """`drafts stats` suggests auto-sending an intent after this many unchanged approvals."""
    allow_unauthenticated: bool = False
    """UNSAFE, for local demos and tests only: skip the DMARC/DKIM check of approval replies,
    so anyone who can write a From header can approve. The allowlist still applies."""
    approver_languages: dict[str, Literal["en", "ar", "fa"]] = Field(default_factory=dict)
    """The language of one approver's mail when it is not [store] owner_language, e.g.
    {"partner@shop.example" = "fa"}. Command words work in every language regardless."""

    @field_validator("approver_languages")
    @classmethod
    def _lower_languages(cls, languages: dict[str, str]) -> dict[str, str]:
        return {a.strip().lower(): lang for a, lang in languages.items()}

    @field_validator("approvers", "trusted_authserv_ids")
    @classmethod
    def _lower(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(v.strip().lower() for v in values)

    @field_validator("groups")
    @classmethod
    def _lower_groups(cls, groups: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        if OWNER_GROUP in groups:
            raise ValueError("`owner` is the `approvers` list; do not redefine it in groups")
        return {name: tuple(a.strip().lower() for a in addrs) for name, addrs in groups.items()}

    def approvers_for(self, group: str) -> tuple[str, ...]:
        """The addresses that may approve a draft of this group (the owner group if unknown)."""
        return self.groups.get(group) or self.approvers


@dataclass(frozen=True)
class ApprovalSettings:
    """The sections approval mail reads (`Config.for_approval()`); same names as in Config.

    Its own section, who the store is (From, Message-ID domain, the owner), the size limit of
    an owner's reply (imap), MAIL FROM of what it sends (smtp) and the holding reply's promise
    (policy), which sets when a reminder is urgent.
    """

    store: StoreConfig
    approval: ApprovalConfig
    imap: ImapConfig
    smtp: SmtpConfig
    policy: PolicyConfig
