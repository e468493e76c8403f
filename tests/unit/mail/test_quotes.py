"""split_reply separates new words, quoted history and signature in several languages.

The Arabic and Persian samples are written for this project (no public fixtures exist).
"""

from __future__ import annotations

import pytest

from responder.mail.quotes import split_reply

REPLY = "Please refund order 1234."


@pytest.mark.parametrize(
    "history",
    [
        "> old line\n> more",
        "On Mon, Jan 6, 2025 at 9:00 AM Shop <shop@example.com> wrote:\n> old line",
        "On Mon, Jan 6, 2025 at 9:00 AM Shop Support from the\n<shop@example.com> wrote:\n\n> old",
        "-----Original Message-----\nFrom: Shop\nSent: Monday\nTo: me\nSubject: order\n\nold",
        "________________________________\nFrom: Shop <s@x.example>\nSent: Monday\nTo: me\n\nold",
        "From: shop@example.com\nSent: March-19-11 5:42 PM\nTo: me\nSubject: Loop\n\nold",
        "Von: shop@example.com\nGesendet: Dienstag\nAn: me\nBetreff: x\n\nalt",
        "Le 23 janv. 2015 à 22:03, Shop <s@x.example> a écrit :\n\nBonjour",
        "Am 25.06.2015 um 10:55 schrieb Test user:\n> alt",
        # Arabic Gmail, Arabic Outlook, Persian Gmail and Persian Outlook: written for this project.
        "في الاثنين، 6 يناير 2025 في 9:00 ص، كتب المتجر <shop@example.com>:\n> تم شحن طلبك",
        "في 6 يناير 2025، كتب المتجر:\n> تم شحن طلبك",
        "من: المتجر <shop@example.com>\nتم الإرسال: الاثنين 6 يناير 2025\nإلى: أحمد\n"
        "الموضوع: طلبك\n\nتم شحن طلبك",
        "در تاریخ دوشنبه ۶ ژانویه ۲۰۲۵، ساعت ۹:۰۰ فروشگاه <shop@example.com> نوشت:\n> سفارش ارسال شد",
        "از: فروشگاه <shop@example.com>\nارسال: دوشنبه\nبه: مریم\nموضوع: سفارش\n\nسفارش ارسال شد",
    ],
)
def test_history_is_split_off(history: str) -> None:
    """Every supported quote header or marker moves the history out of the new text."""
    new, quoted, _ = split_reply(f"{REPLY}\n\n{history}\n")
    assert new == REPLY
    assert quoted


@pytest.mark.parametrize(
    ("footer", "signature"),
    [
        # Trailing spaces are trimmed from every line, so "-- " comes back as "--".
        ("-- \nAhmad\n+971 50 123 4567", "--\nAhmad\n+971 50 123 4567"),
        ("Sent from my iPhone", "Sent from my iPhone"),
        ("Get Outlook for Android", "Get Outlook for Android"),
        ("أرسلت من الـ iPhone", "أرسلت من الـ iPhone"),
        ("ارسال شده از iPhone من", "ارسال شده از iPhone من"),
        ("Best regards,\nAhmad Ali\nACME LLC", "Best regards,\nAhmad Ali\nACME LLC"),
        ("مع تحياتي،\nأحمد", "مع تحياتي،\nأحمد"),
        ("با تشکر،\nمریم", "با تشکر،\nمریم"),
    ],
)
def test_signature_is_split_off(footer: str, signature: str) -> None:
    """Delimited, mobile and salutation signatures leave the new text."""
    new, _, sig = split_reply(f"{REPLY}\n\n{footer}")
    assert new == REPLY
    assert sig == signature.rstrip()


def test_sentence_starting_like_a_footer_is_kept() -> None:
    """'Sent from my desk, ...' is a sentence, not a mobile footer."""
    text = "Here it is\n\nSent from my desk, is much easier than my phone."
    assert split_reply(text) == (text, "", "")


def test_reply_below_quote_is_new_text() -> None:
    """Bottom-posted words after a quoted block count as the reply."""
    text = "On 04/19/2011 07:10 AM, Roman wrote:\n\n> Test\nTest reply"
    assert split_reply(text)[0] == "Test reply"


def test_reply_text_sharing_line_with_header() -> None:
    """'reply On <date>, x wrote:' keeps the words before the header."""
    assert split_reply("reply On Wed, Apr 4, 2012 at 3:59 PM, bob@example.com wrote:\n> Hi")[0] == "reply"


def test_line_starting_with_on_is_not_a_header() -> None:
    """An ordinary sentence beginning with 'On' is not mistaken for an attribution."""
    text = "On Thursday I was home.\nOn blah-blah-blah"
    assert split_reply(text)[0] == text


def test_persian_zwnj_is_untouched() -> None:
    """The splitter never changes the customer's characters."""
    text = "می\u200cخواهم سفارش را لغو کنم"
    assert split_reply(text)[0] == text
