"""Headless Chromium for screenshot tests, installed from Debian when missing (like Dovecot)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from responder.dev.devmail import apt_install


def ensure_chromium() -> str:
    """Path of the chromium binary, installing Debian's chromium when missing (as root)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    apt_install("chromium", "Chromium")
    return shutil.which("chromium") or "/usr/bin/chromium"


def screenshot(page: Path, png: Path, profile: Path) -> None:
    """Render `page` headless at 1200x1600 into `png`."""
    subprocess.run([ensure_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", f"--user-data-dir={profile}", f"--screenshot={png}",
                    "--window-size=1200,1600", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
