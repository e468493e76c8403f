#!/usr/bin/env bash
# The test command: installs what is missing, then lint, types and the whole test suite
# (unit, integration against real Dovecot/SMTP/PostgreSQL, and the corpus of real mail).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check responder tests bench
.venv/bin/mypy
.venv/bin/lint-imports --no-logo  # the import contracts in pyproject.toml: no cycles, a pure core
.venv/bin/pytest -q -p no:cacheprovider "$@"
