"""Reading the owner's command from a reply: strict first line, quotes, signatures, HTML (T57-T59)."""

from __future__ import annotations

import pytest

from responder.approval.commands import CommandKind, OwnerCommand, parse_owner_reply

QUOTE = (
    "On Mon, Jan 5, 2026 at 10:00 AM Responder <approvals@shop.example> wrote:\n"
    "> Reply APPROVE to send\n"
    "> Approval code: APR-abcdefghijabcdefghijabcdefghij12\n"
)
K = CommandKind


def kind_of(text: str) -> CommandKind:
    """The kind of command read from a plain-text reply."""
    return parse_owner_reply(text, None).kind


@pytest.mark.parametrize(
    "first", ["APPROVE", "Approve", "approve.", " APPROVE ", "approve!", "\u200fApprove"]
)
def test_approve_alone_on_the_first_line(first: str) -> None:
    """The word alone, any case, with one closing full stop or bang, approves."""
    assert kind_of(f"{first}\n\n{QUOTE}") is K.APPROVE


@pytest.mark.parametrize(
    "first",
    ["I do not APPROVE this", "approve?", "APPROVED!!", "approve please", "Approve it", "yes"],
)
def test_anything_but_the_exact_word_is_no_command(first: str) -> None:
    """T58: negations, questions, other words and extra words never approve."""
    assert kind_of(f"{first}\n\n{QUOTE}") is K.NONE


def test_approve_only_in_the_quoted_part_is_no_command() -> None:
    """T57: APPROVE that appears only in quoted text does nothing."""
    result = parse_owner_reply(QUOTE + "> APPROVE\n", None)
    assert result.kind is K.NONE
    assert "no text of its own" in result.reason


@pytest.mark.parametrize(
    ("first", "kind", "reason"),
    [
        ("REJECT", K.REJECT, ""),
        ("reject too generous", K.REJECT, "too generous"),
        ("Reject: customer lied", K.REJECT, "customer lied"),
        ("HOLD until Monday", K.HOLD, "until Monday"),
        ("Escalate", K.ESCALATE, ""),
        ("PAUSE", K.PAUSE, ""),
        ("resume", K.RESUME, ""),
    ],
)
def test_other_commands_and_their_notes(first: str, kind: CommandKind, reason: str) -> None:
    """REJECT, HOLD and ESCALATE may carry a note; PAUSE and RESUME stand alone."""
    assert parse_owner_reply(f"{first}\n{QUOTE}", None) == OwnerCommand(kind, reason)


@pytest.mark.parametrize("first", ["rejected", "pause now", "REJECTION"])
def test_lookalike_words_are_no_command(first: str) -> None:
    """A longer word that starts like a command is not that command."""
    assert kind_of(f"{first}\n{QUOTE}") is K.NONE


def test_reject_reason_continues_on_following_lines() -> None:
    """Lines under REJECT are part of the reason, the quote is not."""
    result = parse_owner_reply(f"REJECT\nShe has had two refunds already.\n\n{QUOTE}", None)
    assert result == OwnerCommand(K.REJECT, "She has had two refunds already.")


def test_own_text_of_several_lines_is_an_edited_reply() -> None:
    """Text above the quote that is no command, and reads like a reply, replaces the draft."""
    own = "Hi Alice,\nwe sent a new parcel today; it arrives on Friday.\nBob"
    assert parse_owner_reply(f"{own}\n\n{QUOTE}", None) == OwnerCommand(K.EDIT, edited_text=own)


def test_explicit_edit_takes_the_lines_below() -> None:
    """EDIT on the first line: even a short reply below it is taken as the new text."""
    result = parse_owner_reply(f"EDIT\nRefunded, sorry!\n\n{QUOTE}", None)
    assert result == OwnerCommand(K.EDIT, edited_text="Refunded, sorry!")


@pytest.mark.parametrize(
    "text",
    [
        "EDIT\n\n" + QUOTE,
        "Fine, send it but\nchange the date to Friday please, thanks\n" + QUOTE,
        "Hi\nthanks\n" + QUOTE,
    ],
    ids=["edit-without-text", "comment-about-approving", "too-short"],
)
def test_doubtful_own_text_is_no_command(text: str) -> None:
    """Comments, empty EDITs and tiny texts are never sent to a customer."""
    result = parse_owner_reply(text, None)
    assert result.kind is K.NONE
    assert result.reason


def test_interleaved_reply_is_no_command() -> None:
    """Text written between quoted parts is ambiguous: nothing happens."""
    text = "> Your parcel left on Monday.\nSay Tuesday here, we were late with it\n> Thanks\nBob\n"
    assert kind_of("Hi Alice, thank you for waiting.\nMore below.\n" + text) is K.NONE


def test_bottom_posted_command_is_read() -> None:
    """A command written under the quoted approval email still counts."""
    assert kind_of(QUOTE + "\nAPPROVE\n") is K.APPROVE


@pytest.mark.parametrize(
    "footer",
    ["-- \nBob Owner\nShop", "Sent from my iPhone", "Get Outlook for Android", "ارسال شده از iPhone من"],
)
def test_signatures_are_not_part_of_the_reply(footer: str) -> None:
    """A signature or phone footer under the command changes nothing."""
    assert parse_owner_reply(f"Approve\n\n{footer}\n\n{QUOTE}", None) == OwnerCommand(K.APPROVE)


def test_signature_is_cut_from_an_edited_reply() -> None:
    """The owner's edited reply goes out without their phone footer."""
    own = "Hi Alice,\nyour refund of 20 USD is on its way today."
    result = parse_owner_reply(f"{own}\n\nSent from my iPhone\n\n{QUOTE}", None)
    assert result.edited_text == own


def test_wrapped_gmail_attribution_is_not_part_of_the_reply() -> None:
    """Gmail wraps a long "On ... wrote:" line; neither half leaks into an edit."""
    own = "Hi Alice,\nyour refund of 20 USD is on its way today."
    wrapped = "On Mon, Jan 5, 2026 at 10:00 AM Responder Approvals <\napprovals@shop.example> wrote:"
    result = parse_owner_reply(f"{own}\n\n{wrapped}\n> quoted\n", None)
    assert result.edited_text == own


OUTLOOK = (
    "________________________________\n"
    "From: Responder <approvals@shop.example>\n"
    "Sent: Monday, January 5, 2026 10:00 AM\n"
    "To: Owner <owner@shop-owner.example>\n"
    "Subject: [P1] Approve reply? Re: Where is my order [#D7]\n\n"
    "APPROVE           send the reply above as it is\n"
)
ARABIC_GMAIL = "في الاثنين، 5 يناير 2026 في 10:00 ص كتب Responder <approvals@shop.example>:\n"
ARABIC_GMAIL_LONG = (
    "\u202bفي الاثنين، 5 يناير 2026 في 10:00 ص تمت كتابة ما يلي بواسطة "
    "\u202aResponder\u202c\u200f <\u202aapprovals@shop.example\u202c\u200f>:\u202c\n"
)
PERSIAN_GMAIL = "در تاریخ دوشنبه ۵ ژانویه ۲۰۲۶ ساعت ۱۰:۰۰ Responder <approvals@shop.example> نوشت:\n"
ARABIC_OUTLOOK = "من: Responder <approvals@shop.example>\nتاريخ الإرسال: الاثنين\nإلى: المالك\n"
PERSIAN_OUTLOOK = "از: Responder <approvals@shop.example>\nارسال شده: دوشنبه\nبه: مالک\n"


@pytest.mark.parametrize(
    "history",
    [OUTLOOK, ARABIC_GMAIL, ARABIC_GMAIL_LONG, PERSIAN_GMAIL, ARABIC_OUTLOOK, PERSIAN_OUTLOOK],
    ids=["outlook", "ar-gmail", "ar-gmail-long", "fa-gmail", "ar-outlook", "fa-outlook"],
)
def test_quote_headers_end_the_owners_text(history: str) -> None:
    """Quoted history below Outlook, Arabic and Persian headers is not the owner's reply."""
    own = "Hi Alice,\nyour refund of 20 USD is on its way today."
    # Gmail-style clients quote with ">" under the attribution; Outlook-style ones do not.
    prefix = "" if "\n" in history.strip() else "> "
    quoted = f"{prefix}Hi Alice, your parcel is on the way.\n{prefix}Best, Shop\n"
    body = f"{own}\n\n{history}{quoted}"
    assert parse_owner_reply(body, None) == OwnerCommand(K.EDIT, edited_text=own)


def test_unquoted_pasted_approval_email_is_cut_at_our_markers() -> None:
    """A client that pastes our email without ">" cannot turn our lines into the reply."""
    pasted = "----- approval request [#D7] -----\nAPPROVE\n"
    assert kind_of("Hi Alice,\nall good, it ships on Monday for sure.\n" + pasted) is K.EDIT
    assert kind_of(pasted) is K.NONE


GMAIL_HTML = (
    '<div dir="ltr">Approve</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">'
    "On Mon, Jan 5, 2026 at 10:00 AM Responder &lt;approvals@shop.example&gt; wrote:<br></div>"
    '<blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px solid #ccc">'
    "REJECT [reason] send nothing<br>Approval code: APR-abcdefghijabcdefghijabcdefghij12"
    "</blockquote></div>"
)


def test_html_only_phone_reply_is_read() -> None:
    """T59: an HTML-only reply is converted to text and its first line read."""
    assert parse_owner_reply("", GMAIL_HTML) == OwnerCommand(K.APPROVE)


def test_html_only_reply_is_refused_when_plain_text_is_required() -> None:
    """T59: with accept_html off, an HTML-only reply is no command, with a reason."""
    result = parse_owner_reply("", GMAIL_HTML, accept_html=False)
    assert result.kind is K.NONE
    assert "HTML-only" in result.reason


def test_html_only_quoted_approve_is_no_command() -> None:
    """T57 in HTML: APPROVE inside the blockquote only does nothing."""
    html = '<div dir="ltr"><br></div><blockquote>APPROVE</blockquote>'
    assert parse_owner_reply("", html).kind is K.NONE


def test_plain_text_part_wins_over_html() -> None:
    """When both parts exist, the text/plain part is the one read."""
    assert parse_owner_reply("REJECT\n", GMAIL_HTML).kind is K.REJECT
