#!/usr/bin/env bash
# The demo: local IMAP and SMTP servers, sample customer mail and orders, the real daemon.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/responder demo "$@"
