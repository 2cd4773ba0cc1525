"""The clients we did not write, as the tests drive them: LibreOffice and Chromium.

Both find fonts through fontconfig. Each run gets a private fontconfig file that
knows only the fonts shipped in fonts/ (BIZ UDゴシック), not the machine's: a page
printed here looks the same on any machine, with or without Japanese system fonts,
and a font the tests did not ship can never stand in for ours unnoticed.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from conftest import ROOT

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

# LibreOffice trusts the values cached in an .xlsx written by "Microsoft Excel
# compatible" software; the tests make it recalculate every formula instead.
RECALCULATE_ON_LOAD = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def font_environment(tmp: Path) -> dict[str, str]:
    """The process environment with a private fontconfig of the shipped fonts only."""
    tmp.mkdir(parents=True, exist_ok=True)
    conf = tmp / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>{ROOT / "fonts"}</dir>
  <cachedir>{tmp / "fontcache"}</cachedir>
  <alias><family>sans-serif</family><prefer><family>BIZ UDGothic</family></prefer></alias>
  <alias><family>serif</family><prefer><family>BIZ UDGothic</family></prefer></alias>
  <alias><family>monospace</family><prefer><family>BIZ UDGothic</family></prefer></alias>
</fontconfig>
""", encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(tmp)}


def soffice(source: Path, target: str, outdir: Path, infilter: str | None = None) -> Path:
    """Convert with LibreOffice headless, in a private profile (parallel runs do
    not clash) that recalculates formulas on load; returns the converted file.
    `infilter`: how to open the source (a CSV's separator, encoding, …)."""
    assert SOFFICE, "LibreOffice (soffice) is missing: run .ci/system-packages (make test does)"
    work = outdir / f"lo-{source.stem}"
    profile = work / "profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALCULATE_ON_LOAD, encoding="utf-8")
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    *([f"--infilter={infilter}"] if infilter else []),
                    "--convert-to", target, "--outdir", str(outdir), str(source)],
                   check=True, capture_output=True, timeout=240, env=font_environment(work))
    return outdir / f"{source.stem}.{target.split(':')[0]}"
