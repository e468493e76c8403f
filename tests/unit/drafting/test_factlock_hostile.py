"""Issue 15 item 3: the fact lock as an allow-list, against hostile rewrites of real templates."""

from __future__ import annotations

import tomllib
from decimal import Decimal

import pytest

from responder.drafting import factlock
from responder.drafting import polish_words as pw
from tests.unit.drafting.real_drafts import Rewrite, good_rewrites, hostile_rewrites

HOSTILE = hostile_rewrites()


def lock(r: Rewrite) -> tuple[str, ...]:
    """The lock's verdict as the polisher asks for it (draft, rewrite, the decision's facts)."""
    return factlock.check(r.draft, r.text, language=r.lang, known_facts=r.facts)


def test_hostile_set_is_large_and_in_all_three_languages() -> None:
    """At least 25 hostile rewrites, in en, ar and fa, each with its reason."""
    assert len(HOSTILE) >= 25
    assert {r.lang for r in HOSTILE} == {"en", "ar", "fa"}
    assert all(r.why for r in HOSTILE)


@pytest.mark.parametrize("rewrite", HOSTILE, ids=[r.why for r in HOSTILE])
def test_every_hostile_rewrite_is_rejected(rewrite: Rewrite) -> None:
    """A good rewrite with one hostile change (domain, number word, promise, status...) is refused."""
    assert lock(rewrite) != ()


@pytest.mark.parametrize("index", range(len(good_rewrites())))
def test_good_rewrites_of_real_templates_pass(index: int) -> None:
    """Realistic paraphrases of the shipped templates, numbers in words included, pass."""
    rewrite = good_rewrites()[index]
    assert lock(rewrite) == (), rewrite.text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("five hundred dollars", 500),
        ("your other order one thousand and two", 1002),
        ("twenty-five days", 25),
        ("خمسمائة دولار", 500),
        ("ألف واثنان", 1002),
        ("خمسة وعشرون", 25),
        ("پانصد دلار", 500),
        ("هزار و دو", 1002),
        ("صد و بیست و پنج", 125),
    ],
)
def test_number_words_in_three_languages(text: str, value: int) -> None:
    """Number words are read as values in en, ar and fa."""
    assert Decimal(value) in pw.number_words(text)


def test_a_lone_one_or_persian_article_is_not_a_number() -> None:
    """'one of us', Persian یک (a) and نه (no) alone are words, not numbers."""
    assert pw.number_words("One of our team will write. یک بسته. نه، ممنون.") == frozenset()
    assert pw.number_words("سه‌شنبه") == frozenset()  # Tuesday, not "three"


@pytest.mark.parametrize(
    "text",
    ["dhl-verify.help", "x.top", "dhl-verify[.]com", "dhl (dot) com", "dhl dot com", "shop.xn--p1ai"],
)
def test_domains_of_any_tld_and_obfuscated(text: str) -> None:
    """Any TLD counts as a domain, and [.], (dot) and ' dot ' are read as a dot."""
    assert pw.domains(f"Visit {text} now.")


def test_sentences_and_decimals_are_not_domains() -> None:
    """Amounts, abbreviations and initials are not mistaken for domains."""
    assert pw.domains("It costs 24.50 e.g. today, at 5 p.m. in the U.S.") == frozenset()


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("We'll pay you back in full today.", "money_back"),
        ("We will reimburse the cost.", "money_back"),
        ("A complimentary replacement at no extra charge.", "free"),
        ("The shipping is on the house.", "free"),
        ("Enjoy half off your next order.", "discount"),
        ("Here is a promo code for you.", "discount"),
        ("We promise it will arrive soon.", "guarantee"),
        ("You can keep the item.", "keep_item"),
        ("We'll expedite it for you.", "upgrade"),
        ("وسنعيد لك المبلغ كاملًا.", "money_back"),
        ("سنرسله لك مجانًا.", "free"),
        ("دون أي تكلفة إضافية.", "free"),
        ("ستحصل على نصف السعر.", "discount"),
        ("ونعدك بأن يصلك قريبًا.", "guarantee"),
        ("يمكنك الاحتفاظ بالمنتج.", "keep_item"),
        ("پول شما را پس می‌دهیم.", "money_back"),
        ("هزینه‌ی ارسال به حساب ما است.", "free"),
        ("در سفارش بعدی نصف قیمت پرداخت می‌کنید.", "discount"),
        ("قول می‌دهیم فردا برسد.", "guarantee"),
        ("یک کالای جایگزین می‌فرستیم.", "replacement"),
    ],
)
def test_promise_paraphrases_are_found(text: str, concept: str) -> None:
    """Promises and concessions are found however they are phrased, in all three languages."""
    assert concept in pw.promise_concepts(text)


@pytest.mark.parametrize(
    "text",
    ["Feel free to reply to this email.", "It was charged to your credit card.",
     "Thanks for your patience.", "شكرًا لصبرك.", "از صبر شما ممنونیم."],
)
def test_ordinary_phrases_are_not_promises(text: str) -> None:
    """'feel free' and 'credit card' are not offers."""
    assert pw.promise_concepts(text) == frozenset()


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("It was lost by DHL.", "lost"),
        ("The order has been cancelled.", "cancelled"),
        ("Tracking shows it as delivered.", "delivered"),
        ("ضاع الطرد لدى DHL.", "lost"),
        ("تم إلغاء الطلب.", "cancelled"),
        ("قد سُلِّم بتاريخ", "delivered"),
        ("مرسوله گم شد.", "lost"),
        ("سفارش لغو شد.", "cancelled"),
        ("تحویل داده شده است.", "delivered"),
    ],
)
def test_statuses_in_three_languages(text: str, status: str) -> None:
    """Status facts are read in en, ar and fa."""
    assert status in pw.status_concepts(text)


def test_negated_or_future_status_is_not_the_status() -> None:
    """'hasn't shipped' is not shipped; 'should be delivered by' and 'تحویل داده شود' are not delivered."""
    assert pw.status_concepts("It hasn't shipped yet.") == {"not_shipped"}
    assert pw.status_concepts("It should be delivered by Friday.") == frozenset()
    assert pw.status_concepts("تا 2026-11-27 تحویل داده شود") == frozenset()


def test_courtesy_phrases_are_no_date_and_no_status() -> None:
    """'Thanks for reaching out today' dates nothing; 'once it's delivered' states nothing."""
    good = good_rewrites()[0]
    chatty = good.text.replace("Thanks so much for checking in!", "Thanks for reaching out today!")
    chatty = chatty.replace("sort it out for you.", "sort it out for you. Enjoy it once it's delivered!")
    assert chatty != good.text
    assert factlock.check(good.draft, chatty, language="en", known_facts=good.facts) == ()


def test_inverted_status_is_named() -> None:
    """A rewrite saying lost and cancelled where the draft says shipped names both."""
    inverted = next(r for r in HOSTILE if r.why.startswith("inverted status"))
    problems = lock(inverted)
    assert "new status: lost" in problems
    assert "new status: cancelled" in problems


def test_decision_facts_allow_a_fact_but_not_a_promise() -> None:
    """A number only the decision's facts hold may be stated; a promise still may not."""
    good = good_rewrites()[6]
    added = good.text.replace("Warm regards", "Your order total was $38.00.\n\nWarm regards")
    assert factlock.check(good.draft, added, language="en", known_facts="38.00 USD\n$38.00") == ()
    assert factlock.check(good.draft, added, language="en") != ()
    offer = good.text.replace("Warm regards", "Enjoy half off your next order.\n\nWarm regards")
    assert factlock.check(good.draft, offer, language="en", known_facts="half off") != ()


def test_word_lists_are_data_with_all_three_languages() -> None:
    """Every promise and status list in lock_words.toml has en, ar and fa entries."""
    data = tomllib.loads(pw.WORDS_FILE.read_text(encoding="utf-8"))
    for table in ("promise", "status"):
        for name, langs in data[table].items():
            assert {k for k, v in langs.items() if v} == {"en", "ar", "fa"}, (table, name)
