"""IDLE against a real Dovecot: mail that arrives between two IDLEs must wake the watcher."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from responder.config import ImapConfig
from responder.dev.devmail import Dovecot
from responder.mail.imap import ImapSession

from .conftest import PASSWORD, SUPPORT
from .mails import customer_mail

pytestmark = pytest.mark.integration


@pytest.fixture
def session(dovecot: Dovecot) -> Iterator[ImapSession]:
    imap = ImapSession(ImapConfig(port=dovecot.port, security="none", username=SUPPORT,
                                  idle_renew_seconds=10), PASSWORD)
    imap.connect()
    yield imap
    imap.close()


def test_mail_announced_right_behind_the_idle_continuation_wakes_the_watcher(
        dovecot: Dovecot, session: ImapSession) -> None:
    """Dovecot announces mail that came while we were busy right behind `+ idling`, in the
    same packet; that line sits in imaplib's buffer where a select() on the socket never
    sees it. Missed, the mail would wait for the next keepalive (minutes)."""
    dovecot.append(SUPPORT, customer_mail(1))  # another connection, while we are not idling
    assert session.wait(threading.Event(), max_seconds=10) is True


def test_mail_during_idle_wakes_the_watcher(dovecot: Dovecot, session: ImapSession) -> None:
    """The ordinary case: the EXISTS comes while idling."""
    timer = threading.Timer(1.0, dovecot.append, (SUPPORT, customer_mail(2)))
    timer.start()
    try:
        assert session.wait(threading.Event(), max_seconds=10) is True
    finally:
        timer.join()


def test_quiet_mailbox_waits_until_the_deadline(session: ImapSession) -> None:
    """No mail: the wait ends at its deadline and says nothing came."""
    assert session.wait(threading.Event(), max_seconds=1) is False


def test_mail_announced_in_a_command_response_wakes_the_watcher(
        dovecot: Dovecot, session: ImapSession) -> None:
    """Dovecot may answer a UID SEARCH without a message that just arrived and announce it
    (EXISTS) at the end of that response, or of a FETCH; it does not announce it again at IDLE.
    The watcher must not go idle on it: it would sit there until the next new mail (found by
    the 100k-email benchmark, which stalled)."""
    dovecot.append(SUPPORT, customer_mail(1))
    session.new_uids(0)
    assert session.wait(threading.Event(), max_seconds=10) is True
    [first] = session.new_uids(0)
    dovecot.append(SUPPORT, customer_mail(2))
    session.fetch([first])
    assert session.wait(threading.Event(), max_seconds=10) is True
    assert len(session.new_uids(first)) == 1
