"""Language id: English, Arabic, Persian, and mixed mail."""

from __future__ import annotations

import pytest

from responder.triage import OfflineTriager, detect_language, newest_language
from tests.unit.triage.conftest import mail


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Where is my order?", "en"),
        ("أين طلبي؟ لم يصل بعد", "ar"),
        ("سفارشم کجاست؟ هنوز نرسیده", "fa"),
        ("من می‌خواهم سفارشم را لغو کنم", "fa"),
        # Persian typed on an Arabic keyboard (ي and ك): function words still decide.
        ("سفارشم هنوز نرسيده است و خيلي ناراحتم", "fa"),
        ("هل يمكنني إلغاء الطلب؟", "ar"),
        ("مرحبا", "ar"),
        ("ممنون", "fa"),
    ],
)
def test_detect(text: str, lang: str) -> None:
    """Arabic and Persian are told apart, including short and keyboard-mixed text."""
    assert detect_language(text) == lang


def test_no_letters_gives_default() -> None:
    """Digits alone fall back to the default."""
    assert detect_language("1001 !!!", default="ar") == "ar"


def test_mixed_mail_takes_newest_text(triager: OfflineTriager) -> None:
    """A Persian reply above English quoted history is Persian."""
    result = triager.classify(
        mail(
            "سلام، هنوز بسته را دریافت نکرده‌ام.",
            subject="Re: Your order",
            text="...\n> Your order has shipped",
        )
    )
    assert result.language == "fa"


def test_subject_decides_only_without_body_letters() -> None:
    """An empty body takes the subject's language."""
    assert newest_language("", "طلبي لم يصل") == "ar"
    assert newest_language("Where is it?", "طلبي لم يصل") == "en"
