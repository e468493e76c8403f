"""The one exception tree, split by what the caller does next.

    ResponderError
    ├── ConfigError          bad config.toml, template or secret: say which file and key, exit
    ├── TransientError       network hiccup, 4xx, timeout: retry with backoff
    │   ├── MailboxUnavailable   IMAP connect/login/select failed or the connection died
    │   └── SendDeferred         SMTP said try later, or the connection broke before DATA ended
    ├── PermanentError       will fail the same way again: park or shunt, never retry
    │   ├── SendRejected         SMTP 5xx or every recipient refused
    │   ├── MessageUnreadable    the email cannot be parsed into anything useful
    │   └── TemplateFailed       a template raised, was unsafe or missed a variable
    └── GuardrailTripped     the LLM output or an owner edit broke the fact lock: use the plain draft

Outcomes of an email (sent, parked, skipped, shunted) are return values, never exceptions.
"""

from __future__ import annotations


class ResponderError(Exception):
    """Base of every error responder raises on purpose."""


class ConfigError(ResponderError):
    """The configuration, a template or a secret is wrong; the message names the file and key."""


class TransientError(ResponderError):
    """Worth retrying later with backoff."""


class MailboxUnavailable(TransientError):
    """The IMAP server could not be reached, refused the login, or dropped the connection."""


class AuthFailed(MailboxUnavailable):
    """The IMAP or SMTP server refused the username or password."""


class SendDeferred(TransientError):
    """The SMTP server asked us to try later, or the connection broke before it accepted."""


class PermanentError(ResponderError):
    """Will fail the same way again: park or shunt, never retry."""


class SendRejected(PermanentError):
    """The SMTP server refused the message for good (5xx)."""


class MessageUnreadable(PermanentError):
    """The email cannot be understood; it is stored and shunted with this reason."""


class TemplateFailed(PermanentError):
    """A template raised, tried something unsafe, or used a missing variable."""


class GuardrailTripped(ResponderError):
    """A rewritten reply broke the fact lock; the plain template draft is used instead."""
