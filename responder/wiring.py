"""The composition root's parts: config -> the adapters behind each seam.

Shared by the daemon, `replay`, `check-config` and the demo, so all of them run the same
stages with the same settings.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from responder import pipeline
from responder.config import Config, secret
from responder.drafting.llmclient import ChatClient, api_key
from responder.drafting.polish import build_polisher
from responder.drafting.templates import TemplateDrafter
from responder.errors import ConfigError
from responder.mail.msgid import loop_token
from responder.orders import build_order_source
from responder.policy import TablePolicy
from responder.protocols import History, Triager
from responder.store.llm_usage import DbTokenBudget
from responder.triage import OfflineTriager
from responder.triage.reading import ReadingTriager

HMAC_MIN = 16
"""Shortest accepted hmac_key, in characters."""


def utc_now() -> datetime:
    """The real clock."""
    return datetime.now(UTC)


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


def identity(cfg: Config, hmac_key: bytes) -> pipeline.Identity:
    """Our addresses and loop markers."""
    own = {cfg.store.support_address.lower(), *(a.lower() for a in cfg.store.aliases)}
    domain = cfg.store.support_address.rsplit("@", 1)[-1].lower()
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
    """The offline classifier, wrapped by the LLM one when configured."""
    offline: Triager = ReadingTriager(OfflineTriager(cfg.triage), cfg.triage.max_chars)
    if not (cfg.llm.enabled and (cfg.llm.triage or cfg.llm.reading)):
        return offline
    from responder.drafting.llm_reading import build_reader
    from responder.drafting.llm_triage import build_triager as build_llm_triager

    if cfg.llm.triage:  # a new intent from the model is read again (the problem follows it)
        llm = build_llm_triager(offline, cfg.llm, secret_fn, chat=chat)
        offline = ReadingTriager(llm, cfg.triage.max_chars)
    return build_reader(offline, cfg.llm, secret_fn, chat=chat)


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
