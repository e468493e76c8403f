"""Second batch of evaluation requests (en/ar/fa), for `triage_eval_v2.jsonl`.

Written by hand for this project on 2026-11-24, *before* looking at any of the model's
errors and before the second round of training examples was written; kept apart from
responder/triage/data/train (no sentence shared). Same author as the training data, so
the caveat in README.md holds. Each entry: (request, secondary intents).
"""

Table = dict[str, list[tuple[str, tuple[str, ...]]]]

EN2: Table = {
    "where_is_my_order": [
        ("Ordered the ceramic vase set last Thursday - has it shipped yet? I can't find any tracking info in the confirmation email.", ()),
        ("Could someone check where order 77812 is at? It's been a week and the status still says 'awaiting fulfilment'.", ()),
        ("Just a quick one: what's the current status of my order? I paid on the 12th.", ()),
        ("When can I expect my delivery? I haven't heard anything since the order confirmation.", ()),
    ],
    "lost_or_delayed": [
        ("The tracking for my parcel has shown 'in transit' for 19 days now and hasn't updated once. I think it's lost somewhere.", ()),
        ("My package was supposed to arrive by the 5th, it's now the 28th. The courier says it's held up and nobody can tell me anything.", ()),
        ("The parcel seems to have been stuck at the sorting hub in Memphis for two weeks. Could you open an investigation with the carrier?", ()),
        ("Three weeks past the estimated delivery date and still nothing. The last scan was at the depot on the 2nd.", ()),
    ],
    "delivered_not_received": [
        ("The tracking page says my order was delivered yesterday at 2pm, but there is nothing at my door and my neighbours haven't seen it.", ()),
        ("I got a notification that the parcel was left in my mailbox, but the mailbox was empty. Can you check with the courier?", ()),
        ("Your site shows the order as delivered and signed for, but I was at home all day and nobody rang the bell.", ()),
        ("Carrier marked my package as delivered on Monday. I never received it. What happens now?", ()),
    ],
    "return_refund": [
        ("The jacket I received is much thinner than it looked in the photos. I'd like to send it back and get my money back.", ()),
        ("The blender stopped working after two uses. I want a refund please, how do I return it?", ()),
        ("The shoes don't fit, they run a full size small. Can I return them for a refund?", ()),
        ("The colour of the curtains is nothing like the website. Please tell me how to return them, I'd prefer a refund over an exchange.", ()),
    ],
    "cancel_order": [
        ("I placed an order an hour ago by mistake - could you please cancel it before it ships?", ()),
        ("Please cancel order 88310. I found the same item locally and no longer need it.", ()),
        ("I changed my mind about the rug I ordered this morning. Is it still possible to cancel?", ()),
        ("Can you stop my order from going out? I'd like to cancel the whole thing.", ()),
    ],
    "missing_items": [
        ("My package arrived today but only had two of the three candles I ordered.", ()),
        ("The box came with the lamp but the lampshade was not in there, even though I paid for both.", ()),
        ("I ordered 4 pillowcases and the parcel contained only 2. The packing slip lists all 4.", ()),
        ("Opened the delivery and the charger that was supposed to come with the speaker is missing.", ()),
    ],
    "wrong_item_or_personalization": [
        ("I ordered the navy hoodie in size M and received a grey one in XL.", ()),
        ("The engraved necklace says 'Jenifer' but I typed 'Jennifer' in the order form. Can you remake it?", ()),
        ("You sent me a completely different product - I ordered a teapot and got a set of mugs.", ()),
        ("The name printed on the mug is spelled wrong, it should be Mateo not Matteo.", ()),
    ],
    "address_change": [
        ("I just noticed I put my old address on the order. Can you change it to 14 Elm Street, Leeds LS6 2AB?", ()),
        ("I'm moving next week - could you ship my order to my work address instead?", ()),
        ("There's a typo in my postcode on order 55102, it should be 90210 not 90201.", ()),
        ("Could you update the delivery address? I forgot to add my apartment number, it's flat 5B.", ()),
    ],
    "payment_issue": [
        ("My card was charged twice for the same order. Can you please look into it?", ()),
        ("I tried to pay with PayPal but the checkout keeps saying the payment failed.", ()),
        ("The payment went through on my bank statement but your site says my order is unpaid.", ()),
        ("I accidentally paid with my business card, can I switch the payment to my personal card?", ()),
    ],
    "chargeback_dispute": [
        ("I've filed a dispute with PayPal over this order since I had no reply from you for two weeks.", ()),
        ("Just letting you know my bank has opened a chargeback for the charge of $89.", ()),
        ("I contacted my credit card company and disputed the payment. Please cancel the order as well.", ("cancel_order",)),
        ("My Visa issuer opened a case for this transaction, they will contact you.", ()),
    ],
    "review_threat": [
        ("Unless you send me a 30% discount code today, I'll be posting about this store on TikTok.", ()),
        ("I'll take down my negative review if you give me free shipping on my next three orders.", ()),
        ("Either you make this right by tomorrow or I'm writing a review on Trustpilot warning everyone about you.", ()),
        ("If I don't get a voucher for the trouble I'll make sure all my followers on Instagram hear about it.", ()),
    ],
    "abusive": [
        ("You are a bunch of useless clowns, answer my damn email.", ()),
        ("What kind of idiots run this shop? Pathetic.", ()),
        ("Screw you and your garbage store.", ()),
        ("Are you people morons? I've explained this three times.", ()),
    ],
    "subscription": [
        ("I didn't realise I had signed up for a monthly box, I only wanted one. Please stop charging me every month.", ()),
        ("How do I cancel my subscription? I can't find the option anywhere in my account.", ()),
        ("I was charged for a renewal of my membership that I never agreed to.", ()),
        ("I thought the coffee club was a one-off trial, but I've now been billed three months in a row.", ()),
    ],
    "other": [
        ("Do you ship to Norway, and roughly how long does delivery take?", ()),
        ("Is the oak table solid wood or veneer? Thinking about buying it.", ()),
        ("I can't log into my account, the password reset email never arrives.", ()),
        ("Do you offer wholesale prices for cafes? We'd need about 40 units a month.", ()),
    ],
}

AR2: Table = {
    "where_is_my_order": [
        ("طلبت حقيبة يد قبل أسبوع ولم يصلني أي إشعار بالشحن، متى سيتم إرسال الطلب؟", ()),
        ("أرجو إفادتي بحالة طلبي رقم 40215، ما زال يظهر قيد المعالجة.", ()),
    ],
    "lost_or_delayed": [
        ("الشحنة متوقفة في مركز التوزيع منذ أكثر من عشرين يوماً ولم يتغير التتبع، أظن أنها ضاعت.", ()),
        ("كان من المفترض أن يصل الطرد قبل أسبوعين وما زال في الطريق، هل يمكنكم مراجعة شركة الشحن؟", ()),
    ],
    "delivered_not_received": [
        ("يقول موقع التتبع إن الطلب تم تسليمه أمس، لكنني لم أستلم شيئاً ولم يطرق أحد الباب.", ()),
        ("ظهرت حالة الطلب (تم التوصيل) لكن لا يوجد أي طرد عند البواب ولا في صندوق البريد.", ()),
    ],
    "return_refund": [
        ("الفستان الذي وصلني قماشه رديء ولا يشبه الصورة، أريد إرجاعه واسترداد المبلغ.", ()),
        ("المكواة لا تسخن أبداً، كيف أعيدها وأسترجع فلوسي؟", ()),
    ],
    "cancel_order": [
        ("أرجو إلغاء طلبي الذي أرسلته صباح اليوم، طلبته بالخطأ.", ()),
        ("لم أعد بحاجة إلى الطلب رقم 66120، هل يمكن إلغاؤه قبل الشحن؟", ()),
    ],
    "missing_items": [
        ("وصل الطرد لكن ينقصه قطعتان من أصل خمس.", ()),
        ("استلمت الطلب بدون الغطاء الخاص بالقدر مع أنه مذكور في الفاتورة.", ()),
    ],
    "wrong_item_or_personalization": [
        ("طلبت اللون الأسود ووصلني اللون البني.", ()),
        ("الاسم المحفور على الساعة مكتوب خطأ، طلبت (ريم) وكُتب (ريما).", ()),
    ],
    "address_change": [
        ("أخطأت في كتابة رقم المبنى في العنوان، الرقم الصحيح ١٢ وليس ٢١.", ()),
        ("هل يمكن تغيير عنوان التوصيل إلى عنوان مكتبي في جدة؟", ()),
    ],
    "payment_issue": [
        ("تم خصم المبلغ من بطاقتي مرتين لنفس الطلب.", ()),
        ("حاولت الدفع بالبطاقة عدة مرات وكل مرة تظهر رسالة فشل العملية.", ()),
    ],
    "chargeback_dispute": [
        ("قدمت اعتراضاً لدى البنك على هذه العملية لأنني لم أتلق أي رد منكم.", ()),
        ("فتحت نزاعاً في باي بال بخصوص هذا الطلب.", ()),
    ],
    "review_threat": [
        ("إذا لم تعطوني كود خصم سأكتب تقييماً سيئاً في كل مكان.", ()),
        ("سأحذف تقييمي السلبي فقط إذا أرسلتم لي هدية مجانية.", ()),
    ],
    "abusive": [
        ("أنتم مجموعة من الحمقى ولا تفهمون شيئاً.", ()),
        ("يا لكم من نصابين أغبياء.", ()),
    ],
    "subscription": [
        ("لم أكن أعلم أن الاشتراك يتجدد تلقائياً كل شهر، تم خصم المبلغ مرة أخرى دون علمي.", ()),
        ("كيف ألغي الاشتراك الشهري؟ لا أجد الخيار في حسابي.", ()),
    ],
    "other": [
        ("هل توصلون إلى الكويت وكم تستغرق مدة الشحن تقريباً؟", ()),
        ("لا أستطيع تسجيل الدخول إلى حسابي، نسيت كلمة المرور.", ()),
    ],
}

FA2: Table = {
    "where_is_my_order": [
        ("یک هفته پیش سفارش دادم ولی هنوز هیچ خبری از ارسالش نشده، کی ارسال میشه؟", ()),
        ("لطفاً وضعیت سفارش شماره ۵۱۲۰۳ رو بگید، هنوز نوشته در حال پردازش.", ()),
    ],
    "lost_or_delayed": [
        ("بسته‌ام بیست روزه که تو مرکز پخش مونده و کد رهگیری هیچ تغییری نکرده، فکر کنم گم شده.", ()),
        ("قرار بود هفته پیش برسه ولی هنوز در راهه، میشه با شرکت پست پیگیری کنید؟", ()),
    ],
    "delivered_not_received": [
        ("تو سایت پست نوشته تحویل داده شده ولی من هیچ بسته‌ای دریافت نکردم.", ()),
        ("وضعیت سفارشم شده تحویل شده، اما نه دم در بود نه پیش نگهبان ساختمون.", ()),
    ],
    "return_refund": [
        ("کیفیت کفش خیلی بده و بعد از دو روز پاره شد، میخوام پسش بدم و پولم برگرده.", ()),
        ("رنگ پرده با عکس سایت فرق داره، چطور مرجوعش کنم و وجه رو پس بگیرم؟", ()),
    ],
    "cancel_order": [
        ("امروز صبح اشتباهی سفارش ثبت کردم، لطفاً لغوش کنید.", ()),
        ("دیگه به سفارش شماره ۷۰۱۱۸ نیاز ندارم، میشه قبل از ارسال کنسلش کنید؟", ()),
    ],
    "missing_items": [
        ("بسته رسید ولی از سه تا لیوانی که سفارش داده بودم فقط دو تا توش بود.", ()),
        ("شارژر گوشی که جزو سفارشم بود داخل جعبه نبود.", ()),
    ],
    "wrong_item_or_personalization": [
        ("سایز L سفارش داده بودم ولی سایز S برام فرستادید.", ()),
        ("اسمی که روی دستبند حک شده اشتباهه، نوشته بودم «سارا» ولی «زهرا» حک شده.", ()),
    ],
    "address_change": [
        ("آدرس رو اشتباه وارد کردم، پلاک ۱۴ درسته نه ۴۱.", ()),
        ("میشه آدرس تحویل سفارشم رو به محل کارم تغییر بدید؟", ()),
    ],
    "payment_issue": [
        ("پول دو بار از حسابم کم شده ولی فقط یک سفارش ثبت کردم.", ()),
        ("موقع پرداخت درگاه خطا میده و پرداخت انجام نمیشه.", ()),
    ],
    "chargeback_dispute": [
        ("از طریق بانک برای این تراکنش اعتراض ثبت کردم.", ()),
        ("در پی‌پال برای این سفارش دیسپیوت باز کردم.", ()),
    ],
    "review_threat": [
        ("اگه تا فردا کد تخفیف ندید، تو اینستاگرام همه‌جا پخش می‌کنم.", ()),
        ("اگر هدیه جبرانی بفرستید نظر منفی‌ام رو پاک می‌کنم.", ()),
    ],
    "abusive": [
        ("شما یه مشت آدم نفهم و بی‌شعور هستید.", ()),
        ("خاک تو سرتون، احمق‌ها.", ()),
    ],
    "subscription": [
        ("نمی‌دونستم اشتراک خودکار تمدید میشه، دوباره از کارتم پول کم شد.", ()),
        ("چطور اشتراک ماهانه رو لغو کنم؟ تو حساب کاربری گزینه‌اش نیست.", ()),
    ],
    "other": [
        ("به شیراز هم ارسال دارید؟ چند روز طول می‌کشه؟", ()),
        ("برای خرید عمده تخفیف دارید؟ ما یه فروشگاه کوچیک هستیم.", ()),
    ],
}
