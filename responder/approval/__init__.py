"""Owner approval by email: request, reply parsing, sender authentication, decision.

How the caller uses it, for one parked draft and one owner reply:

    token, record = issue(draft_id, draft.text, approver, now, cfg.token_ttl_hours)
    subject, body = build_request(ApprovalRequest(...token...))     # store ApprovalToken row
    ...
    command = parse_owner_reply(inbound.text_plain, inbound.html, accept_html=...)
    auth = authenticate(raw, inbound.from_addr, cfg, group=draft.approver_group)
    codes = find_codes(text + html)                 # quoted parts included, raw HTML is fine
    lookup = TokenLookup(codes, find_token(session, codes[0]) if len(codes) == 1 else None,
                         find_draft_id(subject), current draft hash or None, customer)
    action = evaluate(command, lookup, auth, now, sender=..., automated=verdict.automated)

Everything here is pure except `tables.find_token` / `tables.consume_token`.
"""

from responder.approval.auth import AuthResult, authenticate
from responder.approval.commands import CommandKind, OwnerCommand, parse_owner_reply
from responder.approval.decide import ActionKind, ApprovalAction, Notify, TokenLookup, evaluate
from responder.approval.request import ApprovalRequest, build_request
from responder.approval.tokens import (
    RedactFilter,
    TokenRecord,
    find_codes,
    find_draft_id,
    issue,
    redact,
    token_digest,
)

__all__ = [
    "ActionKind",
    "ApprovalAction",
    "ApprovalRequest",
    "AuthResult",
    "CommandKind",
    "Notify",
    "OwnerCommand",
    "RedactFilter",
    "TokenLookup",
    "TokenRecord",
    "authenticate",
    "build_request",
    "evaluate",
    "find_codes",
    "find_draft_id",
    "issue",
    "parse_owner_reply",
    "redact",
    "token_digest",
]
