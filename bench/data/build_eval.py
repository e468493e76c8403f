"""Build triage_eval.jsonl: the hand-written requests dressed up as real email.

Deterministic (fixed seed): `python bench/data/build_eval.py` rewrites the same file.
Each request gets a greeting, sign-off and signature in its language; some get quoted
history of an earlier store reply (which mentions other intents on purpose), an added
second request, typos, or arrive as HTML only.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from eval_requests_ar_fa import AR, FA
from eval_requests_en import EN
from eval_requests_v2 import AR2, EN2, FA2, Table

OUT = Path(__file__).parent / "triage_eval.jsonl"
# The second batch goes to its own file so that the first set's figures stay comparable.
OUT_V2 = Path(__file__).parent / "triage_eval_v2.jsonl"
GREET = {
    "en": ["Hi,", "Hello there,", "Good morning,", "Dear Sir or Madam,", "Hey team,", "", "Hi Anna,"],
    "ar": ["مرحباً،", "السلام عليكم ورحمة الله،", "صباح الخير،", "", "أهلاً فريق الدعم،"],
    "fa": ["سلام،", "سلام وقت بخیر،", "با سلام و احترام،", "", "درود بر شما،"],
}
BYE = {
    "en": [
        "Thanks,\nSarah",
        "Kind regards,\nJohn Miller",
        "Cheers\nTom",
        "Best wishes,\nPriya",
        "Thank you in advance!\nMarta",
    ],
    "ar": ["شكراً لكم،\nأحمد", "مع خالص التحية،\nسارة العلي", "وشكراً\nمحمد"],
    "fa": ["ممنون،\nمریم", "با تشکر،\nعلی رضایی", "سپاس\nنگار"],
}
SIGNATURE = {
    "en": [
        "--\nJohn Miller\n+1 555 0100\nSent from my iPhone",
        "Sent from my iPhone",
        "",
        "--\nPriya Shah | Marketing Lead | Acme Ltd\nThis e-mail is confidential.",
    ],
    "ar": ["--\nأحمد الحربي\nجوال: ٠٥٥٠١٢٣٤٥٦", "", "Sent from my iPhone"],
    "fa": ["--\nعلی رضایی\nتلفن: ۰۹۱۲۱۲۳۴۵۶۷", "", "ارسال شده از آیفون"],
}
QUOTE_HEAD = {
    "en": "On Tue, 7 May 2024 at 10:12, Shop Support <support@shop.example> wrote:",
    "ar": "في الثلاثاء، ٧ مايو ٢٠٢٤، كتب فريق الدعم <support@shop.example>:",
    "fa": "در تاریخ سه‌شنبه ۱۸ اردیبهشت، پشتیبانی فروشگاه <support@shop.example> نوشت:",
}
# An earlier store reply that talks about refunds, cancellations and tracking: a triager that
# reads quoted history would be misled by it.
QUOTED = {
    "en": "Hi, thanks for your message. Your refund request was received and your order "
    "cancellation is being processed. Tracking: 1Z999AA10123456784.\nBest, Shop Support",
    "ar": "مرحباً، شكراً لرسالتك. تم استلام طلب استرداد المبلغ وجاري إلغاء الطلب.\nفريق الدعم",
    "fa": "سلام، ممنون از پیام شما. درخواست مرجوعی ثبت شد و لغو سفارش در حال انجام است.\nپشتیبانی",
}
EXTRA = {  # a second, smaller request tacked on (the main intent stays the first)
    "en": [
        ("Also, do you sell gift cards?", "other"),
        ("Oh and could you update my phone number on the account?", "other"),
    ],
    "ar": [("وأيضاً، هل لديكم بطاقات هدايا؟", "other")],
    "fa": [("راستی، کارت هدیه هم دارید؟", "other")],
}


def typo(text: str, rng: random.Random) -> str:
    """Swap two letters or drop one in a couple of longer words."""
    words = text.split(" ")
    for _ in range(2):
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 4 and w.isalpha():
            j = rng.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :] if rng.random() < 0.5 else w[:j] + w[j + 1 :]
    return " ".join(words)


def compose(lang: str, request: str, rng: random.Random) -> dict[str, object]:
    """One email: body parts, flags and the text a mail client would send."""
    extra = rng.random() < 0.2
    if extra:
        request += " " + rng.choice(EXTRA[lang])[0]
    if lang == "en" and rng.random() < 0.3:
        request = typo(request, rng)
    parts = [rng.choice(GREET[lang]), request, rng.choice(BYE[lang]), rng.choice(SIGNATURE[lang])]
    body = "\n\n".join(p for p in parts if p)
    quoted = rng.random() < 0.4
    if quoted:
        body += "\n\n" + QUOTE_HEAD[lang] + "\n" + "\n".join("> " + ln for ln in QUOTED[lang].splitlines())
    html_only = rng.random() < 0.15
    if html_only:
        body = to_html(body)
    return {"body": body, "html_only": html_only, "quoted": quoted, "extra_request": extra}


def to_html(body: str) -> str:
    """The body as an HTML-only mail client would send it (quote in a blockquote)."""
    out = []
    for block in body.split("\n\n"):
        lines = [ln[2:] if ln.startswith("> ") else ln for ln in block.splitlines()]
        tag = "blockquote" if block.startswith("> ") else "p"
        out.append(f"<{tag}>" + "<br>".join(lines) + f"</{tag}>")
    return '<html><body><div dir="auto">' + "\n".join(out) + "</div></body></html>"


SUBJECTS = {
    "en": ["Question about my order", "Help", "Order", "", "Re: your order"],
    "ar": ["بخصوص طلبي", "استفسار", ""],
    "fa": ["درباره سفارش", "پیگیری", ""],
}


def build(tables: dict[str, Table], seed: int, prefix: str, out: Path) -> None:
    """Dress every request of `tables` (language -> intent -> requests) and write `out`."""
    rng = random.Random(seed)
    rows = []
    for lang, table in tables.items():
        for intent, requests in table.items():
            for n, (request, secondary) in enumerate(requests):
                mail = compose(lang, request, rng)
                rows.append(
                    {
                        "id": f"{prefix}{lang}-{intent}-{n}",
                        "lang": lang,
                        "intent": intent,
                        "secondary": list(secondary),
                        "subject": rng.choice(SUBJECTS[lang]),
                        **mail,
                    }
                )
    with out.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} emails -> {out}")


def main() -> None:
    """Write both evaluation sets."""
    build({"en": EN, "ar": AR, "fa": FA}, 2024, "", OUT)
    build({"en": EN2, "ar": AR2, "fa": FA2}, 2025, "v2-", OUT_V2)


if __name__ == "__main__":
    main()
