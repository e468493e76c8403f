"""What a conversation remembers after each email (stored by the daemon, kept by replay)."""

from __future__ import annotations

from responder.models import Intent, Problem, Request, ThreadFacts, Triage
from responder.policy.memory import carried, continues

ASKED = ThreadFacts(("ask_order_number",), earlier_intent=Intent.CANCEL_ORDER,
                    earlier_requests=(Request.CANCEL,))


def test_an_answer_keeps_the_request_and_adds_the_order() -> None:
    """'It's order 1012' (classified where-is-my-order) keeps the cancel and remembers 1012."""
    answer = Triage(intent=Intent.WHERE_IS_MY_ORDER, problem=Problem.NOT_ARRIVED_OR_LATE)
    after = carried(answer, ASKED, "1012")
    assert (after.earlier_intent, after.earlier_requests, after.earlier_order_id) == (
        Intent.CANCEL_ORDER, (Request.CANCEL,), "1012")


def test_a_new_request_replaces_the_old_one() -> None:
    """A reply that asks something new becomes what the conversation is about."""
    new = Triage(intent=Intent.ADDRESS_CHANGE, problem=Problem.ADDRESS, requests=(Request.CHANGE_ADDRESS,))
    after = carried(new, ASKED, "")
    assert after.earlier_intent is Intent.ADDRESS_CHANGE
    assert after.earlier_requests == (Request.CHANGE_ADDRESS,)
    first = carried(Triage(intent=Intent.OTHER), ThreadFacts(), "")
    assert not first.remembers


def test_repeating_the_threads_request_still_answers_our_question() -> None:
    """'Please cancel it, order 1012' after our question keeps the thread's request."""
    again = Triage(intent=Intent.CANCEL_ORDER, requests=(Request.CANCEL,))
    assert continues(again.intent, again, ASKED)
    new = Triage(intent=Intent.RETURN_REFUND, requests=(Request.REFUND,))
    assert not continues(new.intent, new, ASKED)
