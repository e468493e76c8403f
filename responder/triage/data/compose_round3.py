"""Compose short complaint sentences from hand-written fragments (round 3 training data).

    python responder/triage/data/compose_round3.py   # rewrites train/written_round3_composed.csv

Every fragment below was written for this project; none is taken from any corpus, evaluation
or development text. Joining a subject, a problem and sometimes a demand gives the model
many short, greeting-less wordings of the same few problems in each language, the register
of app reviews and tweets. Deterministic (fixed seed). Not imported by the package.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

OUT = Path(__file__).parent / "train" / "written_round3_composed.csv"
PER_INTENT = 30
SOURCE = "written for responder (this project), round 3: composed from hand-written fragments"

# (intent, subjects, problems, demands) per language; "" means "leave this part out".
FRAGMENTS: dict[str, list[tuple[str, list[str], list[str], list[str]]]] = {
    "en": [
        (
            "lost_or_delayed",
            ["my order", "the parcel", "my food", "order 2231", "the package", "it", "my delivery"],
            [
                "still hasn't arrived",
                "is 2 hours late",
                "is late again",
                "never showed up",
                "got delayed to tomorrow",
                "has been stuck in transit for a week",
                "was due on monday and still nothing",
                "is taking forever",
            ],
            [
                "",
                "where is it?",
                "what's going on",
                "please chase it",
                "this is the third time",
                "I need it today",
            ],
        ),
        (
            "return_refund",
            ["the food", "my pizza", "the box", "the vase", "the blender", "the soup", "everything"],
            [
                "arrived cold",
                "came broken",
                "was smashed",
                "was leaking",
                "stopped working",
                "was stone cold",
                "arrived damaged",
                "was expired",
            ],
            ["", "I want a refund", "money back please", "can I return it", "send a replacement"],
        ),
        (
            "missing_items",
            ["my drink", "the fries", "one of the shirts", "the lid", "the second item", "the dessert"],
            [
                "was missing",
                "wasn't in the bag",
                "never came with the order",
                "was left out",
                "is not in the box",
            ],
            ["", "please send it", "refund that item", "again??"],
        ),
        (
            "wrong_item_or_personalization",
            ["you", "the shop", "they", "the driver"],
            [
                "sent the wrong size",
                "sent me someone else's order",
                "delivered the wrong dish",
                "sent the wrong colour",
                "gave me chicken instead of beef",
                "spelled the name wrong on the print",
            ],
            ["", "please fix it", "need the right one", "exchange please"],
        ),
        (
            "cancel_order",
            ["please", "", "hi", "just"],
            [
                "cancel my order",
                "cancel order 5102",
                "cancel it before it ships",
                "cancel the order I placed today",
            ],
            ["", "thanks", "changed my mind", "ordered by mistake"],
        ),
        (
            "other",
            ["the app", "your prices", "the website", "the flavour", "the new design", "delivery fee"],
            [
                "is great",
                "is too expensive",
                "keeps crashing",
                "is ok",
                "is confusing",
                "went up again",
                "is lovely",
            ],
            ["", "thanks", "just saying", "love you guys"],
        ),
    ],
    "ar": [
        (
            "lost_or_delayed",
            ["الطلب", "الاوردر", "طلبي", "الأكل", "الشحنة", "طلبي رقم 3381"],
            [
                "لسه ما وصل",
                "متأخر ساعتين",
                "ما وصلني للحين",
                "اتأخر كتير",
                "لم يصل حتى الآن",
                "صار له أسبوع عند الشحن",
                "تأخر عن الموعد",
                "لسا ما اجا",
            ],
            ["", "وينه؟", "فين الطلب؟", "ممكن متابعة؟", "للمرة الثالثة", "بسرعة لو سمحت"],
        ),
        (
            "return_refund",
            ["الأكل", "البيتزا", "المنتج", "الجهاز", "الكرتون", "الطلب"],
            [
                "وصل بارد",
                "وصل مكسور",
                "مش شغال",
                "وصل تالف",
                "منتهي الصلاحية",
                "وصل مفتوح ومسكوب",
                "ما يشتغل",
            ],
            ["", "ابي استرجاع", "عايز أرجعه", "رجعولي فلوسي", "ابغى ابدله"],
        ),
        (
            "missing_items",
            ["الطلب", "الاوردر", "الكيس", "الطقم"],
            ["وصل ناقص", "ناقص منه المشروب", "ما فيه الصوص", "ناقص قطعة", "جه ناقص البطاطس"],
            ["", "ارسلوا الباقي", "ليش كذا؟", "كل مرة نفس الشي"],
        ),
        (
            "wrong_item_or_personalization",
            ["وصلني", "جابولي", "بعتولي", "ارسلتم لي"],
            ["طلب غلط", "مقاس غلط", "لون غير اللي طلبته", "طلب حد تاني", "منتج مختلف عن الصورة"],
            ["", "ابي الصح", "بدلوه لو سمحت", "مو اللي طلبته"],
        ),
        (
            "cancel_order",
            ["لو سمحت", "", "ممكن", "ابي"],
            ["الغي الطلب", "كنسل الأوردر", "إلغاء طلبي رقم 6620", "الغاء الطلب قبل الشحن"],
            ["", "شكرا", "غيرت رأيي", "طلبته بالغلط"],
        ),
        (
            "other",
            ["التطبيق", "الأسعار", "رسوم التوصيل", "الطعم", "الموقع", "العروض"],
            ["حلو", "غالية", "يعلق", "عادي", "ممتاز", "صارت نار", "مش واضحة"],
            ["", "شكرا", "الله يعطيكم العافية", "بس كذا"],
        ),
    ],
    "fa": [
        (
            "lost_or_delayed",
            ["سفارشم", "غذا", "بسته", "پیک", "سفارش ۴۴۱۰"],
            [
                "هنوز نرسیده",
                "دیر رسید",
                "یک ساعته نیومده",
                "تاخیر داره",
                "دو روزه ارسال نشده",
                "نمیاد",
                "خیلی طول کشید",
            ],
            ["", "کجاست؟", "پیگیری کنید", "بار سومه", "گرسنه موندیم"],
        ),
        (
            "return_refund",
            ["غذا", "پیتزا", "کالا", "محصول", "شیر", "برنج"],
            [
                "یخ کرده بود",
                "سرد رسید",
                "شکسته بود",
                "خراب بود",
                "تاریخ گذشته بود",
                "ریخته بود",
                "کار نمی‌کنه",
            ],
            ["", "پولمو برگردونید", "می‌خوام پس بدم", "مرجوع می‌کنم", "عوضش کنید"],
        ),
        (
            "missing_items",
            ["نوشابه", "سس", "دسر", "یکی از غذاها", "نون"],
            ["نبود", "نیومده", "جا مونده", "ارسال نشد", "تو پاکت نبود"],
            ["", "بفرستید لطفا", "چرا؟", "هر بار همینه"],
        ),
        (
            "wrong_item_or_personalization",
            ["غذا", "سفارش", "سایز", "رنگ"],
            ["اشتباه اومد", "اشتباهی فرستادین", "مال یکی دیگه بود", "با عکس فرق داشت", "عوضی بود"],
            ["", "درستشو بفرستید", "من چیز دیگه سفارش دادم"],
        ),
        (
            "cancel_order",
            ["لطفا", "", "سلام"],
            ["سفارشمو لغو کنید", "کنسلش کنید", "می‌خوام لغو کنم", "سفارش ۶۶۲۰ رو لغو کنید"],
            ["", "ممنون", "منصرف شدم", "اشتباهی ثبت شد"],
        ),
        (
            "other",
            ["اپ", "قیمت‌ها", "هزینه ارسال", "طعمش", "سایت", "تخفیف‌ها"],
            ["خوبه", "گرون شده", "کند شده", "معمولی بود", "عالیه", "کم شده"],
            ["", "ممنون", "همین", "مرسی"],
        ),
    ],
}


def compose(seed: int = 3) -> list[tuple[str, str, str]]:
    """(text, intent, lang) rows, PER_INTENT distinct sentences per intent and language."""
    rng = random.Random(seed)
    rows: list[tuple[str, str, str]] = []
    for lang, groups in FRAGMENTS.items():
        for intent, subjects, problems, demands in groups:
            seen: set[str] = set()
            while len(seen) < min(PER_INTENT, len(subjects) * len(problems) * len(demands)):
                parts = [rng.choice(subjects), rng.choice(problems), rng.choice(demands)]
                seen.add(" ".join(p for p in parts if p))
            rows += [(text, intent, lang) for text in sorted(seen)]
    return rows


def main() -> None:
    """Write the composed rows as CSV next to the other training files."""
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "intent", "lang", "source"])
        writer.writerows((text, intent, lang, SOURCE) for text, intent, lang in compose())


if __name__ == "__main__":
    main()
