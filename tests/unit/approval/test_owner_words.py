"""Command words in English, Arabic and Persian, with the spellings a phone produces."""

from __future__ import annotations

import pytest

from responder.approval.commands import CommandKind, parse_owner_reply
from responder.approval.tokens import find_codes, find_draft_id
from responder.ownerlang.words import WORDS, fold

CODE = "APR-" + "a1b2c3d4e5f6g7h8i9j0" + "k1l2m3n4o5p6"
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
EVERY_WORD = [(word, kind) for kind, words in WORDS.items() for word in words]
FOOTERS = ("Sent from my iPhone", "ارسال شده از آیفون من", "أُرسلت من iPhone",
           "فرستاده شده از گوشی سامسونگ", "أرسلت من جهاز Samsung")


def read(text: str) -> CommandKind:
    """The command kind of a plain-text reply."""
    return parse_owner_reply(text, None).kind


@pytest.mark.parametrize(("word", "kind"), EVERY_WORD)
def test_every_command_word_is_read_alone(word: str, kind: str) -> None:
    """Each word of each language names its command when it stands alone on the first line."""
    if kind == "edit":
        command = parse_owner_reply(f"{word}\nسلام، سفارش شما امروز ارسال شد.", None)
        assert (command.kind, command.edited_text) == (CommandKind.EDIT, "سلام، سفارش شما امروز ارسال شد.")
    else:
        assert read(word) is CommandKind(kind)


@pytest.mark.parametrize(("word", "kind"), [w for w in EVERY_WORD if w[1] != "edit"])
@pytest.mark.parametrize("footer", FOOTERS)
def test_every_word_survives_a_phone_footer_and_a_quote(word: str, kind: str, footer: str) -> None:
    """A trailing "sent from my phone" line in any language and the quoted request are ignored."""
    text = f"{word}\n\n{footer}\n\nOn Mon, Shop <s@shop.example> wrote:\n> APPROVE\n> {CODE}\n"
    assert read(text) is CommandKind(kind)


@pytest.mark.parametrize(("typed", "kind"), [
    ("تاييد", "approve"), ("تأييد", "approve"), ("تـــایید", "approve"), ("تَأْیِید", "approve"),
    ("مُوافِق", "approve"), ("اوافق", "approve"), ("موافقه", "approve"), ("ﻣﻮاﻓﻖ", "approve"),
    ("ويرايش", "edit"), ("نگه‌دار", "hold"), ("نگهدار", "hold"), ("نگه  دار", "hold"),
    ("مكث", "pause"), ("ایقاف", "pause"), ("استيناف", "resume"), ("ادامه!", "resume"),
    ("approve", "approve"), ("Approve.", "approve"), ("رفض.", "reject"), ("ارجاع.", "escalate"),
])
def test_letter_variants_diacritics_and_tatweel_fold_to_the_word(typed: str, kind: str) -> None:
    """ي/ی, ك/ک, ة/ه, hamza seats, harakat, tatweel, ZWNJ and presentation forms fold away."""
    if kind == "edit":
        assert parse_owner_reply(f"{typed}\nمتن تازه", None).kind is CommandKind.EDIT
    else:
        assert read(typed) is CommandKind(kind)


@pytest.mark.parametrize(("line", "kind", "note"), [
    ("رفض: السعر غير صحيح", CommandKind.REJECT, "السعر غير صحيح"),
    ("رد، لحن پاسخ تند است", CommandKind.REJECT, "لحن پاسخ تند است"),
    ("نگه دار تا فردا", CommandKind.HOLD, "تا فردا"),
    ("تعليق - حتى يرد المورد", CommandKind.HOLD, "حتى يرد المورد"),
    ("تصعيد للمحاسب", CommandKind.ESCALATE, "للمحاسب"),
    ("REJECT: too rude", CommandKind.REJECT, "too rude"),
])
def test_reject_hold_escalate_carry_a_note_in_any_language(line: str, kind: CommandKind,
                                                           note: str) -> None:
    """A note after REJECT, HOLD or ESCALATE words is kept as the reason."""
    command = parse_owner_reply(line, None)
    assert (command.kind, command.reason) == (kind, note)


@pytest.mark.parametrize("line", [
    "تایید؟", "تایید کن", "موافق بس", "لا بأس", "لا ترسل", "نه بفرست", "تاییدش نکن",
    "I do not APPROVE this", "APPROVED!!", "approve?", "نمی‌دانم، تایید یا رد؟",
])
def test_a_word_inside_a_sentence_is_no_command(line: str) -> None:
    """Strictness is unchanged: a question, a sentence or a word with more after it is NONE."""
    assert read(line) is CommandKind.NONE


@pytest.mark.parametrize("digits", [PERSIAN, ARABIC])
def test_codes_and_tags_are_read_in_persian_and_arabic_indic_digits(digits: dict[int, str]) -> None:
    """A keyboard that retypes digits as ۱۲۳ or ١٢٣ still yields the code and the draft tag."""
    assert find_codes(f"> کد تایید: {CODE.translate(digits)}") == (CODE[4:],)
    assert find_draft_id("Re: [P1] تایید؟ [#D" + "123".translate(digits) + "]") == 123


def test_fold_maps_every_variant_to_one_spelling() -> None:
    """fold: one letter form, ASCII digits, lower case, single spaces."""
    assert fold("  تأیـيد  ۱۲٣ ك ة APPROVE ") == fold("تایید 123 ک ه approve")


@pytest.mark.parametrize(("text", "switch"), [
    ("توقف\n\nارسال شده از آیفون من", True), ("إيقاف", True), ("مکث.", True),
    ("استئناف", True), ("ادامه", True), ("RESUME", True), ("pause!", True),
    ("توقف کن لطفا", False), ("تایید", False), ("ادامه‌ی سفارش؟", False),
])
def test_pause_and_resume_mail_is_recognised_in_any_language(text: str, switch: bool) -> None:
    """An approver's PAUSE/RESUME without a code is owner mail in Arabic and Persian too."""
    from responder.approval.owner_mail import _switch

    assert _switch(text) is switch


@pytest.mark.parametrize("guide", ["owner-guide.fa.md", "owner-guide.ar.md"])
def test_every_word_the_owner_guides_teach_is_accepted(guide: str) -> None:
    """Each Arabic-script word in backticks in a guide is a command the parser reads."""
    import re
    from pathlib import Path

    text = (Path(__file__).parents[3] / "docs" / guide).read_text(encoding="utf-8")
    spans = re.findall(r"`([^`\n]*)`", text)
    taught = [w for w in spans if re.search("[\u0600-\u06ff]", w) and not re.search("[{}:=]", w)]
    assert len(taught) >= 25
    for word in taught:
        assert parse_owner_reply(f"{word}\nسلام، سفارش شما امروز ارسال شد.", None).kind \
            is not CommandKind.NONE, word
