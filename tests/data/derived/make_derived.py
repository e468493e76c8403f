"""Regenerate the derived charset fixtures in this folder (run from the repository root)."""

from __future__ import annotations

import base64
import quopri
from email.header import Header
from pathlib import Path

HERE = Path(__file__).resolve().parent
# From banking77-ar (CC BY-SA 4.0), Banking77_Arabized_MSA_test.csv, rows 1-2.
ARABIC = (
    "ما زلت لم أستلم بطاقتي الجديدة ، لقد طلبت منذ أكثر من أسبوع.\n"
    "لقد طلبت بطاقة لكنها لم تصل. ساعدنى من فضلك!"
)
# Written for this project (no Persian corpus is available): "Hello, my order has not arrived yet."
PERSIAN = "سلام، سفارش من هنوز نرسیده است. می\u200cخواهم بدانم کجاست."
# windows-1256 has no Persian yeh (U+06CC); Persian Windows mail uses the Arabic yeh instead.
PERSIAN_1256 = PERSIAN.replace("\u06cc", "\u064a")
ARABIC_NAME = "أحمد علي"
PERSIAN_NAME = "مریم رضایی"


def message(subject: str, name: str, charset: str, cte: str, body: bytes) -> bytes:
    """One single-part message with encoded subject and sender name."""
    head = (
        f"From: {name} <cust@example.com>\r\nTo: shop@example.com\r\nSubject: {subject}\r\n"
        f"Message-ID: <derived@example.com>\r\nDate: Tue, 7 Jan 2025 10:00:00 +0300\r\n"
        f"MIME-Version: 1.0\r\nContent-Type: text/plain; charset={charset}\r\n"
        f"Content-Transfer-Encoding: {cte}\r\n\r\n"
    )
    return head.encode("ascii") + body


def encode_body(text: str, charset: str, cte: str) -> bytes:
    """Body bytes in the charset and transfer encoding."""
    data = text.encode(charset).replace(b"\n", b"\r\n")
    if cte == "base64":
        return base64.encodebytes(data).replace(b"\n", b"\r\n")
    if cte == "quoted-printable":
        return quopri.encodestring(data).replace(b"\n", b"\r\n")
    return data


CASES = {
    "ar-windows-1256-8bit.eml": (ARABIC, ARABIC_NAME, "windows-1256", "8bit", "b"),
    "ar-iso-8859-6-qp.eml": (ARABIC, ARABIC_NAME, "iso-8859-6", "quoted-printable", "q"),
    "ar-utf-8-base64.eml": (ARABIC, ARABIC_NAME, "utf-8", "base64", "b"),
    "fa-utf-8-qp.eml": (PERSIAN, PERSIAN_NAME, "utf-8", "quoted-printable", "q"),
    "fa-windows-1256-base64.eml": (PERSIAN_1256, PERSIAN_NAME, "windows-1256", "base64", "b"),
}


def _q_char(byte: int) -> str:
    """One byte in RFC 2047 Q encoding."""
    if byte == 0x20:
        return "_"
    char = chr(byte)
    return char if byte < 0x80 and char.isalnum() else f"={byte:02X}"


def main() -> None:
    """Write every case."""
    for filename, (text, name, charset, cte, word) in CASES.items():
        first = text.split("\n")[0][:30]
        if word == "q":
            quoted = "".join(_q_char(b) for b in first.encode(charset))
            subject = f"=?{charset}?q?{quoted}?="
        else:
            subject = Header(first, charset).encode(linesep="\r\n")
        encoded_name = Header(name, "utf-8").encode(linesep="\r\n")
        raw = message(subject, encoded_name, charset, cte, encode_body(text, charset, cte))
        (HERE / filename).write_bytes(raw)


if __name__ == "__main__":
    main()
