"""The SMTP edge: submit exact bytes to one recipient, and classify what went wrong.

One connection is kept open between messages (a new connection per message costs
about 40% of the send rate on loopback) and reopened whenever it breaks.
"""

from __future__ import annotations

import logging
import ssl

import aiosmtplib

from responder.errors import AuthFailed, SendDeferred, SendRejected
from responder.sections import SmtpConfig

log = logging.getLogger(__name__)


class SmtpSender:
    """Submits messages to the configured server."""

    def __init__(self, cfg: SmtpConfig, password: str) -> None:
        self.cfg = cfg
        self._password = password
        self._smtp: aiosmtplib.SMTP | None = None
        self.smtputf8 = False
        """The server offered SMTPUTF8 when probed (R73): non-ASCII addresses can be sent."""

    async def _connection(self) -> aiosmtplib.SMTP:
        if self._smtp is not None and self._smtp.is_connected:
            return self._smtp
        smtp = aiosmtplib.SMTP(
            hostname=self.cfg.host, port=self.cfg.port, timeout=self.cfg.timeout,
            use_tls=self.cfg.security == "ssl", start_tls=self.cfg.security == "starttls",
            tls_context=ssl.create_default_context(),
        )
        try:
            await smtp.connect()
            if self.cfg.username:
                await smtp.login(self.cfg.username, self._password)
        except aiosmtplib.SMTPAuthenticationError as exc:
            raise AuthFailed(f"SMTP login refused for {self.cfg.username}: {exc.message}") from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise SendDeferred(f"SMTP {self.cfg.host}:{self.cfg.port}: {exc}") from exc
        self._smtp = smtp
        return smtp

    async def probe(self) -> None:
        """Connect (and log in) to prove the settings work; note whether SMTPUTF8 is offered."""
        smtp = await self._connection()
        try:
            if smtp.is_ehlo_or_helo_needed:
                await smtp.ehlo()
        except aiosmtplib.SMTPException as exc:  # HELO-only server: no extensions at all
            log.info("SMTP server answered no EHLO (%s): no SMTPUTF8", exc)
        self.smtputf8 = smtp.supports_extension("smtputf8")

    async def send(self, raw: bytes, envelope_from: str, rcpt: str) -> str:
        """Submit `raw` to `rcpt`; returns the server's reply, raises SendDeferred/SendRejected."""
        smtp = await self._connection()
        # RFC 6531: a non-ASCII address travels only with SMTPUTF8 (which implies 8BITMIME)
        options = [] if (envelope_from + rcpt).isascii() else ["SMTPUTF8", "BODY=8BITMIME"]
        try:
            errors, reply = await smtp.sendmail(
                envelope_from, [rcpt], raw, mail_options=options, timeout=self.cfg.data_timeout
            )
        except (ValueError, UnicodeError) as exc:  # an address the client cannot even write
            raise SendRejected(f"{rcpt}: not a valid address for SMTP ({exc})") from exc
        except aiosmtplib.SMTPNotSupported as exc:
            raise SendRejected(f"{rcpt}: the mail server {self.cfg.host} cannot send to an "
                               f"address with non-ASCII letters ({exc})") from exc
        except aiosmtplib.SMTPRecipientsRefused as exc:
            raise _classify(exc.recipients[0].code, exc.recipients[0].message) from exc
        except aiosmtplib.SMTPResponseException as exc:
            await self.close()
            raise _classify(exc.code, exc.message) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            await self.close()
            raise SendDeferred(f"connection broke while sending: {exc}") from exc
        if errors:  # accepted for nobody we meant (T33): we only ever have one recipient
            code, message = next(iter(errors.values()))
            raise _classify(code, message)
        return reply

    async def close(self) -> None:
        """Say QUIT, or drop a broken connection."""
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            if smtp.is_connected:
                await smtp.quit()
        except (aiosmtplib.SMTPException, OSError):
            smtp.close()


def _classify(code: int, message: str) -> SendDeferred | SendRejected:
    text = f"{code} {message}".strip()
    return SendRejected(text) if 500 <= code < 600 else SendDeferred(text)
