"""What every command shares: where the config is by default, and one line per failure.

Without `--config` a command reads the service's config (/etc/responder/config.toml) when
it exists, so `sudo responder orders import FILE` fills the database the service reads;
otherwise ./config.toml (a checkout). RESPONDER_ROOT moves /etc under another root, as
scripts/install-service.sh does, for containers and tests.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy.exc import DBAPIError
from typer.core import TyperGroup

from responder import config as config_mod
from responder.errors import ConfigError, ResponderError
from responder.service.wiring import Loaded

CONFIG_HELP = "Path to config.toml (default: /etc/responder/config.toml if it exists, else ./config.toml)."
ConfigOpt = Annotated[Path | None, typer.Option("--config", "-c", help=CONFIG_HELP, show_default=False)]


def service_config() -> Path:
    """The config the systemd unit starts the service with."""
    return Path(os.environ.get("RESPONDER_ROOT") or "/") / "etc/responder/config.toml"


def default_config(given: Path | None = None) -> Path:
    """`given`, else the service's config when installed, else ./config.toml."""
    if given is not None:
        return given
    installed = service_config()
    return installed if installed.is_file() else Path("config.toml")


def use_config_credentials(config: Path) -> None:
    """Outside systemd, read secrets from the credentials folder beside the config (if readable)."""
    folder = config.resolve().parent / "credentials"
    if "CREDENTIALS_DIRECTORY" not in os.environ and os.access(folder, os.R_OK | os.X_OK):
        os.environ["CREDENTIALS_DIRECTORY"] = str(folder)


def load(given: Path | None) -> Loaded:
    """Load the config (see `default_config`) or exit with the file and key that are wrong."""
    path = default_config(given)
    use_config_credentials(path)
    try:
        return Loaded(config_mod.load(path), path)
    except ConfigError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from exc


def one_line(exc: BaseException) -> str:
    """The failure as the store owner should read it: what, and which file when known."""
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror or exc}"
    if isinstance(exc, DBAPIError):  # e.g. "unable to open database file", without the SQL
        return f"database: {exc.orig}"
    return str(exc) or type(exc).__name__


class OneLineErrors(TyperGroup):
    """Every command ends with one clear line and a non-zero exit, never a traceback.

    ConfigError exits 2 (fix the settings); any other error of ours, of the file system or
    of the database driver exits 1. Programming errors still show their traceback: they are
    bugs to report.
    """

    def invoke(self, ctx: Any) -> Any:
        """Run the command; turn our errors into one red line."""
        try:
            return super().invoke(ctx)
        except (ResponderError, OSError, DBAPIError) as exc:
            typer.secho(f"responder: {one_line(exc)}", fg="red", err=True)
            raise typer.Exit(2 if isinstance(exc, ConfigError) else 1) from exc
