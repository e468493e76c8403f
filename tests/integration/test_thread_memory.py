"""Thread memory end to end: real Dovecot, real SMTP sink, a real `responder run` process."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlmodel import Session, select

from responder.dev.devmail import Dovecot, SmtpSink
from responder.store.db import open_engine
from responder.store.tables import Conversation, DraftRow

from .conftest import SUPPORT, DaemonProc, wait_for, write_config
from .mails import customer_mail

pytestmark = pytest.mark.integration


def reply_to(sink: SmtpSink, message_id: str) -> str:
    """The Message-ID of our reply to `message_id`, or '' while there is none."""
    found = [m.message["Message-ID"] for m in sink.messages if m.message["In-Reply-To"] == message_id]
    return str(found[0]) if found else ""


def test_an_answer_to_our_question_continues_the_earlier_request(
        tmp_path: Path, dovecot: Dovecot, sink: SmtpSink, database_url: str,
        start_daemon: Callable[..., DaemonProc]) -> None:
    """'Cancel my order' (two open orders) is asked for the number; 'It's order 1012' cancels 1012."""
    config = write_config(tmp_path, dovecot, sink, database_url=database_url)
    daemon = start_daemon(config)
    dovecot.append(SUPPORT, customer_mail(1, subject="Hello",
                                          body="Please cancel my order, I don't need it anymore.\n"))
    wait_for(lambda: reply_to(sink, "<m1.alice@example.com>"), what="our question")
    question = reply_to(sink, "<m1.alice@example.com>")
    assert "order number" in sink.messages[0].raw.decode("utf-8", "replace")
    dovecot.append(SUPPORT, customer_mail(2, subject="Re: Hello", body="It's order 1012.\n", headers={
        "In-Reply-To": question, "References": f"<m1.alice@example.com> {question}"}))
    engine = open_engine(database_url)

    def parked() -> list[DraftRow]:
        with Session(engine) as s:
            return list(s.exec(select(DraftRow)))

    wait_for(parked, what="the parked cancellation")
    assert daemon.stop() == 0
    [draft] = parked()
    assert draft.template == "cancel_not_shipped" and "1012" in draft.text
    with Session(engine) as s:
        [conv] = s.exec(select(Conversation)).all()
    assert (conv.reading_intent, conv.reading_requests, conv.reading_order_id) == (
        "cancel_order", "cancel", "1012")
    engine.dispose()
