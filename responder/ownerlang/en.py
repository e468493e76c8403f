"""What the owner reads, in English: the reference catalogue every key must exist in."""

MESSAGES: dict[str, str] = {
    "sep.list": ", ", "sep.parts": "; ",
    "reason.unclear": "unclear first line {line}",
    "reason.no_command": "",
    # alarms to the owner (health.py)
    "alarm.stall": "The support mailbox has not been checked successfully since {since} UTC.",
    "alarm.outbox_stuck": ("{n} outgoing message(s) have waited, failed or are in doubt for over "
                           "{minutes} minutes."),
    "alarm.shunted": "{n} emails were set aside for a person in the last 24 hours: they got no answer.",
    "cleared.stall": "The support mailbox is being checked again.",
    "cleared.outbox_stuck": "The outgoing messages are moving again.",
    "cleared.shunted": "Fewer emails are being set aside now.",
    "subject.stall": "the mailbox is not being checked",
    "subject.outbox_stuck": "replies are not going out",
    "subject.shunted": "many emails need a person",
    "alarm.raised": "Alarm", "alarm.cleared": "Resolved",
    "alarm.footer": ("This is the responder at {address}; you get one email when this starts and "
                     "one when it is over."),
    # responder drafts
    "act.send": "send", "act.send_edited": "send_edited", "act.reject": "reject",
    "drafts.none": "no drafts waiting",
    "drafts.head": "{tag} {state} P{priority} group={group} created {created}",
    "drafts.customer": "customer: {customer}",
    "drafts.subject": "subject: {subject}",
    "drafts.intent": "intent: {intent} ({language}, template {template})",
    "drafts.facts": "facts: {facts}",
    "drafts.decided": "decided by {who}: {result} {note}",
    "drafts.reply": "----- reply -----",
    "drafts.end": "----- end -----",
    "drafts.done": "{tag}: {action} done; the running responder sends any reply on its next cycle",
    # approval email
    "subject": "[{label}] Approve reply? Re: {subject} {tag}",
    "no_subject": "(no subject)",
    "head": "----- approval request",
    "draft_start": "----- reply to customer (write your own above, or answer APPROVE) -----",
    "draft_end": "----- end of reply -----",
    "instructions": (
        "Answer by replying to this email, with one word on the first line:\n"
        "  APPROVE           send the reply above as it is\n"
        "  REJECT [reason]   send nothing\n"
        "  HOLD              keep it waiting, no more reminders\n"
        "  ESCALATE          keep it waiting for someone else to decide\n"
        "  PAUSE / RESUME    stop / restart all automatic sending; reply to the newest\n"
        "                    approval email and keep its quoted text (its code is needed),\n"
        "                    e.g. \"PAUSE\" on the first line, then this email quoted below\n"
        "Or put EDIT on the first line and your own reply to the customer below it\n"
        "(several lines of your own text without a command also count as your reply)."),
    "other_words": ("Arabic and Persian words work too, e.g. \u2067موافق\u2069 or "
                    "\u2067تایید\u2069 to approve, \u2067رفض\u2069 or \u2067رد\u2069 to reject."),
    "code_label": "Approval code:",
    "code_keep": "(keep it in your reply; valid until {when})",
    "wrote": "{sender} wrote: {subject}",
    "wants": "Wants: {intent} ({sure} sure)",
    "mentions": "Mentions order: {orders}",
    "signal": "Signal: {name}{level}{words}",
    "order_none": "Order: none found",
    "order": "Order {order}: {total} {currency}, payment {payment}, {fulfillment}",
    "signature": "Above the signature limit: ship replacements with signature confirmation.",
    "customer_none": "Customer: not in the store's records",
    "customer": "Customer: {parts}",
    "lifetime": "lifetime value {value} over {orders} orders",
    "tags": "tags set by responder: {tags}",
    "owner_tags": "your tags: {tags}",
    "complaints": "{n} earlier complaints",
    "policy": "Policy: {action}, resolution {resolution}",
    "holding": "The customer got a short note that a person will answer.",
    "level.1": "mild", "level.2": "clear", "level.3": "strong",
    "html_draft": "Reply to the customer",
    "html_customer": "What the customer wrote",
    # reminders
    "reminder": "Reminder",
    "urgent": "URGENT reminder",
    "remind_intro": "Reminder: this reply to {customer} has waited {hours}.",
    "n_hours": "{n} hours",
    "urgent_intro": ("URGENT: {customer} was promised a personal answer within {hours}, "
                     "by {deadline} UTC; this reply still waits for you."),
    "code_still": ("The approval code below still works (until {when} UTC): answer this email "
                   "or the first request."),
    "code_new": "This email has a new approval code (the earlier one runs out soon): answer this one.",
    # confirmations and refusals
    "confirm.send": "Sent your reply to {customer} ({tag}).",
    "confirm.send_edited": "Sent your own reply to {customer} instead of the draft ({tag}):",
    "confirm.redraft": ("Your own reply to {customer} replaces the draft. A new approval request "
                        "with it follows; answer APPROVE there to send it:"),
    "confirm.reject": "Rejected; nothing was sent to {customer} ({tag}).",
    "confirm.hold": "Holding {tag}; no reminders until you answer.",
    "confirm.escalate": "Escalated {tag}; it stays parked and the reminders go on.",
    "confirm.pause": "Automatic sending is paused; customer emails wait for you.",
    "confirm.resume": "Automatic sending is on again.",
    "refused": "Your reply was not acted on: {reason}. Nothing was sent.",
    "the_customer": "the customer",
    # report
    "report": "Support report",
    "period": "period", "period_value": "{start} to {end}",
    "emails": "customer emails", "auto": "answered automatically",
    "first_response": "first response", "turnaround": "approval turnaround",
    "waiting": "waiting for approval",
    "spread": "median {median}, 90% within {p90} ({n})",
    "min": "{n} min", "hours": "{n} h", "days": "{n} days",
    "by_intent": "By intent", "by_outcome": "By outcome",
    "by_product": "By product (complaints)", "reasons": "Most common reasons",
    "per.day": "Per day", "per.week": "Per week", "repeat": "Repeat complainers",
    "h.per.day": "Emails per day", "h.per.week": "Emails per week",
    "h.intent": "What customers wrote about", "h.outcome": "What happened to them",
    "h.product": "Products in complaints", "nothing": "Nothing in this period.",
    "all_emails": "all emails",
    "customer_said": "customer said: {text}",
}

NAMES: dict[str, str] = {}
"""English shows identifiers as words (where_is_my_order -> where is my order)."""
REASONS: dict[str, str] = {}
