"""The composition root's parts: config -> the adapters behind each seam.

Shared by the daemon, `replay`, `check-config` and the demo, so all of them run the same
stages with the same settings.
"""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from responder import pipeline
from responder.approval.flow import ApprovalFlow, build_flow, install_redaction
from responder.config import Config, secret
from responder.drafting.llmclient import ChatClient, api_key
from responder.drafting.polish import build_polisher
from responder.drafting.templates import TemplateDrafter
from responder.errors import ConfigError
from responder.mail.imap import ImapSession
from responder.mail.msgid import loop_token
from responder.mail.smtp import SmtpSender
from responder.orders import build_order_source
from responder.policy import TablePolicy
from responder.protocols import History, Mailbox, Sender, Triager, utc_now
from responder.service.bounce_handler import BounceHandler
from responder.service.health import AlarmMail, Health
from responder.service.outbox import Outbox, OutboxConfig
from responder.service.processor import Interceptor, Listener, Processor
from responder.store import settings
from responder.store.db import migrate, open_engine
from responder.store.history import DbHistory
from responder.store.llm_usage import DbTokenBudget
from responder.store.locks import WatcherLock
from responder.triage import OfflineTriager
from responder.triage.reading import ReadingTriager

HMAC_MIN = 16
"""Shortest accepted hmac_key, in characters."""


@dataclass(frozen=True)
class Loaded:
    """A config with its folder, so relative paths in it resolve next to it."""

    cfg: Config
    path: Path

    @property
    def base(self) -> Path:
        """The folder the config file is in."""
        return self.path.resolve().parent

    @property
    def data_dir(self) -> Path:
        """Where a relative SQLite path lives: systemd's StateDirectory= when it set one
        (the config folder is read-only under ProtectSystem=strict), else the config's folder."""
        state = os.environ.get("STATE_DIRECTORY", "").split(":")[0]
        return Path(state) if state else self.base


def open_database(loaded: Loaded) -> Engine:
    """The configured database, migrated to the current schema."""
    engine = open_engine(loaded.cfg.database.url, base_dir=loaded.data_dir)
    migrate(engine)
    return engine


def identity(cfg: Config, hmac_key: bytes) -> pipeline.Identity:
    """Our addresses and loop markers."""
    own = {cfg.store.support_address.lower(), *(a.lower() for a in cfg.store.aliases)}
    domain = cfg.store.domain
    return pipeline.Identity(frozenset(own), domain, hmac_key, loop_token(hmac_key, domain))


def hmac_key(*, required: bool = True) -> bytes:
    """The key behind our Message-IDs and approval tokens (a secret, never in config.toml)."""
    value = secret("hmac_key", required=required)
    if not value:
        return hashlib.sha256(b"responder-replay-only").digest()  # replay: nothing is sent
    if len(value) < HMAC_MIN:
        raise ConfigError("secret hmac_key is too short: use at least 16 random characters, "
                          "e.g. `openssl rand -hex 32`")
    return value.encode()


def build_chat(cfg: Config, engine: Engine,
               secret_fn: Callable[[str], str] = secret) -> ChatClient | None:
    """The store's one model client (polish and triage share it); its budget is in the database."""
    if not cfg.llm.enabled:
        return None
    budget = DbTokenBudget(engine, cfg.store.support_address, cfg.llm.daily_token_budget)
    return ChatClient(cfg.llm, api_key(cfg.llm, secret_fn), budget=budget)


def build_triager(cfg: Config, secret_fn: Callable[[str], str] = secret,
                  chat: ChatClient | None = None) -> Triager:
    """The offline classifier (with the LLM's second opinion when configured), then the reading."""
    classifier: Triager = OfflineTriager(cfg.triage)
    if cfg.llm.enabled and cfg.llm.triage:
        from responder.drafting.llm_triage import build_triager as build_llm_triager

        classifier = build_llm_triager(classifier, cfg.llm, secret_fn, chat=chat)
    # Read once, after the intent is final: the problem follows the model's intent too.
    reader: Triager = ReadingTriager(classifier, cfg.triage.max_chars)
    if not (cfg.llm.enabled and cfg.llm.reading):
        return reader
    from responder.drafting.llm_reading import build_reader

    return build_reader(reader, cfg.llm, secret_fn, chat=chat)


def build_stages(loaded: Loaded, engine: Engine, history: History,
                 secret_fn: Callable[[str], str] = secret) -> pipeline.Stages:
    """Every stage adapter from the config; templates are rendered once to fail early."""
    cfg = loaded.cfg
    drafter = TemplateDrafter(cfg.templates, cfg.store.name, cfg.store.default_language)
    problems = drafter.check_all()
    if problems:
        raise ConfigError("templates do not render:\n  " + "\n  ".join(problems))
    chat = build_chat(cfg, engine, secret_fn)
    return pipeline.Stages(
        triager=build_triager(cfg, secret_fn, chat),
        orders=build_order_source(cfg.orders, engine, cfg.policy.vip_ltv, secret_fn,
                                  currency=cfg.policy.currency, rates=cfg.policy.rates),
        policy=TablePolicy(cfg.policy),
        drafter=drafter,
        polisher=build_polisher(cfg.llm, secret_fn, chat),
        history=history,
    )


@dataclass(frozen=True)
class Configured:
    """What one reading of config.toml builds for a running store; a reload swaps all of it."""

    loaded: Loaded
    stages: pipeline.Stages
    approval: ApprovalFlow
    interceptors: tuple[Interceptor, ...]
    listeners: tuple[Listener, ...]
    outbox: OutboxConfig
    alarm: AlarmMail


def configure(loaded: Loaded, engine: Engine, history: History, me: pipeline.Identity,
              now: Callable[[], datetime]) -> Configured:
    """Build every config-dependent part; raises ConfigError before anything is replaced."""
    cfg = loaded.cfg
    approval = build_flow(engine, cfg.for_approval(), me.hmac_key, me.loop_token, now)
    return Configured(
        loaded, build_stages(loaded, engine, history), approval,
        interceptors=(approval.intercept,),
        listeners=(BounceHandler(cfg.guards, now), approval.on_outcome),
        outbox=OutboxConfig(cfg.smtp, cfg.imap),
        alarm=AlarmMail(cfg.store, cfg.smtp.envelope_from, me.hmac_key))


@dataclass
class Service:
    """A store's running parts, wired from its config; the daemon drives them."""

    engine: Engine
    worker: str
    """This process's name in claims (host:pid)."""
    mailbox_key: str
    watcher: WatcherLock
    alive: WatcherLock
    imap: Mailbox
    smtp: Sender
    me: pipeline.Identity
    configured: Configured
    processor: Processor
    outbox: Outbox
    health: Health

    def apply(self, fresh: Configured) -> None:
        """Swap in a fully built configuration, every part at once."""
        cfg = fresh.loaded.cfg
        self.processor.cfg, self.processor.stages = cfg, fresh.stages
        self.processor.interceptors[:] = fresh.interceptors
        self.processor.listeners[:] = fresh.listeners
        self.outbox.cfg = fresh.outbox
        self.health.cfg, self.health.mail = cfg.health, fresh.alarm
        self.configured = fresh


def build_service(loaded: Loaded, now: Callable[[], datetime] = utc_now,
                  hook: Callable[[str], None] = lambda _point: None) -> Service:
    """Open and migrate the database, take the liveness lock, build IMAP/SMTP from the secrets
    and every stage, listener and timer from the config."""
    cfg = loaded.cfg
    engine = open_database(loaded)
    worker = f"{socket.gethostname()}:{os.getpid()}"
    mailbox_key = f"{cfg.imap.username}@{cfg.imap.host}/{cfg.imap.mailbox}"
    alive = WatcherLock(engine, f"worker:{worker}")
    alive.acquire()  # held while we live: our claims stay ours
    imap = ImapSession(cfg.imap, secret("imap_password"))
    smtp = SmtpSender(cfg.smtp, secret("smtp_password", required=False))
    me = identity(cfg, hmac_key())
    configured = configure(loaded, engine, DbHistory(engine, now), me, now)
    processor = Processor(engine, cfg, configured.stages, me, now, hook,
                          list(configured.interceptors), list(configured.listeners), worker=worker,
                          paused=lambda: settings.is_paused(engine), smtputf8=lambda: smtp.smtputf8)
    install_redaction()
    watcher = WatcherLock(engine, mailbox_key)
    outbox = Outbox(engine, configured.outbox, smtp, imap, now, hook, mailbox=mailbox_key,
                    shared=watcher.shared, worker=worker)
    health = Health(engine, cfg.health, configured.alarm, now)
    return Service(engine, worker, mailbox_key, watcher, alive, imap, smtp, me, configured,
                   processor, outbox, health)
