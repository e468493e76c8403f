"""The daemon loads only what it runs: training and LLM libraries stay out of its memory."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("sklearn", "scipy", "openai")
"""scikit-learn and SciPy are for `responder triage train`; openai for a configured endpoint.
Together they cost ~100 MB of resident memory and over a second of start-up."""


def test_the_daemon_does_not_import_training_or_llm_libraries() -> None:
    code = ("import sys, responder.service.daemon, responder.cli.app, responder.service.wiring\n"
            f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == ""
