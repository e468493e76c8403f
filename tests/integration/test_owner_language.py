"""The owner's own language end to end: real Dovecot, real SMTP sink, `responder run`.

An owner with `owner_language = "fa"` (or "ar") gets the approval email in Persian (Arabic),
right to left, answers from a phone in their own words, with the code retyped in Persian
(Arabic-Indic) digits, a "sent from my iPhone" line and the request quoted below, and the
customer gets the draft. Authentication is the trusted MX's Authentication-Results header,
as in test_approval.py.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from responder.dev.devmail import Dovecot, SmtpSink
from responder.report import Voice, produce
from responder.store.db import migrate, open_engine
from tests.unit.service.reportdb import NOW, SINCE, build_db

from .browser import screenshot
from .conftest import OWNER, REPO, write_config
from .test_approval import BOB, DNR, TRUSTED, Shop, Start, body_of, code_of, parsed, reply

pytestmark = pytest.mark.integration
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
ARTIFACTS = REPO / "test-artifacts"


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


def ink_span(png: bytes, rows: range) -> tuple[int, int]:
    """Leftmost and rightmost x of dark pixels in `rows` of an 8-bit RGB(A) PNG."""
    width, height, depth, colour = struct.unpack(">IIBB", png[16:26])
    assert depth == 8 and colour in (2, 6), "Chromium writes 8-bit RGB or RGBA"
    data, at = b"", 8
    while at < len(png):
        size, kind = struct.unpack(">I4s", png[at:at + 8])
        data += png[at + 8:at + 8 + size] if kind == b"IDAT" else b""
        at += 12 + size
    raw, bpp = zlib.decompress(data), 3 if colour == 2 else 4
    stride, prev, xs = width * bpp, bytearray(width * bpp), []
    for y in range(min(height, rows.stop)):
        line = _unfilter(raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)]),
                         prev, bpp)
        if y in rows:
            xs += [x for x in range(width) if sum(line[x * bpp:x * bpp + 3]) < 200]
        prev = line
    return (min(xs), max(xs)) if xs else (-1, -1)


def _unfilter(kind: int, line: bytearray, prev: bytearray, bpp: int) -> bytearray:
    """Undo one PNG scanline filter (RFC 2083 section 6)."""
    for i in range(len(line)):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if kind == 1:
            line[i] = (line[i] + a) & 0xFF
        elif kind == 2:
            line[i] = (line[i] + b) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + (a + b) // 2) & 0xFF
        elif kind == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
    return line


@pytest.mark.parametrize(("lang", "calendar", "title"), [
    ("fa", "persian", "گزارش پشتیبانی"), ("ar", "gregorian", "تقرير الدعم"),
    ("en", "gregorian", "Support report"),
])
def test_report_renders_right_to_left_in_chromium(tmp_path: Path, lang: str, calendar: str,
                                                  title: str) -> None:
    """Chromium lays the fa/ar report out from the right (the English one from the left)."""
    engine = open_engine(f"sqlite:///{tmp_path / 'report.db'}")
    migrate(engine)
    build_db(engine)
    page = tmp_path / "report.html"
    html = produce(engine, SINCE, NOW, "html", "Test Shop", Voice(lang, calendar))
    assert title in html
    page.write_text(html, encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    png = ARTIFACTS / f"report-{lang}.png"
    png.unlink(missing_ok=True)
    screenshot(page, png, tmp_path / "chromium-profile")
    left, right = ink_span(png.read_bytes(), range(30, 75))  # the h1 title's band
    if lang == "en":
        assert left < 120 and right < 700
    else:
        assert left > 500 and right > 1080
