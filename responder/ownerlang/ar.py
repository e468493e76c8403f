"""What the owner reads, in Modern Standard Arabic."""

MESSAGES: dict[str, str] = {
    "sep.list": "، ", "sep.parts": "؛ ",
    "reason.unclear": "السطر الأول غير واضح: {line}",
    "reason.no_command": ("اكتب في السطر الأول كلمة واحدة فقط: موافق أو رفض أو انتظر أو تصعيد أو "
                          "إيقاف أو استئناف؛ أو «تعديل» في السطر الأول وردّك تحته"),
    "alarm.stall": "لم يُفحص صندوق بريد الدعم بنجاح منذ {since} بتوقيت UTC.",
    "alarm.outbox_stuck": ("رسائل صادرة تنتظر أو فشلت أو حالتها غير مؤكدة منذ أكثر من "
                           "{minutes} (عددها: {n})."),
    "alarm.shunted": ("رسائل وُضعت جانبًا لشخص يراجعها خلال الـ٢٤ ساعة الماضية ولم تتلقَّ ردًا "
                      "(عددها: {n})."),
    "cleared.stall": "عاد فحص صندوق بريد الدعم.",
    "cleared.outbox_stuck": "عادت الرسائل الصادرة إلى الإرسال.",
    "cleared.shunted": "قلّ عدد الرسائل التي توضع جانبًا الآن.",
    "subject.stall": "صندوق البريد لا يُفحص",
    "subject.outbox_stuck": "الردود لا تُرسل",
    "subject.shunted": "رسائل كثيرة تحتاج إلى شخص",
    "alarm.raised": "تنبيه", "alarm.cleared": "تم الحل",
    "alarm.footer": ("هذه رسالة من responder على {address}؛ تصلك رسالة عند بدء المشكلة وأخرى "
                     "عند انتهائها."),
    "act.send": "الإرسال", "act.send_edited": "إرسال النص المعدّل", "act.reject": "الرفض",
    "drafts.none": "لا توجد مسودات بانتظار الموافقة",
    "drafts.head": "{tag} {state} P{priority} المجموعة={group} أُنشئت {created}",
    "drafts.customer": "العميل: {customer}",
    "drafts.subject": "الموضوع: {subject}",
    "drafts.intent": "الطلب: {intent} ({language}، القالب {template})",
    "drafts.facts": "البيانات: {facts}",
    "drafts.decided": "قرار {who}: {result} {note}",
    "drafts.reply": "----- الرد -----",
    "drafts.end": "----- النهاية -----",
    "drafts.done": "{tag}: تم {action}؛ يرسل responder أي رد في دورته التالية",
    "subject": "[{label}] هل توافق على الرد؟ الموضوع: {subject} {tag}",
    "no_subject": "(بلا موضوع)",
    "head": "----- طلب موافقة",
    "draft_start": "----- الرد على العميل (اكتب ردك أعلاه، أو أجب بكلمة «موافق») -----",
    "draft_end": "----- نهاية الرد -----",
    "instructions": (
        "للإجابة، رُدّ على هذه الرسالة واكتب كلمة واحدة في السطر الأول:\n"
        "  موافق — يُرسل الرد أعلاه كما هو\n"
        "  رفض [السبب] — لا يُرسل شيء\n"
        "  انتظر — يبقى الرد معلقًا دون تذكيرات أخرى\n"
        "  تصعيد — يبقى الرد معلقًا حتى يقرر شخص آخر\n"
        "  إيقاف / استئناف — إيقاف كل الإرسال التلقائي / إعادة تشغيله؛ رُدّ على أحدث رسالة\n"
        "    موافقة وأبقِ نصها المقتبس (رمزها مطلوب)، مثلًا «إيقاف» في السطر الأول والرسالة تحته\n"
        "أو اكتب «تعديل» في السطر الأول وردّك الخاص على العميل تحته.\n"
        "(عدة أسطر من كتابتك دون أي من هذه الكلمات تُعدّ أيضًا ردّك.)"),
    "other_words": ("تُقبل أيضًا الكلمات: أوافق، موافقة، قبول، لا، تعليق، "
                    "APPROVE، REJECT، HOLD، ESCALATE، EDIT، PAUSE، RESUME."),
    "code_label": "رمز الموافقة:",
    "code_keep": "(أبقِ هذا الرمز في ردك؛ صالح حتى {when})",
    "wrote": "كتب {sender}: {subject}",
    "wants": "طلب العميل: {intent} (بثقة {sure})",
    "mentions": "رقم الطلب المذكور: {orders}",
    "signal": "مؤشر: {name}{level}{words}",
    "order_none": "الطلب: لم يُعثر عليه",
    "order": "الطلب {order}: {total} {currency}، الدفع: {payment}، الشحن: {fulfillment}",
    "signature": "المبلغ فوق حد التوقيع: أرسل البديل مع تأكيد التسليم بالتوقيع.",
    "customer_none": "العميل: غير موجود في سجلات المتجر",
    "customer": "العميل: {parts}",
    "lifetime": "إجمالي مشترياته {value}، وعدد طلباته {orders}",
    "tags": "وسوم وضعها المساعد: {tags}",
    "owner_tags": "وسومك: {tags}",
    "complaints": "الشكاوى السابقة: {n}",
    "policy": "قرار النظام: {action}، الحل: {resolution}",
    "holding": "تلقى العميل رسالة قصيرة بأن شخصًا سيرد عليه.",
    "level.1": "خفيف", "level.2": "واضح", "level.3": "شديد",
    "html_draft": "الرد على العميل",
    "html_customer": "ما كتبه العميل",
    "reminder": "تذكير",
    "urgent": "تذكير عاجل",
    "remind_intro": "تذكير: هذا الرد على {customer} ما زال ينتظرك منذ {hours}.",
    "urgent_intro": ("عاجل: وُعد {customer} بردّ شخصي خلال {hours}، أي قبل {deadline} "
                     "بتوقيت UTC؛ وهذا الرد ما زال ينتظرك."),
    "code_still": ("رمز الموافقة أدناه ما زال صالحًا (حتى {when} بتوقيت UTC): أجب على هذه "
                   "الرسالة أو على الطلب الأول."),
    "code_new": "في هذه الرسالة رمز موافقة جديد (الرمز السابق ينتهي قريبًا): أجب على هذه الرسالة.",
    "confirm.send": "أُرسل ردك إلى {customer} ({tag}).",
    "confirm.send_edited": "أُرسل ردك الخاص إلى {customer} بدلًا من المسودة ({tag}):",
    "confirm.redraft": ("ردّك الخاص على {customer} حلّ محل المسودة. سيصلك طلب موافقة جديد بهذا "
                        "النص؛ أجب هناك بكلمة «موافق» لإرساله:"),
    "confirm.reject": "رُفض؛ لم يُرسل شيء إلى {customer} ({tag}).",
    "confirm.hold": "{tag} معلّق؛ لن تصلك تذكيرات حتى تجيب.",
    "confirm.escalate": "صُعّد {tag}؛ يبقى معلقًا وتستمر التذكيرات.",
    "confirm.pause": "أُوقف الإرسال التلقائي؛ رسائل العملاء تنتظرك.",
    "confirm.resume": "عاد الإرسال التلقائي للعمل.",
    "refused": "لم يُنفّذ ردك: {reason}. لم يُرسل شيء.",
    "the_customer": "العميل",
    "report": "تقرير الدعم",
    "period": "الفترة", "period_value": "من {start} إلى {end}",
    "emails": "رسائل العملاء", "auto": "أُجيب عنها تلقائيًا",
    "first_response": "أول رد", "turnaround": "مدة الموافقة",
    "waiting": "بانتظار الموافقة",
    "spread": "الوسيط {median}، و٩٠٪ خلال {p90} ({n})",
    "min": "{n} دقيقة", "hours": "{n} ساعة", "days": "{n} يوم",
    "by_intent": "حسب الموضوع", "by_outcome": "حسب النتيجة",
    "by_product": "حسب المنتج (الشكاوى)", "reasons": "أكثر الأسباب تكرارًا",
    "per.day": "يوميًا", "per.week": "أسبوعيًا", "repeat": "عملاء اشتكوا أكثر من مرة",
    "h.per.day": "الرسائل في كل يوم", "h.per.week": "الرسائل في كل أسبوع",
    "h.intent": "عمّ كتب العملاء", "h.outcome": "ماذا حدث للرسائل",
    "h.product": "المنتجات في الشكاوى", "nothing": "لا شيء في هذه الفترة.",
    "all_emails": "كل الرسائل",
    "customer_said": "قال العميل: {text}",
}

NAMES: dict[str, str] = {
    "paid": "مدفوع", "pending": "بانتظار الدفع", "refunded": "مسترد",
    "partially_refunded": "مسترد جزئيًا", "voided": "ملغى", "disputed": "محل اعتراض",
    "fulfilled": "مشحون", "unfulfilled": "غير مشحون", "shipped": "مشحون",
    "delivered": "مُسلّم", "partial": "مشحون جزئيًا", "in_transit": "في الطريق",
    "none": "لا شيء", "reship": "إعادة الشحن", "replace": "الاستبدال", "remake": "إعادة التصنيع",
    "trace": "تتبع الشحنة", "refund": "الاسترداد", "refund_keep_item": "استرداد دون إرجاع المنتج",
    "investigate": "التحقق", "clarify": "طلب توضيح", "cancel": "الإلغاء",
    "where_is_my_order": "أين طلبي", "lost_or_delayed": "مفقود أو متأخر",
    "delivered_not_received": "سُلّم ولم يصل", "return_refund": "إرجاع واسترداد",
    "cancel_order": "إلغاء الطلب", "missing_items": "منتجات ناقصة",
    "wrong_item_or_personalization": "منتج خاطئ أو تخصيص", "address_change": "تغيير العنوان",
    "payment_issue": "مشكلة في الدفع", "chargeback_dispute": "اعتراض مصرفي",
    "review_threat": "تهديد بتقييم سلبي", "abusive": "مسيء", "subscription": "اشتراك",
    "other": "أخرى", "unclassified": "غير مصنف", "anger": "غضب", "vip": "عميل مميز",
    "send": "أُرسل تلقائيًا", "park": "بانتظار الموافقة", "skip": "دون رد",
    "shunt": "أُحيل إلى شخص", "waiting": "قيد الانتظار",
}
REASONS: dict[str, str] = {
    "too short for a reply": "أقصر من أن يكون ردًا على العميل",
    "text between quoted parts": "يوجد نص بين الأجزاء المقتبسة",
    "the reply has no text of its own": "لا يحتوي ردك على نص من كتابتك",
    "HTML-only reply": "الرد بصيغة HTML فقط",
    "please answer in plain text": "يُرجى الرد بنص عادي",
    "EDIT without a reply below it": "«تعديل» دون رد تحته",
    "no command": "لم يُعثر على أمر",
    "the approval code was sent to another approver": "أُرسل هذا الرمز إلى موافِق آخر",
    "the approval code belongs to another draft": "هذا الرمز يخص مسودة أخرى",
    "the draft is no longer waiting for approval": "لم تعد المسودة بانتظار الموافقة",
    "token already used": "استُخدم هذا الرمز من قبل",
    "the draft changed after this approval request; answer the newest request":
        "تغيّرت المسودة بعد هذا الطلب؛ أجب على أحدث طلب",
}

PLURALS: dict[str, tuple[str, str, str, str]] = {
    "min": ("دقيقة", "دقيقتان", "دقائق", "دقيقة"),
    "hours": ("ساعة", "ساعتان", "ساعات", "ساعة"),
    "n_hours": ("ساعة", "ساعتين", "ساعات", "ساعة"),
    "days": ("يوم", "يومان", "أيام", "يومًا"),
}
"""Counted nouns: one, two, three to ten, eleven and more (Arabic number agreement)."""
