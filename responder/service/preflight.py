"""Settings that `run` refuses and `check-config` reports: one list, so the two always agree.

These are mistakes found without touching the network: a missing or short secret, an SMTP
login without its password, no approvers or approvers that are not addresses, an override
folder that does not exist (Jinja would silently ignore it and send the shipped wording).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from responder.approval.config import ApprovalConfig
from responder.config import Config, secret
from responder.drafting.config import TemplatesConfig
from responder.errors import ConfigError, ResponderError
from responder.service.wiring import HMAC_MIN, Loaded

ADDRESS = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
SecretFn = Callable[..., str]


def problems(cfg: Config, secret_fn: SecretFn = secret) -> list[str]:
    """Every refusal, one sentence each, in the order of config.toml."""
    return [*_secrets(cfg, secret_fn), *_approvers(cfg.approval), *_template_dirs(cfg.templates)]


def require(loaded: Loaded, secret_fn: SecretFn = secret) -> None:
    """Raise ConfigError listing every problem (what `run` does before it starts)."""
    found = problems(loaded.cfg, secret_fn)
    if found:
        raise ConfigError(f"{loaded.path}: cannot start:\n  " + "\n  ".join(found))


def _secrets(cfg: Config, secret_fn: SecretFn) -> list[str]:
    out = []
    wanted = ["imap_password", "hmac_key"] + (["smtp_password"] if cfg.smtp.username else [])
    for name in wanted:
        try:
            value = secret_fn(name)
        except ResponderError as exc:
            out.append(str(exc) + (f" (smtp.username is {cfg.smtp.username!r})" if name == "smtp_password"
                                   else ""))
            continue
        if name == "hmac_key" and len(value) < HMAC_MIN:
            out.append(f"secret 'hmac_key' is too short ({len(value)} characters): use at least "
                       f"{HMAC_MIN} random characters, e.g. `openssl rand -hex 32`")
    return out


def _approvers(cfg: ApprovalConfig) -> list[str]:
    if not cfg.approvers:  # parked replies would wait for nobody: a customer never answered
        return ["approval.approvers is empty: parked replies would reach nobody "
                '(example: approvers = ["you@yourshop.com"])']
    groups = {"approval.approvers": cfg.approvers,
              **{f"approval.groups.{name}": addrs for name, addrs in cfg.groups.items()}}
    return [f"{key}: {entry!r} is not an email address (example: \"you@yourshop.com\")"
            for key, addrs in groups.items() for entry in addrs if not ADDRESS.match(entry)]


def _template_dirs(cfg: TemplatesConfig) -> list[str]:
    dirs = {"templates.override_dir": cfg.override_dir, "templates.dir": cfg.dir}
    return [f"{key}: folder {path} does not exist (create it, or remove the line to use the "
            "shipped templates)" for key, path in dirs.items()
            if path is not None and not Path(path).is_dir()]
