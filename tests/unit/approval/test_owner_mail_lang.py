"""Approval emails, confirmations and reminder subjects in the owner's language."""

from __future__ import annotations

from datetime import datetime

import pytest

from responder import ownerlang as ol
from responder.approval.notices import localise
from responder.approval.reminders import URGENT, reminder_subject
from responder.approval.reply import own_blocks
from responder.approval.request import build_request
from responder.approval.tokens import find_codes
from tests.unit.approval.test_request import DRAFT, TOKEN, request


@pytest.mark.parametrize(("lang", "words"), [
    ("fa", ("درخواست تایید", "کد تایید:", "تایید", "پایان پاسخ")),
    ("ar", ("طلب موافقة", "رمز الموافقة:", "موافق", "نهاية الرد")),
])
def test_request_is_written_in_the_owners_language_right_to_left(lang: str,
                                                                 words: tuple[str, ...]) -> None:
    """Our lines start with RLM, the code sits in an LTR isolate, the draft is untouched."""
    subject, body = build_request(request(lang=lang))
    assert subject.startswith(ol.RLM) and "[#D123]" in subject
    assert all(word in body for word in words)
    assert f"\u2066APR-{TOKEN}\u2069" in body and find_codes(body) == (TOKEN,)
    assert DRAFT.strip() in body
    draft_lines = set(DRAFT.strip().splitlines())
    ours = [line for line in body.splitlines() if line.strip() and line not in draft_lines]
    assert all(line.startswith(ol.RLM) for line in ours)
    assert "Approve reply?" not in subject and "APPROVE " not in body.split(DRAFT.strip())[0]


def test_english_request_is_unchanged_by_the_language_machinery() -> None:
    """An English owner's lines carry no RTL marks; the code is bare; other words are named."""
    subject, body = build_request(request())
    assert "Approve reply?" in subject and f"Approval code: APR-{TOKEN}\n" in body
    assert not any(mark in subject + body for mark in (ol.RLM, ol.LRI))
    assert "\u2067موافق\u2069" in body and "\u2067تایید\u2069" in body


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_a_pasted_request_in_any_language_ends_the_owners_text(lang: str) -> None:
    """Outlook-style unquoted paste of a Persian/Arabic request is cut at our own head line."""
    _subject, body = build_request(request(lang=lang))
    assert own_blocks(f"تایید\n\n{body}") == [["تایید"]]


@pytest.mark.parametrize(("kind", "english", "lang", "expected"), [
    ("confirmation:send", "Sent your reply to bob@example.com (#D7).", "fa",
     "\u200fپاسخ شما برای \u2066bob@example.com\u2069 فرستاده شد (\u2066#D7\u2069)."),
    ("confirmation:reject", "Rejected; nothing was sent to the customer (#D7). Your reason: rude",
     "ar", "\u200fرُفض؛ لم يُرسل شيء إلى العميل (\u2066#D7\u2069).\n\u200frude"),
    ("refusal:abc", "Your reply was not acted on: token already used. Nothing was sent.", "fa",
     "\u200fکاری روی پاسخ شما انجام نشد: این کد قبلاً استفاده شده است. هیچ چیزی فرستاده نشد."),
    ("refusal:abc", "Your reply was not acted on: something new. Nothing was sent.", "ar",
     "\u200fلم يُنفّذ ردك: something new. لم يُرسل شيء."),
    ("confirmation:send", "Sent your reply to bob@example.com (#D7).", "en",
     "Sent your reply to bob@example.com (#D7)."),
])
def test_confirmations_and_refusals_are_localised(kind: str, english: str, lang: str,
                                                  expected: str) -> None:
    """The notice is rebuilt in the approver's language from the facts of the English one."""
    assert localise(lang, kind, english) == expected


def test_edited_reply_is_shown_as_written_under_a_localised_line() -> None:
    """The owner's own reply text follows the translated confirmation unchanged."""
    english = "Sent your own reply to bob@example.com instead of the draft (#D7):\n\nHello Bob"
    assert localise("fa", "confirmation:send_edited", english).endswith("\n\nHello Bob")


def test_reminder_subject_keeps_priority_and_vip_in_persian() -> None:
    """The urgent reminder is one priority up, VIP kept, label in Persian after an RLM."""
    subject = ol.RLM + "[P2 VIP] پاسخ را تایید می‌کنید؟ موضوع: x [#D1]"
    assert reminder_subject(subject, 2, URGENT, "fa") == (
        ol.RLM + "[یادآوری فوری P1 VIP] پاسخ را تایید می‌کنید؟ موضوع: x [#D1]")


@pytest.mark.parametrize(("gregorian", "jalali"), [
    (datetime(2024, 3, 20), "۱۴۰۳/۰۱/۰۱"), (datetime(2021, 3, 21), "۱۴۰۰/۰۱/۰۱"),
    (datetime(1979, 2, 11), "۱۳۵۷/۱۱/۲۲"), (datetime(2021, 3, 20), "۱۳۹۹/۱۲/۳۰"),
    (datetime(2025, 3, 20), "۱۴۰۳/۱۲/۳۰"),
])
def test_persian_calendar_dates(gregorian: datetime, jalali: str) -> None:
    """Solar Hijri dates match known conversions (Nowruz 1403 and 1400, 22 Bahman 1357, the
    30 Esfand of leap years 1399 and 1403)."""
    assert ol.date("fa", gregorian, "persian") == jalali


def test_dates_and_digits_follow_the_owner() -> None:
    """Arabic owners read ٢٠٢٦/٠١/٠٥, English owners 2026-01-05."""
    day = datetime(2026, 1, 5)
    assert (ol.date("ar", day), ol.date("en", day)) == ("٢٠٢٦/٠١/٠٥", "2026-01-05")


def test_a_misread_reply_is_explained_in_the_owners_language() -> None:
    """"تایید؟" is no command; the refusal tells a Persian owner in Persian what to write."""
    from responder.approval.commands import parse_owner_reply

    reason = parse_owner_reply("تایید؟", None).reason
    english = f"Your reply was not acted on: {reason}. Nothing was sent."
    told = localise("fa", "refusal:x", english)
    assert "خط اول روشن نیست: 'تایید؟'" in told
    assert "در خط اول فقط یکی از این کلمه‌ها را بنویسید: تایید، رد" in told
    assert "APPROVE" not in told


def test_html_part_is_rtl_with_the_code_isolated_left_to_right() -> None:
    """The HTML twin of a Persian request: dir/lang set, code in <bdi dir="ltr">, draft escaped."""
    _subject, body = build_request(request(lang="fa", draft_text="<b>Hi</b> Alice"))
    page = ol.html("fa", body)
    assert '<html lang="fa" dir="rtl">' in page and "unicode-bidi:plaintext" in page
    assert f'<bdi dir="ltr">APR-{TOKEN}</bdi>' in page
    assert "&lt;b&gt;Hi&lt;/b&gt; Alice" in page and "<b>" not in page


@pytest.mark.parametrize(("lang", "unit", "value", "shown", "expected"), [
    ("ar", "min", 1, "1", "دقيقة"), ("ar", "min", 2, "2", "دقيقتان"),
    ("ar", "min", 5, "5", "٥ دقائق"), ("ar", "min", 11, "11", "١١ دقيقة"),
    ("ar", "min", 105, "105", "١٠٥ دقائق"), ("ar", "hours", 2.5, "2.5", "٢٫٥ ساعة"),
    ("ar", "n_hours", 2, "2", "ساعتين"), ("ar", "days", 3, "3", "٣ أيام"),
    ("fa", "min", 5, "5", "۵ دقیقه"), ("fa", "hours", 2.5, "2.5", "۲٫۵ ساعت"),
    ("en", "min", 5, "5", "5 min"), ("en", "n_hours", 4, "4", "4 hours"),
])
def test_counted_units_agree_with_the_number(lang: str, unit: str, value: float, shown: str,
                                             expected: str) -> None:
    """Arabic nouns take the one/two/few/many form; digits and decimal mark are the owner's."""
    assert ol.quantity(lang, unit, value, shown) == expected
