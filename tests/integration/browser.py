"""Headless Chromium for screenshot tests, installed from Debian when missing (like Dovecot)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


def ensure_chromium() -> str:
    """Path of the chromium binary, installing Debian's chromium when missing (as root)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.geteuid() != 0:
        raise RuntimeError("Chromium is not installed: run `sudo apt-get install chromium`")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env)
    return shutil.which("chromium") or "/usr/bin/chromium"


def screenshot(page: Path, png: Path, profile: Path) -> None:
    """Render `page` headless at 1200x1600 into `png`."""
    subprocess.run([ensure_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", f"--user-data-dir={profile}", f"--screenshot={png}",
                    "--window-size=1200,1600", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
