"""Config: strict, with the file and the dotted key in every error; secrets never in TOML."""

from __future__ import annotations

from pathlib import Path

import pytest

from responder import config
from responder.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    """A config file with `text`."""
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_config_toml_is_valid() -> None:
    """The documented config.toml in the repository loads as it is."""
    cfg = config.load(REPO / "config.toml")
    assert cfg.imap.idle_renew_seconds <= 600


def test_unknown_key_names_file_and_dotted_key(tmp_path: Path) -> None:
    """A misspelt key fails with `file: section.key: unknown setting`."""
    path = write(tmp_path, "[imap]\nidle_renew_secondz = 30\n")
    with pytest.raises(ConfigError) as err:
        config.load(path)
    assert f"{path}: imap.idle_renew_secondz: unknown setting" in str(err.value)


def test_wrong_type_names_the_key(tmp_path: Path) -> None:
    """A value of the wrong type names its key and what was expected."""
    path = write(tmp_path, '[imap]\nport = "imap"\n')
    with pytest.raises(ConfigError, match=r"imap\.port: should be a whole number like 993"):
        config.load(path)


def test_idle_renew_above_rfc_limit_is_refused(tmp_path: Path) -> None:
    """IDLE must be renewed within 29 minutes (RFC 2177), so 30 minutes is an error."""
    with pytest.raises(ConfigError, match=r"imap\.idle_renew_seconds"):
        config.load(write(tmp_path, "[imap]\nidle_renew_seconds = 1800\n"))


def test_password_key_is_rejected(tmp_path: Path) -> None:
    """There is no place for a password in the TOML: `imap.password` is an unknown setting."""
    with pytest.raises(ConfigError, match=r"imap\.password: unknown setting"):
        config.load(write(tmp_path, '[imap]\npassword = "hunter2"\n'))


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    """A syntax error says which file is not valid TOML."""
    path = write(tmp_path, "[imap\nhost = 1\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        config.load(path)


def test_secret_from_credentials_directory_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A systemd credential file is read before the environment variable."""
    (tmp_path / "imap_password").write_text("from-file\n")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(tmp_path))
    monkeypatch.setenv("RESPONDER_IMAP_PASSWORD", "from-env")
    assert config.secret("imap_password") == "from-file"


def test_missing_secret_says_how_to_set_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """A missing secret names the environment variable and the credential."""
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    monkeypatch.delenv("RESPONDER_IMAP_PASSWORD", raising=False)
    with pytest.raises(ConfigError, match=r"credentials/imap_password.*RESPONDER_IMAP_PASSWORD"):
        config.secret("imap_password")


def test_every_commented_example_in_config_toml_is_valid(tmp_path: Path) -> None:
    """Uncommenting a shipped `# key = value` example (handling_days, dir, override_dir) still loads."""
    shipped = (REPO / "config.toml").read_text(encoding="utf-8")
    examples = [line for line in shipped.splitlines() if line.startswith("# ") and " = " in line
                and line[2:].split(" = ")[0].isidentifier()]
    assert "# handling_days = 2" in examples
    uncommented = "\n".join(line[2:] if line in examples else line for line in shipped.splitlines())
    cfg = config.load(write(tmp_path, uncommented))
    assert cfg.policy.handling_days == 2
    assert cfg.templates.override_dir == Path("/etc/responder/templates")


@pytest.mark.parametrize(("toml", "message"), [
    ('[policy]\nauto_send = "cancel_order"\n',
     'policy.auto_send: should be a list of intent names in square brackets, e.g. ["where_is_my_order"]'),
    ('[policy]\nreship_below = "fifty"\n', "policy.reship_below: should be a number like 50"),
    ('[policy]\nhandling_days = ""\n', "policy.handling_days: should be a whole number like 2"),
    ('[approval]\napprovers = "me@shop.example"\n',
     'approval.approvers: should be a list in square brackets, e.g. ["you@yourshop.example"]'),
    ("[imap]\nappend_to_sent = 2\n", "imap.append_to_sent: should be true or false"),
])
def test_wrong_types_say_what_to_write(tmp_path: Path, toml: str, message: str) -> None:
    """Wrong types are explained in the owner's words with an example, not "valid tuple/decimal"."""
    with pytest.raises(ConfigError) as err:
        config.load(write(tmp_path, toml))
    assert message in str(err.value)
    assert "valid tuple" not in str(err.value) and "valid decimal" not in str(err.value)


def test_secret_from_a_whole_credentials_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`LoadCredential=responder:/etc/responder/credentials` names the file responder_<name>: it is read."""
    (tmp_path / "responder_smtp_password").write_text("from-folder\n")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(tmp_path))
    monkeypatch.delenv("RESPONDER_SMTP_PASSWORD", raising=False)
    assert config.secret("smtp_password") == "from-folder"
    assert config.secret("openai_api_key", required=False) == ""  # optional and absent: no error
