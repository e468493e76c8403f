
"""English customer requests for the triage evaluation set.

Written by hand for this project (not taken from any dataset) and kept apart from the
training examples in responder/triage/data/train. Each entry: (request, secondary intents).
"""

EN: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "where_is_my_order": [
        (
            "I placed order #4471 on the 3rd and still haven't received a shipping confirmation. Could you let me know when it goes out?",
            (),
        ),
        (
            "Just wondering if my parcel has left your warehouse yet. It's for my sister and she keeps asking.",
            (),
        ),
        ("Can you please give me an update on order 5520? The website only says 'processing'.", ()),
        ("Hey, any news about my package? I ordered the linen shirt about five days ago.", ()),
        ("I never got a tracking link for my purchase. When is it expected to arrive?", ()),
        ("Would it be possible to know the estimated delivery date for my order ORD-20931?", ()),
        ("My order status hasn't changed since Friday. Is it shipped or not?", ()),
        ("When will my order be sent out? I need to plan around it because I'm away next week.", ("other",)),
        ("Hi, I'm checking on the status of my purchase from last Tuesday, thanks.", ()),
        ("Is there any way to track my order? I don't see anything in my account.", ()),
    ],
    "lost_or_delayed": [
        (
            "Tracking number 9400111899223344556677 hasn't moved since it reached the regional facility 19 days ago. I'm starting to think it's gone.",
            (),
        ),
        (
            "My package was supposed to arrive within a week; it's been over a month. The courier's site just says 'in transit'.",
            (),
        ),
        ("The parcel seems to have vanished. Last scan was in Memphis on the 2nd and nothing since.", ()),
        (
            "Order 7781 is now three weeks late. Could you please file a trace with the carrier? My daughter's wedding is on Saturday the 14th and the dress is in that box.",
            (),
        ),
        (
            "DHL tracking 1234567890 shows 'shipment on hold' for 12 days. Can you find out what's going on?",
            (),
        ),
        (
            "It has been stuck in customs clearance for more than a month now, which is way beyond the window you gave.",
            (),
        ),
        (
            "Hello, the delivery keeps being rescheduled, it's now 18 days overdue. Please check with FedEx, tracking 123456789012.",
            (),
        ),
        (
            "I'm afraid my parcel got lost. The tracking stopped updating right after it left your country.",
            (),
        ),
        (
            "This is taking forever. Expected delivery was the 5th of May, we're at the end of the month and still nothing.",
            (),
        ),
        (
            "Could you send a replacement? The original shipment has been in transit for six weeks and I think the post lost it.",
            (),
        ),
    ],
    "delivered_not_received": [
        (
            "The tracking page says my parcel was delivered on Tuesday at 14:02, but I was home and nothing came. My neighbours haven't seen it either.",
            (),
        ),
        (
            "UPS marked 1Z999AA10123456784 as delivered but it is not here. Not in the mailbox, not at reception.",
            (),
        ),
        (
            "I got the 'your order has been delivered' email yesterday but no box anywhere. Could it have gone to the wrong address?",
            (),
        ),
        (
            "Package shows as delivered but I never got it. I've checked around the building and with the post office.",
            (),
        ),
        (
            "Your courier uploaded a delivery photo of a door that isn't ours. We did not receive order #3310.",
            (),
        ),
        (
            "It says it was signed for by 'J. SMITH' - there is no one by that name here and I don't have the parcel.",
            (),
        ),
        (
            "Status says delivered to a safe place, I searched the garden, the garage and the bins. Nothing.",
            (),
        ),
        ("Hi, the app claims my order was dropped off 3 days ago, but we never received anything.", ()),
        (
            "The parcel was apparently left at my front door but it wasn't there when I got home an hour later. I think it was stolen.",
            (),
        ),
        (
            "According to tracking it's been delivered, but the mailbox was empty and the concierge has no record of it.",
            (),
        ),
    ],
    "return_refund": [
        ("The ceramic vase arrived with a crack running down the side. I'd like my money back please.", ()),
        (
            "I'd like to send back the boots, they're a size too small and I can't wear them. How do I get a refund?",
            (),
        ),
        ("The jacket looks nothing like the photos, the fabric is thin and cheap. I want to return it.", ()),
        (
            "I sent the return parcel back 2 weeks ago (tracking RR123456789US) and haven't seen the refund of $45.90 yet.",
            (),
        ),
        ("The coffee grinder stopped working on day three. Can I return it and get a refund?", ()),
        ("Could I exchange the medium for a large? Otherwise a refund is fine too.", ()),
        (
            "Honestly the product is disappointing, it doesn't do what the description says. Please refund me.",
            (),
        ),
        ("What is your return policy? The lamp doesn't match my room and I'd like to return it unused.", ()),
        (
            "I want a full refund for order #8812, the print quality is terrible. I'm going to post a one-star review on Trustpilot unless I get it back by Friday.",
            ("review_threat",),
        ),
        ("The headphones have a buzzing noise in the left ear. I'd like a refund of the 79 EUR I paid.", ()),
    ],
    "cancel_order": [
        (
            "I accidentally ordered two of the same blanket. Please cancel order #6620, I'll place a new one for just one.",
            (),
        ),
        ("Can you cancel my order from this morning before it ships? I found out I won't need it.", ()),
        ("Please stop order ORD-55102, I no longer want it. Thank you.", ()),
        ("Is it too late to cancel? I ordered yesterday evening.", ()),
        ("I'd like to cancel my purchase, the delivery time is too long for me.", ()),
        ("Hello, kindly cancel the order I made on 12/03, my card was used by mistake by my son.", ()),
        ("Cancel it please. I changed my mind about the colour and would rather not have it at all.", ()),
        ("I'd like to cancel order 9931 and get the money back on my card.", ()),
        ("Please don't send the order, I want to cancel it. Also, do you charge a cancellation fee?", ()),
        ("Could you cancel my pre-order? I won't be home when it's expected.", ()),
    ],
    "missing_items": [
        (
            "The box came today but only contained the pillowcases - the duvet cover from the same order wasn't inside.",
            (),
        ),
        ("I ordered 6 jars of honey and received 4. The packing slip lists all six.", ()),
        ("My order #2284 arrived incomplete: the matching earrings are missing.", ()),
        ("Two of the three books I ordered were in the parcel. Where's the third one?", ()),
        ("The starter kit is missing the charging cable and the manual.", ()),
        ("I only got one of the two t-shirts. Could you send the other one?", ()),
        ("The package looked opened and the second bottle of serum wasn't in it.", ()),
        ("Hi, something is missing from my delivery, the gift card I paid for wasn't included.", ()),
        ("Only half my order came. The rest isn't listed as a separate shipment either.", ()),
        ("The set should include 12 brushes, there are only 9 in the case.", ()),
    ],
    "wrong_item_or_personalization": [
        (
            "The necklace says 'Emely' but I typed 'Emily' when I ordered - I checked my confirmation email.",
            (),
        ),
        ("I received a grey hoodie instead of the forest green one I picked.", ()),
        ("You've sent me someone else's order - this box contains dog food and I ordered a phone case.", ()),
        ("The custom mug has the wrong date printed, it should be 2024-06-15 not 2024-05-16.", ()),
        ("Wrong size again: ordered a small, got an XXL.", ()),
        ("The engraving is on the wrong side of the watch and the font isn't the one I chose.", ()),
        ("Hi, the print on my poster is a different photo from the one I uploaded.", ()),
        (
            "I made a spelling mistake in the name for the bracelet. Could you make a new one? I'm happy to pay.",
            (),
        ),
        ("I ordered the 64 GB model and this is the 32 GB one.", ()),
        ("The personalised tag came without any text on it at all.", ()),
    ],
    "address_change": [
        (
            "I just noticed I put my old address on order #7023. Could you change it to 14 Elm Street, Apt 5, Springfield?",
            (),
        ),
        ("Please update the shipping address before dispatch: the house number should be 22, not 2.", ()),
        ("Can you ship my order to my office instead? I'm never home during the day.", ()),
        ("I moved last week, could the parcel go to my new flat? Details below.", ()),
        ("The postcode on my order is wrong, it should be SW1A 1AA.", ()),
        ("Is it possible to redirect the package to my parents' address? It hasn't shipped yet I think.", ()),
        ("My apartment number is missing from the delivery address, it's 4B.", ()),
        ("Please correct the street name on my order, autocorrect changed it.", ()),
        ("Could you change the delivery address on order 3391 and let me know once done?", ()),
        ("I entered my billing address as the shipping address by mistake. Can this be fixed?", ()),
    ],
    "payment_issue": [
        ("My card was charged $89.00 twice for the same order. Can you refund the duplicate?", ()),
        ("Checkout said the payment failed, yet my bank shows the money gone. Did the order go through?", ()),
        ("I've tried three cards and the payment keeps being declined on your site.", ()),
        ("My PayPal payment has been pending for four days, is there a problem?", ()),
        ("You charged me 120 EUR but the order total was 102 EUR.", ()),
        ("Can I pay by bank transfer instead? Apple Pay keeps failing.", ()),
        ("I paid with a voucher plus card and the voucher wasn't applied, so I paid full price.", ()),
        ("Your site took the money but I never got an order confirmation.", ()),
        ("The payment page crashes every time I enter my card details.", ()),
        ("I'm being asked to pay again for an order I already paid for.", ()),
    ],
    "chargeback_dispute": [
        ("Since nobody answered my emails I've opened a dispute with PayPal for order #1188.", ()),
        ("Just so you know, my bank has started a chargeback for the £64.00 charge.", ()),
        ("I've filed a claim with my credit card company regarding this purchase.", ()),
        ("My card issuer is disputing the transaction; they said you'd be contacted.", ()),
        ("I reported the charge to my bank and they've opened a case.", ()),
        ("There's now an open dispute on Klarna for this order, please respond there.", ()),
        ("I disputed the payment with Visa because the item never arrived.", ()),
        ("The bank reversed the payment after my dispute, so please don't charge me again.", ()),
        (
            "I opened a dispute with my bank for order 5510 and I also want you to cancel it.",
            ("cancel_order",),
        ),
        ("Chargeback filed. I'm done waiting.", ()),
    ],
    "review_threat": [
        (
            "Give me a 50% discount on my next order or I'll leave a one-star review on every site I can find.",
            (),
        ),
        ("I'll happily remove my negative review if you send me a voucher.", ()),
        (
            "Unless you compensate me for the hassle I'm going to tell all my Instagram followers about this shop.",
            (),
        ),
        ("Make this right with a free gift, otherwise I will write about you on Trustpilot and Google.", ()),
        ("I will change my 1-star review to 5 stars once you give me store credit.", ()),
        ("You have until tonight to offer me something, or the whole of reddit hears about you.", ()),
        ("I expect compensation. If I don't get it I'll post reviews on Facebook and Yelp.", ()),
        ("Send me a free upgrade or I'm going to expose your store on TikTok.", ()),
        ("I'm going to leave a terrible review unless someone calls me today.", ()),
        ("Offer me a discount code or else my review stays up and I'll write more.", ()),
    ],
    "abusive": [
        ("You people are absolute idiots, how hard is it to answer an email?", ()),
        ("Bunch of thieves and liars, that's what you are.", ()),
        ("Are your staff morons? Seriously, go to hell.", ()),
        ("What a pathetic shit store, run by clowns.", ()),
        ("Screw you and your stupid automatic replies.", ()),
        ("You're all incompetent fools. I hope you go bankrupt.", ()),
        ("Useless idiots. Stop sending me your garbage emails, you crooks.", ()),
        ("F*** you. Seriously, f*** you all.", ()),
        ("You brainless bastards can't do anything right.", ()),
        ("Idiots!!! Morons!!! Answer me!!!", ()),
    ],
    "subscription": [
        (
            "I was charged again this month for the tea box - I thought it was a one-off purchase, not a subscription.",
            (),
        ),
        ("How do I cancel the monthly plan? I can't find it in my account.", ()),
        ("The trial turned into a paid membership without me realising. Can I get that renewal back?", ()),
        ("I'd like to pause my subscription over the summer, is that possible?", ()),
        ("Please switch my subscription to every other month.", ()),
        ("Why is there a recurring charge of $19.99 on my card from your store?", ()),
        ("I didn't notice the auto-renew box. Please cancel the annual plan and refund it.", ()),
        ("Can I skip the July delivery of my subscription box?", ()),
        ("I want to stop the recurring orders, I have too many candles now.", ()),
        ("My subscription renewed even though I cancelled it in March.", ()),
    ],
    "other": [
        ("Do you ship to Norway, and if so how much is postage?", ()),
        ("Is the oak table available in a longer size?", ()),
        ("Could you send me a VAT invoice for my last order? I need it for my accounts.", ()),
        ("I love your shop! Do you have a physical store in Berlin?", ()),
        ("Can I change the email address on my account?", ()),
        ("Are your candles vegan and cruelty free?", ()),
        ("Do you offer discounts for bulk orders for a wedding? We'd need about 80 favours.", ()),
        ("Thanks for the quick help last week, all sorted now.", ()),
        ("I'm a blogger and would love to feature your products, who should I talk to?", ()),
        ("What's the difference between the classic and the premium version?", ()),
    ],
}
