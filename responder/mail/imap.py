"""The IMAP edge: connect, find new UIDs, fetch with BODY.PEEK, wait with IDLE or polling.

All calls block; the daemon runs them in a worker thread. Every socket operation has a
timeout, and a connection that dies while idling is detected even though imapclient's
`idle_check()` then returns nothing (it swallows the EOF).
"""

from __future__ import annotations

import logging
import selectors
import socket
import ssl
import threading
import time
from datetime import datetime

from imapclient import IMAPClient, SocketTimeout
from imapclient.exceptions import IMAPClientError, LoginError

from responder.errors import AuthFailed, MailboxUnavailable
from responder.protocols import Fetched, SelectInfo, aware
from responder.sections import ImapConfig

log = logging.getLogger(__name__)
NETWORK_ERRORS = (OSError, IMAPClientError, socket.timeout, ssl.SSLError, EOFError)


class ImapSession:
    """One connection to the support mailbox."""

    def __init__(self, cfg: ImapConfig, password: str) -> None:
        self.cfg = cfg
        self._password = password
        self._client: IMAPClient | None = None
        self.info: SelectInfo | None = None

    def connect(self) -> SelectInfo:
        """Log in and SELECT the mailbox; raises AuthFailed or MailboxUnavailable."""
        self.close()
        timeout = SocketTimeout(connect=self.cfg.connect_timeout, read=self.cfg.read_timeout)
        try:
            client = IMAPClient(
                self.cfg.host, port=self.cfg.port, ssl=self.cfg.security == "ssl", timeout=timeout
            )
            client.normalise_times = False  # keep INTERNALDATE timezone-aware
            if self.cfg.security == "starttls":
                client.starttls()
            client.login(self.cfg.username, self._password)
        except LoginError as exc:
            raise AuthFailed(f"IMAP login refused for {self.cfg.username}: {exc}") from exc
        except NETWORK_ERRORS as exc:
            raise MailboxUnavailable(f"IMAP {self.cfg.host}:{self.cfg.port}: {exc}") from exc
        self._client = client
        self.info = self._select(self.cfg.mailbox)
        return self.info

    def _select(self, folder: str) -> SelectInfo:
        client = self._need()
        try:
            data = client.select_folder(folder)
            caps = client.capabilities()
        except NETWORK_ERRORS as exc:
            raise MailboxUnavailable(f"cannot open folder {folder!r}: {exc}") from exc
        client._imap.untagged_responses.clear()  # read above; later ones are news (see wait)
        flags = data.get(b"PERMANENTFLAGS", ())
        return SelectInfo(
            uidvalidity=int(data[b"UIDVALIDITY"]),
            uidnext=int(data.get(b"UIDNEXT", 0)),
            has_idle=b"IDLE" in caps,
            keywords_allowed=b"\\*" in flags,
        )

    def _need(self) -> IMAPClient:
        if self._client is None:
            raise MailboxUnavailable("not connected")
        return self._client

    def new_uids(self, after: int) -> list[int]:
        """UIDs above `after`, ascending (`n:*` always includes the last UID: filter it, T12)."""
        try:
            uids = self._need().search(["UID", f"{after + 1}:*"])
        except NETWORK_ERRORS as exc:
            raise MailboxUnavailable(f"UID SEARCH failed: {exc}") from exc
        return sorted(int(u) for u in uids if int(u) > after)

    def fetch(self, uids: list[int]) -> list[Fetched]:
        """Fetch messages without setting \\Seen; over-size ones come as headers only."""
        if not uids:
            return []
        client = self._need()
        try:
            meta = client.fetch(uids, [b"RFC822.SIZE", b"INTERNALDATE"])
            cap = self.cfg.max_message_bytes
            small = [u for u in uids if int(meta.get(u, {}).get(b"RFC822.SIZE", 0)) <= cap]
            big = [u for u in uids if u in meta and u not in small]
            bodies = client.fetch(small, [b"BODY.PEEK[]"]) if small else {}
            heads = client.fetch(big, [b"BODY.PEEK[HEADER]"]) if big else {}
        except NETWORK_ERRORS as exc:
            raise MailboxUnavailable(f"UID FETCH failed: {exc}") from exc
        out = []
        for uid in uids:
            if uid not in meta:
                continue  # expunged between SEARCH and FETCH
            raw = bodies.get(uid, {}).get(b"BODY[]") or heads.get(uid, {}).get(b"BODY[HEADER]", b"")
            out.append(Fetched(
                uid=uid, raw=bytes(raw), size=int(meta[uid].get(b"RFC822.SIZE", len(raw))),
                internaldate=_aware(meta[uid].get(b"INTERNALDATE")), truncated=uid in big,
            ))
        return out

    def wait(self, stop: threading.Event, max_seconds: float) -> bool:
        """Wait for new mail (IDLE, or a poll interval); True if the server signalled some."""
        info = self.info
        if self._client is not None and _announced_meanwhile(self._client):
            return True
        if info is None or not info.has_idle:
            stop.wait(min(max_seconds, self.cfg.poll_seconds))
            self.noop()
            return False
        return self._idle(stop, max_seconds)

    def _idle(self, stop: threading.Event, max_seconds: float) -> bool:
        client = self._need()
        deadline = time.monotonic() + min(max_seconds, self.cfg.idle_renew_seconds)
        try:
            got = _start_idle(client) or self._idle_loop(client, stop, deadline)
            client.idle_done()
        except NETWORK_ERRORS as exc:
            raise MailboxUnavailable(f"IDLE failed: {exc}") from exc
        return got

    def _idle_loop(self, client: IMAPClient, stop: threading.Event, deadline: float) -> bool:
        with selectors.DefaultSelector() as sel:
            sel.register(client.socket(), selectors.EVENT_READ)
            while not stop.is_set() and time.monotonic() < deadline:
                if not sel.select(timeout=0.5):
                    continue
                responses = client.idle_check(timeout=0)
                if not responses:
                    # imapclient swallows EOF and returns []: readable + empty means closed.
                    raise ConnectionError("socket readable without data: connection closed")
                if any(_is_news(r) for r in responses):
                    return True
        return False

    def noop(self) -> None:
        """Keep the session alive and let the server report news."""
        try:
            self._need().noop()
        except NETWORK_ERRORS as exc:
            raise MailboxUnavailable(f"NOOP failed: {exc}") from exc

    def append(self, folder: str, raw: bytes, flags: tuple[bytes, ...] = (b"\\Seen",)) -> None:
        """Store a copy of a sent message in `folder` (creating it if needed)."""
        client = self._need()
        try:
            if not client.folder_exists(folder):
                client.create_folder(folder)
            client.append(folder, raw, flags=flags)
        except NETWORK_ERRORS as exc:
            raise MailboxUnavailable(f"APPEND to {folder!r} failed: {exc}") from exc

    def folder_has(self, folder: str, message_id: str) -> bool:
        """True when a message with this Message-ID is in `folder` (outbox reconciliation)."""
        client = self._need()
        try:
            if not client.folder_exists(folder):
                return False
            client.select_folder(folder, readonly=True)
            found = client.search(["HEADER", "Message-ID", message_id])
            client.select_folder(self.cfg.mailbox)
        except NETWORK_ERRORS as exc:
            raise MailboxUnavailable(f"SEARCH in {folder!r} failed: {exc}") from exc
        return bool(found)

    def close(self) -> None:
        """Log out, ignoring a connection that is already gone."""
        client, self._client = self._client, None
        if client is None:
            return
        try:
            client.logout()
        except (*NETWORK_ERRORS, Exception):  # a dead socket must not stop shutdown
            log.debug("logout on a dead connection", exc_info=True)


def _announced_meanwhile(client: IMAPClient) -> bool:
    """True if a response to an earlier command (SEARCH, FETCH, APPEND) announced mail.

    The server tells about new mail once, in whatever response comes next; imaplib files
    that EXISTS away and nobody reads it. Idling on it would leave that mail waiting until
    the next one arrives. A stale announcement only costs one more (empty) search.
    """
    pending = client._imap.untagged_responses
    return bool(pending.pop("EXISTS", None)) | bool(pending.pop("RECENT", None))


def _start_idle(client: IMAPClient) -> bool:
    """Send IDLE and wait for the server's `+`; True if new mail was announced meanwhile.

    imapclient's `idle()` raises on an untagged response that arrives before the `+`
    (e.g. EXISTS for mail delivered a moment earlier); that mail must wake us, not break us.
    """
    imap = client._imap
    client._idle_tag = imap._command("IDLE")
    news = False
    while (line := imap._get_response()) is not None:
        if line.startswith(client._idle_tag):
            raise IMAPClientError(f"IDLE refused: {line!r}")
        news = news or _is_news_line(line)
    imap.untagged_responses.clear()  # nobody reads them while idling; don't let them pile up
    return _buffered_news(client) or news


def _buffered_news(client: IMAPClient) -> bool:
    """True if lines already read into imaplib's buffer announce mail.

    Dovecot announces mail that came between two IDLEs right behind `+ idling`, in the same
    packet: imaplib reads both, and a select() on the socket never sees the second line. Left
    there, that mail would wait for the server's next keepalive (minutes).
    """
    imap, sock = client._imap, client.socket()
    news = False
    sock.setblocking(False)  # read only what is already here
    try:
        while imap.file.peek(1):
            news = _is_news_line(imap._get_line()) or news
    except (BlockingIOError, ssl.SSLWantReadError):
        pass
    finally:
        sock.setblocking(True)
        client._set_read_timeout()
    return news


def _is_news_line(line: bytes) -> bool:
    return line.startswith(b"* ") and (line.endswith((b" EXISTS", b" RECENT")))


def _is_news(response: tuple[object, ...]) -> bool:
    return len(response) >= 2 and response[1] in (b"EXISTS", b"RECENT")


def _aware(value: object) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return aware(value)
