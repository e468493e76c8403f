"""T1-T3: every row of the header table, in any header case, and the T3 comment choice."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

import pytest

from responder.mail import guards, msgid
from responder.models import ALLOWED, Action, GuardVerdict, Inbound, RateStats
from tests.unit.mail.factory import KEY, ctx, mail

OUR_ID = msgid.make_message_id(KEY, "inbound-7", "reply", "shop.example")
TOKEN = ctx().loop_token
DSN_PARTS = ("multipart/report", "text/plain", "message/delivery-status", "text/rfc822-headers")


@dataclass(frozen=True)
class Row:
    """One H-row: what changes from the baseline and the verdict the table demands."""

    name: str
    action: Action
    rule: str = ""
    headers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)
    rates: RateStats = field(default_factory=RateStats)
    bounce: bool = False


ROWS = (
    Row("H1", Action.SEND),
    Row("H2", Action.SKIP, "R4", {"auto-submitted": ("auto-replied",)}),
    Row("H3", Action.SKIP, "R4", {"auto-submitted": ("auto-generated",)}),
    Row("H4", Action.SKIP, "R4", {"auto-submitted": ("auto-notified",)}),
    Row("H5", Action.SEND, "", {"auto-submitted": ("no",)}),
    Row("H6", Action.SEND, "", {"auto-submitted": ("No",)}),
    Row("H7", Action.SKIP, "R4", {"auto-submitted": ("yes",)}),
    Row("H8", Action.SKIP, "R4", {"auto-submitted": ('auto-replied; owner-email="bob@x"',)}),
    Row("H9", Action.SKIP, "R4", {"auto-submitted": ("no", "auto-replied")}),
    Row("H10", Action.SKIP, "R2", {"return-path": ("<>",)}, {"return_path": ""}),
    Row("H11", Action.PARK, "R2", {}, {"return_path": None}),
    Row("H12", Action.SKIP, "R3", {"from": ("MAILER-DAEMON@mx.cust.example",)},
        {"from_addr": "mailer-daemon@mx.cust.example", "from_addrs": ("mailer-daemon@mx.cust.example",),
         "content_type": "multipart/report", "report_type": "delivery-status",
         "part_types": DSN_PARTS}, bounce=True),
    Row("H13", Action.SKIP, "R3", {}, {"content_type": "multipart/report",
        "report_type": "delivery-status", "part_types": DSN_PARTS}, bounce=True),
    Row("H14", Action.SKIP, "R5", {"precedence": ("bulk",)}),
    Row("H15", Action.SKIP, "R5", {"precedence": ("list",)}),
    Row("H16", Action.SKIP, "R5", {"PRECEDENCE": ("JUNK",)}),
    Row("H17", Action.SKIP, "R5", {"precedence": ("auto_reply",)}),
    Row("H18", Action.SKIP, "R6", {"list-id": ("<news.shop.example>",)}),
    Row("H19", Action.SKIP, "R6", {"list-unsubscribe": ("<mailto:u@x>",)}),
    Row("H20", Action.SKIP, "R7", {"x-auto-response-suppress": ("All",)}),
    Row("H21", Action.SKIP, "R7", {"x-auto-response-suppress": ("DR, OOF, RN",)}),
    Row("H22", Action.SKIP, "R7", {"x-auto-response-suppress": ("AutoReply",)}),
    Row("H23", Action.SEND, "", {"x-auto-response-suppress": ("DR, NDR",)}),
    Row("H24", Action.SKIP, "R4", {"x-autoreply": ("yes",), "auto-submitted": ("auto-replied",)}),
    Row("H25", Action.SKIP, "R8",
        {"x-autoresponder": ("Will not send another autoreply for 86400 seconds",)}),
    Row("H26", Action.SKIP, "R7", {"x-auto-response-suppress": ("All",),
        "x-ms-exchange-inbox-rules-loop": ("alice@cust.example",)}),
    Row("H27", Action.SKIP, "R8", {"x-loop": (TOKEN,)}),
    Row("H28", Action.SKIP, "R9", {"from": ("support@shop.example",)},
        {"from_addr": "support@shop.example", "from_addrs": ("support@shop.example",)}),
    Row("H29", Action.SKIP, "R9", {"message-id": (OUR_ID,)}, {"message_id": OUR_ID}),
    Row("H30", Action.SKIP, "R10", {"from": ("noreply@marketplace.example",)},
        {"from_addr": "noreply@marketplace.example", "from_addrs": ("noreply@marketplace.example",)}),
    Row("H31", Action.SKIP, "R10", {"return-path": ("<owner-sellers@lists.example>",)},
        {"return_path": "owner-sellers@lists.example"}),
    Row("H31b", Action.SKIP, "R10", {"return-path": ("<sellers-request@lists.example>",)},
        {"return_path": "sellers-request@lists.example"}),
    Row("H32", Action.PARK, "R10", {"from": ("postmaster@cust.example",)},
        {"from_addr": "postmaster@cust.example", "from_addrs": ("postmaster@cust.example",),
         "text": "Your server keeps sending us spam, please stop it."}),
    Row("H33", Action.PARK, "R11", {"to": ("all-vendors@marketplace.example",)},
        {"to": ("all-vendors@marketplace.example",)}),
    Row("H34", Action.SKIP, "R8", {"delivered-to": ("autoresponder@cust.example",)}),
    Row("H35", Action.PARK, "R12", rates=RateStats(sender_mails_3h=2, sender_same_subject_3h=2)),
    Row("H36", Action.PARK, "R12", rates=RateStats(sender_mails_3h=10)),
    Row("H37", Action.PARK, "R13", {"in-reply-to": (OUR_ID,)},
        {"in_reply_to": OUR_ID, "text": "Ticket Received - 286614",
         "new_text": "Ticket Received - 286614"}),
    Row("H38", Action.SEND, "", {"subject": ("Automatic reply: Re: Order 1234",)},
        {"subject": "Automatic reply: Re: Order 1234"}),
    Row("H39", Action.PARK, "R16", {"reply-to": ("attacker@evil.example",)},
        {"reply_to": ("attacker@evil.example",)}),
    Row("H40", Action.PARK, "R16", {"from": ("alice@cust.example, bob@cust.example",)},
        {"from_addrs": ("alice@cust.example", "bob@cust.example")}),
)


def build(row: Row) -> Inbound:
    """The baseline email changed as the row says."""
    return mail(row.headers, **row.fields)


def verdict_for(row: Row, email: Inbound) -> GuardVerdict:
    """The guards' verdict for `email` with the row's rate counters."""
    return guards.check(email, ctx(row.rates))


def assert_row(row: Row, verdict: GuardVerdict) -> None:
    """The verdict has exactly the row's action, rule and bounce flag."""
    assert (verdict.action, verdict.rule, verdict.bounce) == (row.action, row.rule, row.bounce)
    assert verdict.allow is (row.action is Action.SEND)
    if row.action is not Action.SEND:
        assert verdict.reason


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_t1_table_row_gives_the_tabled_decision(row: Row) -> None:
    """T1: each H-row ends in the action and rule the header table demands."""
    assert_row(row, verdict_for(row, build(row)))


@pytest.mark.parametrize("name", ["H1", "H5", "H6", "H23"])
def test_t1_plain_yes_rows_are_exactly_allowed(name: str) -> None:
    """T1: the unconditional YES rows return the ALLOWED constant, with no flag."""
    row = next(r for r in ROWS if r.name == name)
    assert verdict_for(row, build(row)) == ALLOWED


def test_t1_h38_is_allowed_but_flagged() -> None:
    """T1/H38: an 'Automatic reply' subject alone is allowed, with a flag in the reason."""
    row = next(r for r in ROWS if r.name == "H38")
    verdict = verdict_for(row, build(row))
    assert verdict.allow and "flag" in verdict.reason


def test_t1_h37_also_fires_from_the_stored_flag() -> None:
    """H37: the store's replies_to_our_mail flag is enough, without an id we can verify."""
    email = mail(text="Ticket Received - 286614", new_text="Ticket Received - 286614",
                 in_reply_to="<x@helpdesk.example>")
    verdict = guards.check(email, ctx(RateStats(replies_to_our_mail=True)))
    assert (verdict.action, verdict.rule) == (Action.PARK, "R13")


def test_h37_human_question_in_reply_to_us_is_allowed() -> None:
    """H37's limit: a real question in a reply to our mail is still answered."""
    email = mail(in_reply_to=OUR_ID, new_text="Thanks, but ticket 286614 says shipped. Where is it?")
    assert guards.check(email, ctx()).allow


def random_case(name: str, rng: random.Random) -> str:
    """`name` with each letter upper- or lower-cased at random."""
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in name)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_t2_header_names_in_random_case_decide_the_same(row: Row, seed: int) -> None:
    """T2: header names in random case (aUTO-sUBMITTED) give the canonical decision."""
    rng = random.Random(f"{row.name}-{seed}")
    email = build(row)
    shuffled = {random_case(k, rng): v for k, v in email.headers.items()}
    assert_row(row, verdict_for(row, replace(email, headers=MappingProxyType(shuffled))))


@pytest.mark.parametrize(
    "value",
    ["no (typed by a human)", "no; x-foo=1", "(comment) no", "NO (a (nested) comment)", " no "],
)
def test_t3_commented_or_parametrised_no_is_human(value: str) -> None:
    """T3: comments and parameters are stripped, so these all mean 'no' and may be answered."""
    assert guards.check(mail({"auto-submitted": (value,)}), ctx()) == ALLOWED


@pytest.mark.parametrize(
    ("value", "keyword"),
    [("auto-replied (vacation)", "auto-replied"), ("(no) auto-generated", "auto-generated"),
     ("", ""), ("no-thanks", "no-thanks")],
)
def test_t3_anything_but_no_is_automatic(value: str, keyword: str) -> None:
    """T3: stripping never turns another keyword (or an empty one) into 'no'."""
    assert guards.auto_submitted_keyword(value) == keyword
    verdict = guards.check(mail({"auto-submitted": (value,)}), ctx())
    assert (verdict.action, verdict.rule) == (Action.SKIP, "R4")
