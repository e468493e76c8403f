"""`responder check-config`: prove the settings work by using them."""

from __future__ import annotations

import asyncio

from responder.config import Config, secret
from responder.drafting.templates import TemplateDrafter
from responder.errors import ResponderError
from responder.mail.imap import ImapSession
from responder.mail.smtp import SmtpSender
from responder.orders.probe import check_orders
from responder.service import preflight
from responder.service.wiring import Loaded


async def check_all(loaded: Loaded) -> list[str]:
    """Every problem found, as sentences for the store owner; empty when all is well."""
    cfg = loaded.cfg
    problems = preflight.problems(cfg)  # exactly what `run` refuses
    problems += _templates(loaded)
    if secret("imap_password", required=False):
        problems += await asyncio.to_thread(_imap, loaded)
    problems += await _smtp(loaded)
    return problems + await asyncio.to_thread(check_orders, cfg.orders, secret)


def advice(cfg: Config) -> list[str]:
    """Settings `run` accepts but that a real store almost certainly wants to change."""
    out = []
    if not cfg.store.name:
        out.append('store.name is empty: replies are signed "The customer care team" '
                   '(example: name = "Blue Mug Co.")')
    return out


def _templates(loaded: Loaded) -> list[str]:
    cfg = loaded.cfg
    drafter = TemplateDrafter(cfg.templates, cfg.store.name, cfg.store.default_language)
    return [f"template: {p}" for p in drafter.check_all()]


def _imap(loaded: Loaded) -> list[str]:
    cfg = loaded.cfg.imap
    try:
        session = ImapSession(cfg, secret("imap_password"))
        info = session.connect()
        session.close()
    except ResponderError as exc:
        return [f"IMAP ({cfg.host}:{cfg.port}, user {cfg.username}): {exc}"]
    if not info.has_idle:
        return [f"IMAP server has no IDLE: new mail is checked every {cfg.poll_seconds} s "
                "(works, just slower)"][:0]
    return []


async def _smtp(loaded: Loaded) -> list[str]:
    cfg = loaded.cfg.smtp
    sender = SmtpSender(cfg, secret("smtp_password", required=False))
    try:
        await sender.probe()
    except ResponderError as exc:
        return [f"SMTP ({cfg.host}:{cfg.port}): {exc}"]
    finally:
        await sender.close()
    return []
