"""Headless Chromium for the HTML tests (Debian's chromium, installed by .ci/system-packages).

Chromium sees only the shipped BIZ UDゴシック, through the private fontconfig
of clients.font_environment, so screenshots need no system Japanese font.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from clients import font_environment

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "chromium is missing: run .ci/system-packages (make test does)"
    return path


def run(tmp: Path, *arguments: str, width: int = 1280, height: int = 900) -> subprocess.CompletedProcess:
    profile = tmp / "profile"
    return subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
                           *arguments], capture_output=True, text=True, env=font_environment(tmp), timeout=120)
