"""Signals in English, Arabic and Persian, each with its trigger words."""

from __future__ import annotations

import pytest

from responder.triage import find_signals, load_lexicon

LEXICON = load_lexicon()

CASES = [
    ("anger", "This is absolutely unacceptable and I am furious"),
    ("anger", "أنا غاضب جداً من هذه الخدمة"),
    ("anger", "خیلی عصبانی هستم، افتضاح است"),
    ("review_threat", "Refund me or I will leave a one-star review on Trustpilot"),
    ("review_threat", "أعيدوا المبلغ وإلا سأكتب تقييماً سيئاً"),
    ("review_threat", "پولم را برگردانید وگرنه همه جا نظر منفی می‌نویسم"),
    ("public_complaint", "I have already posted a review on Google about this"),
    ("public_complaint", "كتبت تقييماً على جوجل عن تجربتي"),
    ("public_complaint", "در دیجی‌کالا نظر منفی نوشتم"),
    ("chargeback", "I have opened a dispute with my bank"),
    ("chargeback", "فتحت نزاعاً مع البنك على هذا المبلغ"),
    ("chargeback", "به بانک شکایت کردم"),
    ("abusive", "you are a bunch of idiots"),
    ("abusive", "أنتم أغبياء"),
    ("abusive", "شما احمق هستید"),
    ("deadline", "I need it for my wedding on Saturday"),
    ("deadline", "أحتاجه قبل حفل زفاف أختي"),
    ("deadline", "برای جشن تولد دخترم لازم دارم"),
    ("vip", "I've ordered from you for years"),
    ("vip", "أنا عميل دائم لديكم"),
    ("vip", "من مشتری قدیمی شما هستم"),
]


@pytest.mark.parametrize(("name", "text"), CASES)
def test_signal_found_with_words(name: str, text: str) -> None:
    """Each signal fires in each language and names the words that triggered it."""
    signals = {s.name: s for s in find_signals(text, LEXICON)}
    assert name in signals
    assert all(w and w in text for w in signals[name].words)


@pytest.mark.parametrize(
    "text",
    ["Hello, where is my order?", "مرحباً، أين طلبي؟", "سلام، سفارشم کجاست؟"],
)
def test_calm_mail_has_no_signal(text: str) -> None:
    """A calm question raises nothing."""
    assert find_signals(text, LEXICON) == ()


def test_public_complaint_is_not_a_threat() -> None:
    """An already posted review demands nothing: no review_threat."""
    names = {s.name for s in find_signals("I left a 1-star review yesterday.", LEXICON)}
    assert names == {"public_complaint"}


def test_anger_levels() -> None:
    """Strong words and shouting rank higher than mild disappointment."""
    mild = find_signals("I'm a bit disappointed", LEXICON)[0]
    strong = find_signals("WORST SERVICE EVER!!! I am livid", LEXICON)[0]
    assert (mild.level, strong.level) == (1, 3)


def test_threatened_chargeback_is_level_one() -> None:
    """Only a dispute already opened is strong enough to change the intent."""
    (signal,) = find_signals("I will dispute the charge", LEXICON)
    assert (signal.name, signal.level) == ("chargeback", 1)
