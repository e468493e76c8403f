"""The lines that start quoted history or a signature, in the languages our customers use.

Kept apart from the splitting logic so that a new mail client or language is one line here.
Every pattern sees one line, or up to three lines joined by spaces (headers wrap).
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

# Verbs that end an attribution line: "On <date>, <name> wrote:" and its translations.
WROTE_VERBS = (
    r"wrote|writes|sent|schrieb|a\s+écrit|a\s+ecrit|skrev|schreef|geschreven|napisał|napisal"
    r"|írta|napsal|написав|написала\(а\)|kirjoitti|escribió|escribio|ha\s+scritto|escreveu|написал|написала|пишет|yazdı"
    r"|pisze|작성|كتب|نوشت|写道|のメッセージ|wrote\s+the\s+following"
)
# The attribution ends with the verb (and perhaps the name after it) and a colon.
ATTRIBUTION = re.compile(
    rf"^[\s>*\-]*(?P<head>.{{0,300}}?(?<!\w)(?:{WROTE_VERBS})(?!\w)[^:：\n]{{0,120}}[:：])"
    r"[\s\-*]*$",
    _I,
)
# An attribution opens with a date word; a one-line one may instead carry an address.
ATTRIBUTION_OPENER = re.compile(
    r"^[\s>*\-]*(?:(?:on|am|le|el|il|op|den|på|em|dnia|w\s+dniu|في|در|在)(?!\w)|\d"
    r"|[^\W\d]{2,4}\.?,?\s+\d)",
    _I,
)
# "On <date> ..." written inline after the reply, e.g. "reply On Wed, Apr 4, 2012 at 3:59 PM".
INLINE_ON = re.compile(
    r"(?P<head>(?:-{2,}\s*)?\bOn\s+(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul"
    r"|Aug|Sep|Oct|Nov|Dec|\d).{0,200}(?:wrote|sent)\s*:)\s*$",
    _I,
)
# A date and an address ending in a colon: Yandex, mail.ru, Gmail's "2014-10-17 11:28 <x@y>:".
DATE_ADDRESS = re.compile(
    r"^[\s>]*\d{1,4}[./\-年]\d{1,2}[./\-月]\d{1,4}.{0,160}[\w.+\-]+@[\w.\-]+>?\s*[:：]?\s*$"
    r"|^[\s>]*\w{3},\s+\d{1,2}\s+\w{3}\s+\d{4}.{0,160}@[\w.\-]+>\s*:\s*$",
)
ORIGINAL_MESSAGE = re.compile(
    r"^[\s>*]*[-_=]{2,}\s*(?:original\s+message|reply\s+message|forwarded\s+message"
    r"|ursprüngliche\s+nachricht|antwort\s+nachricht|weitergeleitete\s+nachricht"
    r"|oprindelig\s+meddelelse|videresendt\s+meddelelse|message\s+d'origine|message\s+transféré"
    r"|mensaje\s+original|messaggio\s+originale|oorspronkelijk\s+bericht|doorgestuurd\s+bericht"
    r"|originalmeddelande|opprinnelig\s+melding|alkuperäinen\s+viesti|исходное\s+сообщение"
    r"|пересланное\s+сообщение|wiadomość\s+oryginalna|oryginalna\s+wiadomość"
    r"|mensagem\s+original|původní\s+zpráva|orijinal\s+ileti"
    r"|الرسالة\s+الأصلية|الرسالة\s+الاصلية|رسالة\s+معاد\s+توجيهها|پیام\s+اصلی|پیام\s+هدایت\s+شده)"
    r"\s*[-_=]{2,}[\s*]*$",
    _I,
)
SEPARATOR = re.compile(r"^[\s>]*(?:[-_=*]\s*){5,}$")

# Outlook-style header block keys; a block needs two different ones close together.
HEADER_KEYS = (
    r"from|sent|date|to|cc|subject|reply-to|von|gesendet|datum|an|betreff|de|envoyé|envoye"
    r"|date|à|a|objet|fra|sendt|til|emne|från|skickat|till|ämne|van|verzonden|aan|onderwerp"
    r"|od|wysłane|wysłano|do|temat|da|inviato|oggetto|enviado|para|asunto|assunto|data"
    r"|lähettäjä|lähetetty|vastaanottaja|aihe|от|отправлено|кому|тема|дата|kimden|gönderildi"
    r"|kime|konu|发件人|发送时间|收件人|主题|差出人|送信日時|宛先|件名"
    r"|من|المرسل|تم\s+الإرسال|تم\s+الارسال|أرسلت|ارسلت|التاريخ|تاريخ|إلى|الى|الموضوع|موضوع"
    r"|نسخة|از|فرستنده|ارسال|ارسال\s+شده|تاریخ|به|گیرنده|رونوشت"
)
HEADER_LINE = re.compile(rf"^[\s>]*[*_]?(?P<key>{HEADER_KEYS})[*_]?\s*[:：][*_]?(?:\s|$)", _I)
# A block starts with who sent it or when; "To:" alone opens nothing.
HEADER_OPENERS = frozenset(
    {
        "from", "date", "von", "de", "fra", "från", "van", "od", "da", "lähettäjä", "от",
        "kimden", "发件人", "差出人", "من", "المرسل", "التاريخ", "تاريخ", "از", "فرستنده",
        "تاریخ", "sent", "datum", "envoyé",
    }
)  # fmt: skip

# "Sent from my iPhone" and friends: a short line, no sentence punctuation.
MOBILE_FOOTER = re.compile(
    r"^[\s*]*(?:sent\s+from\s+(?:my\s+)?[\w .'’&()-]{2,40}|sent\s+with\s+[\w .'’-]{2,40}"
    r"|get\s+outlook\s+for\s+\w+|sent\s+via\s+[\w .'’-]{2,40}"
    r"|von\s+meinem\s+[\w .-]{2,30}\s+gesendet"
    r"|envoyé\s+de\s+mon\s+[\w .-]{2,30}|verstuurd\s+vanaf\s+mijn\s+[\w .-]{2,30}"
    r"|skickat\s+från\s+min\s+[\w .-]{2,30}|sendt\s+fra\s+min\s+[\w .-]{2,30}"
    r"|enviado\s+desde\s+mi\s+[\w .-]{2,30}|inviato\s+da\s+[\w .-]{2,30}"
    r"|(?:أرسلت|أُرسلت|ارسلت|مرسل|تم\s+الإرسال|تم\s+الارسال|أرسل)"
    r"\s+(?:من|عبر|بواسطة)\s+[\w .ـ-]{2,30}"
    r"|(?:ارسال\s+شده|فرستاده\s+شده|ارسال)\s+(?:از|با)\s+[\w .‌-]{2,30})[\s*.]*$",
    _I,
)
SIGNATURE_DELIMITER = re.compile(r"^(?:--|__|—)\s*$")
# A mailing-list footer or disclaimer under a rule line.
FOOTER_RULE = re.compile(r"^\s*(?:_{5,}|-{5,}|={5,}|\*{5,})\s*$")
DASH_NAME = re.compile(r"^-\w[\w .'-]{0,30}$")
VALEDICTION = re.compile(
    r"^\s*(?:(?:best|kind|warm|warmest)\s+(?:regards|wishes)|regards|best|cheers|thanks"
    r"|thank\s+you|many\s+thanks|thanks\s+again|sincerely|yours\s+(?:truly|sincerely)"
    r"|mit\s+freundlichen\s+grüßen|viele\s+grüße|beste\s+grüße|grüße|cordialement"
    r"|bien\s+à\s+vous|met\s+vriendelijke\s+groet(?:en)?|groeten|med\s+venlig\s+hilsen"
    r"|venlig\s+hilsen|hilsen|mvh|kh|med\s+vänlig\s+hälsning|vänliga\s+hälsningar|hälsningar"
    r"|pozdrawiam|z\s+poważaniem|z\s+powazaniem|saludos|atentamente|cordiali\s+saluti"
    r"|مع\s+(?:أطيب\s+)?(?:تحياتي|التحية|الشكر)|تحياتي|شكرا|شكراً|شكرًا|وشكرا|مع\s+الشكر"
    r"|با\s+تشکر|با\s+سپاس|با\s+احترام|ممنون|سپاس|متشکرم|قربان\s+شما)[\s,.!،]*$",
    _I,
)
