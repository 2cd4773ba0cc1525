"""Headless Chromium for the HTML tests (Debian's chromium, installed by .ci/system-packages).

Chromium finds the shipped BIZ UDゴシック through a fontconfig file that adds
fonts/, so screenshots need no system Japanese font.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from conftest import ROOT

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "chromium is missing: run .ci/system-packages (make test does)"
    return path


def environment(tmp: Path) -> dict:
    import os
    conf = tmp / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>
<dir>{ROOT / "fonts"}</dir><cachedir>{tmp / "fontcache"}</cachedir></fontconfig>""", encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(tmp)}


def run(tmp: Path, *arguments: str, width: int = 1280, height: int = 900) -> subprocess.CompletedProcess:
    profile = tmp / "profile"
    return subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
                           *arguments], capture_output=True, text=True, env=environment(tmp), timeout=120)
