"""The settings `run` refuses are exactly those `check-config` reports (responder/service/preflight.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from responder.cli.checks import advice
from responder.config import Config
from responder.errors import ConfigError
from responder.service import preflight
from responder.service.wiring import Loaded

GOOD = {"imap_password": "pw", "hmac_key": "k" * 32, "smtp_password": "smtp-pw"}


def secrets(**given: str) -> Any:
    """A secret lookup over `given` that fails like config.secret for a missing one."""
    def lookup(name: str, *, required: bool = True) -> str:
        if name not in given and required:
            raise ConfigError(f"secret {name!r} is missing")
        return given.get(name, "")
    return lookup


def cfg(**sections: dict[str, object]) -> Config:
    """A config with these sections on top of the defaults."""
    return Config.model_validate({"approval": {"approvers": ["owner@shop.example"]}, **sections})


def test_good_settings_have_no_problems() -> None:
    """Secrets present, approvers addresses, no override folder: nothing to refuse."""
    assert preflight.problems(cfg(), secrets(**GOOD)) == []


@pytest.mark.parametrize(("config", "given", "expected"), [
    (cfg(), GOOD | {"hmac_key": "short"}, "secret 'hmac_key' is too short (5 characters)"),
    (cfg(smtp={"username": "me@shop.example"}), {"imap_password": "pw", "hmac_key": "k" * 32},
     "secret 'smtp_password' is missing (smtp.username is 'me@shop.example')"),
    (Config(), GOOD, "approval.approvers is empty: parked replies would reach nobody"),
    (cfg(approval={"approvers": ["owner"]}), GOOD,
     "approval.approvers: 'owner' is not an email address"),
    (cfg(approval={"approvers": ["a@shop.example"], "groups": {"accounting": ["Books <b@x.io>"]}}), GOOD,
     "approval.groups.accounting: 'books <b@x.io>' is not an email address"),
    (cfg(templates={"override_dir": "/nonexistent/templates"}), GOOD,
     "templates.override_dir: folder /nonexistent/templates does not exist"),
])
def test_each_refusal_is_one_sentence(config: Config, given: dict[str, str], expected: str) -> None:
    """A short key, a login without its password, no or non-address approvers, a missing folder."""
    found = preflight.problems(config, secrets(**given))
    assert len(found) == 1 and found[0].startswith(expected), found


def test_smtp_password_is_optional_without_a_login() -> None:
    """A local relay (no smtp.username) needs no SMTP password."""
    assert preflight.problems(cfg(), secrets(imap_password="pw", hmac_key="k" * 32)) == []


def test_require_lists_every_problem_with_the_file(tmp_path: Path) -> None:
    """`run` stops with the config's path and one indented line per problem."""
    loaded = Loaded(cfg(approval={"approvers": ["owner"]}), tmp_path / "config.toml")
    with pytest.raises(ConfigError) as err:
        preflight.require(loaded, secrets(imap_password="pw"))
    lines = str(err.value).splitlines()
    assert lines[0] == f"{tmp_path / 'config.toml'}: cannot start:"
    assert len(lines) == 3  # the missing hmac_key and the approver


def test_an_empty_store_name_is_advice_not_a_refusal() -> None:
    """No store name: check-config says how replies are signed, and `run` still starts."""
    assert preflight.problems(cfg(), secrets(**GOOD)) == []
    assert advice(cfg()) == ['store.name is empty: replies are signed "The customer care team" '
                             '(example: name = "Blue Mug Co.")']
    assert advice(cfg(store={"name": "Blue Mug Co."})) == []
