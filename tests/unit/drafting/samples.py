"""Sample drafts (en/ar/fa) and good paraphrases of them, as a model might write them.

Shared by the fact-lock tests and bench/factlock_false_rejections.py, which reports what
share of these good rewrites the lock still rejects.
"""

from __future__ import annotations

TRACK = "https://track.shop.example/1Z999AA10123456784"

EN_SHIPPED = f"""Hello Sam,

Thank you for your message about order #100234. Your parcel shipped on 2024-05-02 with DHL,
tracking number 1Z999AA10123456784: {TRACK}

The order total of $45.90 was charged to your card. If it has not arrived by 2024-05-10,
reply to this email and we will look into it.

Best regards,
Our Shop"""

EN_REFUND = """Hello Maria,

We have refunded 24,50 € for order #A-2087 to your original payment method on 3 June 2024.
It can take 5-10 business days to appear on your statement.

Kind regards,
Our Shop"""

AR_SHIPPED = f"""مرحباً أحمد،

شكراً لتواصلك معنا بخصوص الطلب رقم 100577. تم شحن طلبك بتاريخ 2024-05-02 ورقم التتبع هو
1Z999AA10123456784: {TRACK}

إذا لم يصلك الطلب حتى 2024-05-10، يرجى الرد على هذه الرسالة وسنتابع الأمر.

مع أطيب التحيات،
متجرنا"""

FA_SHIPPED = f"""سلام مریم عزیز،

از پیام شما درباره سفارش شماره 100912 متشکریم. سفارش شما در تاریخ 2024-05-02 ارسال شد و کد
رهگیری آن 1Z999AA10123456784 است: {TRACK}

اگر تا تاریخ 2024-05-10 به دستتان نرسید، لطفاً به همین ایمیل پاسخ دهید.

با احترام،
فروشگاه ما"""

FA_AMOUNT = """سلام علی جان،

سفارش شماره ۱۰۰۹۵۵ به مبلغ ۴۵۰٬۰۰۰ تومان ثبت شد و ظرف ۳ روز کاری ارسال می‌شود.

با سپاس،
فروشگاه ما"""

PARAPHRASES: tuple[tuple[str, str, str], ...] = (
    (
        "en",
        EN_SHIPPED,
        f"""Hi Sam,

Thanks so much for reaching out about order #100234, and sorry for the worry! Your parcel
shipped on 2024-05-02 with DHL. The tracking number is 1Z999AA10123456784 and you can follow
it here: {TRACK}

Your card was charged the order total of $45.90. If it still hasn't arrived by 2024-05-10,
just reply to this email and we'll look into it right away.

Warm regards,
Our Shop""",
    ),
    (
        "en",
        EN_SHIPPED,
        f"""Dear Sam,

I understand how frustrating it is to wait for a parcel. Good news: order #100234 left us on
2024-05-02 with DHL (tracking number 1Z999AA10123456784, {TRACK}).

We charged 45.90 USD, the order total, to your card. Should it not arrive by 2024-05-10,
please reply here and we will investigate.

Best wishes,
Our Shop""",
    ),
    (
        "en",
        EN_SHIPPED,
        f"""Hello Sam,

Thank you for checking in on order #100234! It was handed to DHL on 2024-05-02, and its
tracking number is 1Z999AA10123456784: {TRACK}

The total of $45.90 was charged to your card. If nothing has turned up by 2024-05-10, write
back to us and we'll chase it for you.

All the best,
Our Shop""",
    ),
    (
        "en",
        EN_REFUND,
        """Hi Maria,

Good news: we refunded 24,50 € for order #A-2087 to your original payment method on
3 June 2024. Banks can take 5-10 business days to show it on your statement.

Kind regards,
Our Shop""",
    ),
    (
        "en",
        EN_REFUND,
        """Dear Maria,

Thanks for your patience. Your refund of 24,50 € for order #A-2087 went back to your original
payment method on June 3, 2024; please allow 5-10 business days for it to appear.

Best,
Our Shop""",
    ),
    (
        "en",
        EN_REFUND,
        """Hello Maria,

The refund for order #A-2087, 24,50 €, was sent to your original payment method on
3 June 2024. It usually shows up on your statement within five to ten business days.

Kind regards,
Our Shop""",
    ),
    (
        "en",
        EN_REFUND,
        """Hi Maria,

We're sorry about the trouble! We refunded €24.50 for order #A-2087 on 3 June 2024 to your
original payment method. It may take 5-10 business days to appear.

Warmly,
Our Shop""",
    ),
    (
        "ar",
        AR_SHIPPED,
        f"""أهلاً أحمد،

نشكرك على رسالتك بخصوص الطلب رقم 100577، ونتفهم قلقك. لقد شُحن طلبك بتاريخ 2024-05-02، ورقم
التتبع هو 1Z999AA10123456784 ويمكنك متابعته هنا: {TRACK}

إذا لم يصلك حتى 2024-05-10، فقط رد على هذه الرسالة وسنتابع الأمر فوراً.

مع خالص التحيات،
متجرنا""",
    ),
    (
        "ar",
        AR_SHIPPED,
        f"""مرحباً أحمد،

شكراً جزيلاً على تواصلك. طلبك رقم 100577 في الطريق إليك، فقد تم شحنه بتاريخ 2024-05-02.
رقم التتبع: 1Z999AA10123456784
الرابط: {TRACK}

وإن لم يصل حتى 2024-05-10، يرجى الرد علينا وسنهتم بالأمر.

تحياتنا،
متجرنا""",
    ),
    (
        "ar",
        AR_SHIPPED,
        f"""عزيزي أحمد،

نقدّر صبرك بخصوص الطلب رقم ١٠٠٥٧٧. تم شحن الطلب بتاريخ ٢٠٢٤-٠٥-٠٢، ورقم التتبع
1Z999AA10123456784: {TRACK}

إذا لم يصلك الطلب حتى ٢٠٢٤-٠٥-١٠، يُرجى الرد على هذه الرسالة.

مع أطيب التحيات،
متجرنا""",
    ),
    (
        "ar",
        AR_SHIPPED,
        f"""مرحباً أحمد،

يسعدنا تواصلك! الطلب رقم 100577 خرج من عندنا بتاريخ 2024-05-02، ورقم التتبع الخاص به
1Z999AA10123456784، ويمكنك تتبعه عبر الرابط: {TRACK}

إن لم يصلك قبل 2024-05-10 أخبرنا بالرد على هذه الرسالة وسنتابع مع شركة الشحن.

مع التحية،
متجرنا""",
    ),
    (
        "fa",
        FA_SHIPPED,
        f"""سلام مریم جان،

ممنون که درباره سفارش شماره 100912 پیام دادید. خبر خوب این است که سفارش شما در تاریخ
2024-05-02 ارسال شده و کد رهگیری آن 1Z999AA10123456784 است: {TRACK}

اگر تا تاریخ 2024-05-10 به دستتان نرسید، کافی است به همین ایمیل پاسخ دهید.

با احترام،
فروشگاه ما""",
    ),
    (
        "fa",
        FA_SHIPPED,
        f"""مریم عزیز، سلام

از صبر و پیام شما سپاسگزاریم. سفارش 100912 در تاریخ 2024-05-02 ارسال شد.
کد رهگیری: 1Z999AA10123456784
پیگیری مرسوله: {TRACK}

اگر تا 2024-05-10 نرسید، لطفاً همین ایمیل را پاسخ دهید تا پیگیری کنیم.

با احترام،
فروشگاه ما""",
    ),
    (
        "fa",
        FA_SHIPPED,
        f"""سلام مریم عزیز،

متوجه نگرانی شما هستیم. سفارش شماره ۱۰۰۹۱۲ در تاریخ ۲۰۲۴-۰۵-۰۲ ارسال شده است و کد رهگیری
آن 1Z999AA10123456784 است: {TRACK}

اگر تا تاریخ ۲۰۲۴-۰۵-۱۰ به دستتان نرسید، لطفاً به ما پاسخ دهید.

با احترام،
فروشگاه ما""",
    ),
    (
        "fa",
        FA_SHIPPED,
        f"""سلام مریم عزیز،

خیلی ممنون از پیامتان درباره سفارش شماره 100912. بسته شما روز 2024-05-02 ارسال شد. با کد
رهگیری 1Z999AA10123456784 می‌توانید آن را دنبال کنید: {TRACK}

اگر تا 2024-05-10 به دستتان نرسید، به همین ایمیل جواب دهید تا بررسی کنیم.

ارادتمند،
فروشگاه ما""",
    ),
    (
        "fa",
        FA_AMOUNT,
        """سلام علی جان،

ممنون از خریدتان! سفارش شماره ۱۰۰۹۵۵ به مبلغ ۴۵۰٬۰۰۰ تومان ثبت شد و ظرف ۳ روز کاری
برایتان ارسال می‌شود.

با سپاس،
فروشگاه ما""",
    ),
    (
        "fa",
        FA_AMOUNT,
        """علی جان سلام،

سفارش 100955 شما به مبلغ 450,000 تومان با موفقیت ثبت شد و ظرف 3 روز کاری ارسال خواهد شد.

با سپاس فراوان،
فروشگاه ما""",
    ),
    (
        "fa",
        FA_AMOUNT,
        """سلام علی عزیز،

خوشحالیم که از ما خرید کردید. سفارش شماره ۱۰۰۹۵۵ به مبلغ ۴۵۰٬۰۰۰ تومان ثبت شده و حداکثر
ظرف سه روز کاری ارسال می‌شود.

با سپاس،
فروشگاه ما""",
    ),
    (
        "en",
        EN_SHIPPED,
        f"""Hi Sam,

Sorry for the wait! Order #100234 shipped on May 2, 2024 with DHL, tracking number
1Z999AA10123456784: {TRACK}

Your card was charged $45.90 for the order. If it hasn't arrived by May 10, 2024, reply to
this email and we'll look into it.

Best regards,
Our Shop""",
    ),
    (
        "ar",
        AR_SHIPPED,
        f"""مرحباً أحمد،

شكراً لرسالتك! الطلب رقم 100577 تم شحنه بتاريخ 2024-05-02 ورقم التتبع 1Z999AA10123456784،
ويمكنك متابعة الشحنة من هنا: {TRACK}

لو لم يصلك حتى 2024-05-10، رد على هذه الرسالة وسنساعدك.

مع أطيب التحيات،
متجرنا""",
    ),
)

DRAFTS: tuple[tuple[str, str], ...] = (
    ("en", EN_SHIPPED),
    ("en", EN_REFUND),
    ("ar", AR_SHIPPED),
    ("fa", FA_SHIPPED),
    ("fa", FA_AMOUNT),
)
