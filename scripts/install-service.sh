#!/usr/bin/env bash
# Installs responder as a systemd service on Debian/Ubuntu, or upgrades it in place.
#
#   sudo scripts/install-service.sh             install, or upgrade (safe to run again)
#   sudo scripts/install-service.sh --upgrade   the same, then restart the running service
#
# It creates the system user `responder`, /etc/responder/config.toml (only when missing),
# /etc/responder/credentials/ (0700, for secrets), /var/lib/responder/ (the database),
# /opt/responder/ (this project and its venv in /opt/responder/.venv), the link
# /usr/local/bin/responder and the unit files. It never overwrites config.toml, credentials
# or the database. Upgrade: update this checkout (git pull), run it again with --upgrade.
#
# RESPONDER_ROOT=/tmp/x builds the same layout under /tmp/x instead of / (the tests do), and
# then creates no user, changes no owner and calls no systemctl. The venv it makes works at
# that path only; commands without --config read $RESPONDER_ROOT/etc/responder/config.toml.
set -euo pipefail

SRC="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="${RESPONDER_ROOT:-}"
ROOT="${ROOT%/}"
SERVICE_USER="${RESPONDER_USER:-responder}"
UPGRADE=0
for arg in "$@"; do
  case "$arg" in
    --upgrade) UPGRADE=1 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg (see --help)" >&2; exit 2 ;;
  esac
done

ETC="$ROOT/etc/responder"
STATE="$ROOT/var/lib/responder"
OPT="$ROOT/opt/responder"
UNITS="$ROOT/etc/systemd/system"
BIN="$ROOT/usr/local/bin"
REAL=0
[ -z "$ROOT" ] && REAL=1

if [ "$REAL" = 1 ] && [ "$(id -u)" -ne 0 ]; then
  echo "install-service.sh changes /etc, /opt and /var/lib: run it with sudo" >&2
  exit 1
fi

# Only on the real system: users and owners of a test root belong to whoever runs the tests.
as_service_user() { if [ "$REAL" = 1 ]; then chown "$SERVICE_USER:$SERVICE_USER" "$@"; fi; }

step() { echo "==> $*"; }

make_user() {
  if [ "$REAL" = 1 ] && ! id "$SERVICE_USER" >/dev/null 2>&1; then
    step "system user $SERVICE_USER"
    useradd --system --home-dir /var/lib/responder --no-create-home \
      --shell /usr/sbin/nologin "$SERVICE_USER"
  fi
}

make_dirs() {
  step "folders $ETC, $ETC/credentials (0700), $STATE, $OPT"
  install -d -m 0755 "$ETC" "$OPT" "$UNITS" "$BIN"
  install -d -m 0700 "$ETC/credentials"
  install -d -m 0750 "$STATE"
  as_service_user "$STATE"
}

copy_project() {
  if [ "$SRC" -ef "$OPT" ]; then
    return  # run from the installed copy: nothing to copy
  fi
  step "project files -> $OPT (its venv is kept)"
  find "$OPT" -mindepth 1 -maxdepth 1 ! -name .venv -exec rm -rf {} +
  tar -C "$SRC" --exclude=./.venv --exclude=./.git --exclude=./var --exclude=./tests \
    --exclude=./bench --exclude=./test-artifacts --exclude='__pycache__' -cf - . \
    | tar -C "$OPT" -xf -
}

make_venv() {
  step "venv $OPT/.venv"
  if [ "$REAL" = 1 ] && ! python3 -c "import ensurepip" >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null  # Debian splits it out
  fi
  [ -x "$OPT/.venv/bin/python" ] || python3 -m venv "$OPT/.venv"
  # Editable: the shipped templates/ and prompts/ are read from $OPT. The message filter
  # hides setuptools' "Editable installation" banner only (see scripts/setup.sh).
  PYTHONWARNINGS="ignore:Editable installation" "$OPT/.venv/bin/python" -m pip install -q -e "$OPT"
  ln -sfn "$OPT/.venv/bin/responder" "$BIN/responder"
}

make_config() {
  if [ -e "$ETC/config.toml" ]; then
    step "$ETC/config.toml exists: kept as it is"
    return
  fi
  step "$ETC/config.toml (database in $STATE)"
  # An absolute database path, so the service and `sudo responder ...` use the same file.
  sed -e "s|^url = \"sqlite:///var/responder.db\"|url = \"sqlite:///$STATE/responder.db\"|" \
    "$SRC/config.toml" > "$ETC/config.toml"
  chmod 0640 "$ETC/config.toml"
  if [ "$REAL" = 1 ]; then chgrp "$SERVICE_USER" "$ETC/config.toml"; fi
}

make_database_file() {
  # An empty file is an empty SQLite database. Created here, it belongs to the service user
  # even when `sudo responder orders import` is the first to fill it.
  if [ ! -e "$STATE/responder.db" ]; then
    install -m 0600 /dev/null "$STATE/responder.db"
    as_service_user "$STATE/responder.db"
  fi
}

install_units() {
  step "units -> $UNITS"
  install -m 0644 "$SRC/systemd/responder.service" "$SRC/systemd/responder@.service" "$UNITS/"
  if [ "$REAL" = 1 ] && [ -d /run/systemd/system ]; then
    systemctl daemon-reload
    if [ "$UPGRADE" = 1 ] && systemctl is-active --quiet responder; then
      step "restarting responder"
      systemctl restart responder
    fi
  fi
}

make_user
make_dirs
copy_project
make_venv
make_config
make_database_file
install_units

cat <<EOF

Installed. Next steps:
  1. Edit $ETC/config.toml: [store], [imap], [smtp], [approval] approvers.
  2. Put each secret in its own file in $ETC/credentials/ (see README, "Secrets"):
       imap_password, hmac_key (openssl rand -hex 32 > $ETC/credentials/hmac_key),
       smtp_password when smtp.username is set; optional: openai_api_key, shopify_token,
       woocommerce_key, woocommerce_secret.
  3. sudo responder orders import orders_export.csv
  4. sudo responder check-config
  5. sudo systemctl enable --now responder
Upgrade later: git pull, then sudo scripts/install-service.sh --upgrade
EOF
