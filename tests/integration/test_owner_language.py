"""The owner's own language end to end: real Dovecot, real SMTP sink, `responder run`.

An owner with `owner_language = "fa"` (or "ar") gets the approval email in Persian (Arabic),
right to left, answers from a phone in their own words, with the code retyped in Persian
(Arabic-Indic) digits, a "sent from my iPhone" line and the request quoted below, and the
customer gets the draft. Authentication is the trusted MX's Authentication-Results header,
as in test_approval.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from responder.devmail import Dovecot, SmtpSink

from .conftest import OWNER, write_config
from .test_approval import BOB, DNR, TRUSTED, Shop, Start, body_of, code_of, parsed, reply

pytestmark = pytest.mark.integration
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def owner_shop(tmp: Path, dovecot: Dovecot, sink: SmtpSink, start: Start, lang: str) -> Shop:
    """A running store whose owner reads `lang`."""
    shop = Shop.__new__(Shop)
    shop.dovecot, shop.sink, shop.db, shop.n = dovecot, sink, tmp / "responder.db", 0
    path = write_config(tmp, dovecot, sink, TRUSTED)
    owner_line = f'owner_address = "{OWNER}"'
    path.write_text(path.read_text().replace(owner_line, f'{owner_line}\nowner_language = "{lang}"'))
    shop.daemon = start(path)
    return shop


def request_for(shop: Shop, tag: str) -> object:
    """The first mail to the owner whose subject carries `tag`."""
    from .conftest import wait_for

    def found() -> list[object]:
        return [m for m in shop.to(OWNER) if tag in str(m["Subject"])]

    wait_for(found, timeout=60, what=f"approval request {tag}")
    return found()[0]


def phone_reply(request: object, word: str, footer: str, digits: dict[int, str],
                attribution: str) -> bytes:
    """A phone's reply: the word, its footer, an attribution and the request quoted with the
    code's digits retyped by the keyboard."""
    raw = reply(request, f"{word}\n\n{footer}", quote=False)  # type: ignore[arg-type]
    msg = parsed(raw)
    quoted = "\n".join("> " + line for line in body_of(request).splitlines())  # type: ignore[arg-type]
    msg.set_content(f"{word}\n\n{footer}\n\n{attribution}\n{quoted.translate(digits)}\n")
    return msg.as_bytes()


def sent_to_customer(shop: Shop) -> list[str]:
    """Bodies of the person-approved replies Bob received."""
    return [body_of(m) for m in shop.to(BOB) if m["Auto-Submitted"] is None]


@pytest.mark.parametrize(("lang", "word", "footer", "digits", "attribution", "expect"), [
    ("fa", "تایید", "ارسال شده از آیفون من", PERSIAN,
     "در ۱۴ آذر ۱۴۰۵، ساعت ۱۰:۰۰، Test Shop <support@shop.example> نوشت:",
     ("درخواست تایید", "کد تایید:", "پاسخ شما برای")),
    ("ar", "موافق", "أُرسلت من iPhone", ARABIC,
     "في ٤ ديسمبر ٢٠٢٦، الساعة ١٠:٠٠، كتب Test Shop <support@shop.example>:",
     ("طلب موافقة", "رمز الموافقة:", "أُرسل ردك")),
])
def test_owner_approves_in_their_language_from_a_phone(
        tmp_path: Path, dovecot: Dovecot, sink: SmtpSink, start_daemon: Start, lang: str,
        word: str, footer: str, digits: dict[int, str], attribution: str,
        expect: tuple[str, str, str]) -> None:
    """A fa/ar owner gets an RTL request in their language, answers in it, Bob gets the draft."""
    shop = owner_shop(tmp_path, dovecot, sink, start_daemon, lang)
    shop.customer(BOB, *DNR)
    request = request_for(shop, "[#D1]")
    text, head, code_label, confirmed = body_of(request), *expect  # type: ignore[arg-type]
    assert head in text and code_label in text
    assert f"\u2066{code_of(request)}\u2069" in text  # type: ignore[arg-type]
    html = request.get_body(("html",)).get_content()  # type: ignore[attr-defined]
    assert 'dir="rtl"' in html and f'lang="{lang}"' in html
    draft = str(shop.query("SELECT text FROM drafts WHERE id = 1")[0][0]).strip()
    assert draft in text
    answer = phone_reply(request, word, footer, digits, attribution)
    code = code_of(request)  # type: ignore[arg-type]
    assert code.translate(digits) in body_of(parsed(answer)) or not any(c.isdigit() for c in code)
    shop.deliver(answer)
    shop.settle()
    assert [body.strip() for body in sent_to_customer(shop)] == [draft]
    assert shop.query("SELECT state, result FROM drafts WHERE id = 1") == [("sent", "unchanged")]
    assert confirmed in body_of(shop.to(OWNER)[-1])
    assert shop.daemon.stop() == 0
