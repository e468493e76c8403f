"""What the owner reads, in Persian (written for a shop owner, not a translator's Persian)."""

MESSAGES: dict[str, str] = {
    "sep.list": "، ", "sep.parts": "؛ ",
    "reason.unclear": "خط اول روشن نیست: {line}",
    "reason.no_command": ("در خط اول فقط یکی از این کلمه‌ها را بنویسید: تایید، رد، صبر، ارجاع، "
                          "توقف یا ادامه؛ یا «ویرایش» در خط اول و پاسخ خودتان زیر آن"),
    "alarm.stall": "صندوق ایمیل پشتیبانی از {since} (به وقت UTC) به بعد بررسی نشده است.",
    "alarm.outbox_stuck": ("{n} پیام خروجی بیش از {minutes} دقیقه است که مانده، ناموفق بوده یا "
                           "وضعیتش روشن نیست."),
    "alarm.shunted": ("در ۲۴ ساعت گذشته {n} ایمیل برای رسیدگی یک نفر کنار گذاشته شده و هنوز "
                      "جوابی نگرفته است."),
    "cleared.stall": "صندوق ایمیل پشتیبانی دوباره بررسی می‌شود.",
    "cleared.outbox_stuck": "پیام‌های خروجی دوباره فرستاده می‌شوند.",
    "cleared.shunted": "حالا ایمیل‌های کمتری کنار گذاشته می‌شود.",
    "subject.stall": "صندوق ایمیل بررسی نمی‌شود",
    "subject.outbox_stuck": "پاسخ‌ها فرستاده نمی‌شوند",
    "subject.shunted": "ایمیل‌های زیادی منتظر یک نفرند",
    "alarm.raised": "هشدار", "alarm.cleared": "برطرف شد",
    "alarm.footer": ("این پیام از responder در {address} است؛ یک ایمیل وقتی مشکل شروع می‌شود و یکی "
                     "وقتی تمام می‌شود برایتان می‌آید."),
    "act.send": "ارسال", "act.send_edited": "ارسال متن ویرایش‌شده", "act.reject": "رد",
    "drafts.none": "هیچ پیش‌نویسی منتظر نیست",
    "drafts.head": "{tag} {state} P{priority} گروه={group} ساخته‌شده {created}",
    "drafts.customer": "مشتری: {customer}",
    "drafts.subject": "موضوع: {subject}",
    "drafts.intent": "درخواست: {intent} ({language}، قالب {template})",
    "drafts.facts": "داده‌ها: {facts}",
    "drafts.decided": "تصمیم {who}: {result} {note}",
    "drafts.reply": "----- پاسخ -----",
    "drafts.end": "----- پایان -----",
    "drafts.done": "{tag}: {action} انجام شد؛ responder در دور بعد هر پاسخی را می‌فرستد",
    "subject": "[{label}] پاسخ را تایید می‌کنید؟ موضوع: {subject} {tag}",
    "no_subject": "(بدون موضوع)",
    "head": "----- درخواست تایید",
    "draft_start": "----- پاسخ به مشتری (پاسخ خودتان را بالاتر بنویسید یا «تایید» بفرستید) -----",
    "draft_end": "----- پایان پاسخ -----",
    "instructions": (
        "برای جواب دادن، به همین ایمیل پاسخ بدهید و در خط اول فقط یک کلمه بنویسید:\n"
        "  تایید — پاسخ بالا همان‌طور که هست برای مشتری فرستاده شود\n"
        "  رد [دلیل] — هیچ چیزی فرستاده نشود\n"
        "  صبر — پاسخ منتظر بماند و دیگر یادآوری نیاید\n"
        "  ارجاع — پاسخ منتظر بماند تا کس دیگری تصمیم بگیرد\n"
        "  توقف / ادامه — همه‌ی ارسال‌های خودکار متوقف شود / دوباره شروع شود؛ به جدیدترین\n"
        "    ایمیل تایید پاسخ بدهید و متن نقل‌شده‌اش را نگه دارید (کدش لازم است)، مثلاً «توقف»\n"
        "    در خط اول و همین ایمیل زیر آن\n"
        "یا در خط اول «ویرایش» بنویسید و پاسخ خودتان به مشتری را زیر آن.\n"
        "(چند خط متن از خودتان، بدون هیچ‌کدام از این کلمه‌ها، هم پاسخ شما حساب می‌شود.)"),
    "other_words": ("این کلمه‌ها هم پذیرفته می‌شوند: تأیید، قبول، موافق، نه، نگه دار، "
                    "مکث، APPROVE، REJECT، HOLD، ESCALATE، EDIT، PAUSE، RESUME."),
    "code_label": "کد تایید:",
    "code_keep": "(این کد را در پاسخ نگه دارید؛ تا {when} معتبر است)",
    "wrote": "{sender} نوشته: {subject}",
    "wants": "درخواست مشتری: {intent} (اطمینان {sure})",
    "mentions": "شماره‌ی سفارش در نامه: {orders}",
    "signal": "نشانه: {name}{level}{words}",
    "order_none": "سفارش: پیدا نشد",
    "order": "سفارش {order}: {total} {currency}، پرداخت: {payment}، ارسال: {fulfillment}",
    "signature": "مبلغ از سقف امضا بیشتر است: کالای جایگزین را با تحویل امضاشده بفرستید.",
    "customer_none": "مشتری: در سوابق فروشگاه نیست",
    "customer": "مشتری: {parts}",
    "lifetime": "مجموع خرید {value} در {orders} سفارش",
    "tags": "برچسب‌های دستیار: {tags}",
    "owner_tags": "برچسب‌های شما: {tags}",
    "complaints": "{n} شکایت قبلی",
    "policy": "تصمیم سیستم: {action}، راه‌حل: {resolution}",
    "holding": "به مشتری پیام کوتاهی رفته که یک نفر به‌زودی جواب می‌دهد.",
    "level.1": "کم", "level.2": "روشن", "level.3": "شدید",
    "html_draft": "پاسخ به مشتری",
    "html_customer": "نوشته‌ی مشتری",
    "reminder": "یادآوری",
    "urgent": "یادآوری فوری",
    "remind_intro": "یادآوری: این پاسخ به {customer} {hours} است که منتظر شماست.",
    "n_hours": "{n} ساعت",
    "urgent_intro": ("فوری: به {customer} قول داده شده که تا {hours}، یعنی تا {deadline} "
                     "(به وقت UTC)، یک نفر جواب بدهد؛ این پاسخ هنوز منتظر شماست."),
    "code_still": ("کد تایید پایین هنوز معتبر است (تا {when} به وقت UTC): می‌توانید به همین "
                   "ایمیل یا به درخواست اول جواب بدهید."),
    "code_new": "این ایمیل کد تایید تازه‌ای دارد (کد قبلی به‌زودی باطل می‌شود): به همین ایمیل جواب بدهید.",
    "confirm.send": "پاسخ شما برای {customer} فرستاده شد ({tag}).",
    "confirm.send_edited": "پاسخ خودتان به‌جای پیش‌نویس برای {customer} فرستاده شد ({tag}):",
    "confirm.redraft": ("پاسخ خودتان به {customer} جای پیش‌نویس را گرفت. درخواست تایید تازه‌ای با "
                        "همین متن برایتان می‌آید؛ برای فرستادنش آنجا «تایید» بنویسید:"),
    "confirm.reject": "رد شد؛ هیچ چیزی برای {customer} فرستاده نشد ({tag}).",
    "confirm.hold": "{tag} منتظر می‌ماند؛ تا وقتی جواب ندهید یادآوری نمی‌آید.",
    "confirm.escalate": "{tag} ارجاع شد؛ منتظر می‌ماند و یادآوری‌ها ادامه دارد.",
    "confirm.pause": "ارسال خودکار متوقف شد؛ ایمیل‌های مشتری‌ها منتظر شما می‌مانند.",
    "confirm.resume": "ارسال خودکار دوباره روشن شد.",
    "refused": "کاری روی پاسخ شما انجام نشد: {reason}. هیچ چیزی فرستاده نشد.",
    "the_customer": "مشتری",
    "report": "گزارش پشتیبانی",
    "period": "بازه", "period_value": "از {start} تا {end}",
    "emails": "ایمیل مشتری‌ها", "auto": "پاسخ خودکار",
    "first_response": "اولین پاسخ", "turnaround": "زمان تایید",
    "waiting": "منتظر تایید",
    "spread": "میانه {median}، ۹۰٪ در کمتر از {p90} ({n})",
    "min": "{n} دقیقه", "hours": "{n} ساعت", "days": "{n} روز",
    "by_intent": "بر اساس موضوع", "by_outcome": "بر اساس نتیجه",
    "by_product": "بر اساس کالا (شکایت‌ها)", "reasons": "دلیل‌های پرتکرار",
    "per.day": "روزانه", "per.week": "هفتگی", "repeat": "مشتری‌هایی که چند بار شکایت کرده‌اند",
    "h.per.day": "ایمیل‌ها در هر روز", "h.per.week": "ایمیل‌ها در هر هفته",
    "h.intent": "مشتری‌ها درباره‌ی چه نوشتند", "h.outcome": "با ایمیل‌ها چه شد",
    "h.product": "کالاهای شکایت‌ها", "nothing": "در این بازه چیزی نبود.",
    "all_emails": "همه‌ی ایمیل‌ها",
    "customer_said": "مشتری نوشته: {text}",
}

NAMES: dict[str, str] = {
    "paid": "پرداخت‌شده", "pending": "در انتظار پرداخت", "refunded": "بازپرداخت‌شده",
    "partially_refunded": "بخشی بازپرداخت شده", "voided": "باطل‌شده", "disputed": "مورد اعتراض",
    "fulfilled": "ارسال‌شده", "unfulfilled": "ارسال‌نشده", "shipped": "ارسال‌شده",
    "delivered": "تحویل‌شده", "partial": "بخشی ارسال شده", "in_transit": "در راه",
    "none": "هیچ", "reship": "ارسال دوباره", "replace": "تعویض", "remake": "ساخت دوباره",
    "trace": "پیگیری مرسوله", "refund": "بازپرداخت", "refund_keep_item": "بازپرداخت بدون مرجوعی",
    "investigate": "بررسی", "clarify": "پرسیدن توضیح", "cancel": "لغو",
    "where_is_my_order": "سفارشم کجاست", "lost_or_delayed": "گم‌شده یا دیرکرد",
    "delivered_not_received": "تحویل‌شده ولی نرسیده", "return_refund": "مرجوعی و بازپرداخت",
    "cancel_order": "لغو سفارش", "missing_items": "کالای جاافتاده",
    "wrong_item_or_personalization": "کالای اشتباه یا شخصی‌سازی", "address_change": "تغییر نشانی",
    "payment_issue": "مشکل پرداخت", "chargeback_dispute": "اعتراض بانکی",
    "review_threat": "تهدید به نظر منفی", "abusive": "توهین‌آمیز", "subscription": "اشتراک",
    "other": "سایر", "unclassified": "دسته‌بندی‌نشده", "anger": "عصبانیت", "vip": "مشتری ویژه",
    "send": "ارسال خودکار", "park": "منتظر تایید", "skip": "بی‌پاسخ", "shunt": "ارجاع به انسان",
    "waiting": "در انتظار",
}
REASONS: dict[str, str] = {
    "too short for a reply": "برای پاسخ به مشتری خیلی کوتاه است",
    "text between quoted parts": "بین بخش‌های نقل‌قول متن نوشته شده",
    "the reply has no text of its own": "پاسخ شما متنی از خودتان ندارد",
    "HTML-only reply": "پاسخ فقط HTML دارد",
    "please answer in plain text": "لطفاً با متن ساده جواب بدهید",
    "EDIT without a reply below it": "«ویرایش» بدون پاسخی زیر آن",
    "no command": "فرمانی پیدا نشد",
    "the approval code was sent to another approver": "این کد برای تاییدکننده‌ی دیگری فرستاده شده بود",
    "the approval code belongs to another draft": "این کد مال پیش‌نویس دیگری است",
    "the draft is no longer waiting for approval": "این پیش‌نویس دیگر منتظر تایید نیست",
    "token already used": "این کد قبلاً استفاده شده است",
    "the draft changed after this approval request; answer the newest request":
        "پیش‌نویس بعد از این درخواست تغییر کرده؛ به تازه‌ترین درخواست جواب بدهید",
}
