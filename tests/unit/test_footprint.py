"""The daemon loads only what it runs: training and LLM libraries stay out of its memory."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("sklearn", "scipy", "openai", "aiosmtpd")
"""scikit-learn and SciPy are for `responder triage train`; openai for a configured endpoint.
Together they cost ~100 MB of resident memory and over a second of start-up."""


def test_the_daemon_does_not_import_training_or_llm_libraries() -> None:
    code = ("import sys, responder.service.daemon, responder.cli.app, responder.service.wiring\n"
            f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == ""


def test_training_and_demo_libraries_are_extras_not_dependencies() -> None:
    """A service install (`pip install responder`) brings neither scikit-learn nor aiosmtpd."""
    import tomllib
    from pathlib import Path

    project = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())["project"]
    runtime = " ".join(project["dependencies"])
    assert "scikit-learn" not in runtime and "aiosmtpd" not in runtime
    extras = project["optional-dependencies"]
    assert any(d.startswith("scikit-learn") for d in extras["train"])
    assert any(d.startswith("aiosmtpd") for d in extras["demo"])
