"""Run LibreOffice headless for tests: convert files, with formulas recalculated on load."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


# Both marks: the skip on a machine without LibreOffice, and the `libreoffice` marker by which
# conftest.py turns that skip into a failure under CI (where .ci/run installs LibreOffice).
def needs_libreoffice(test):
    return pytest.mark.libreoffice(
        pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")(test)
    )


_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
FONTS_CONF = Path(__file__).resolve().parents[1] / "fonts" / "fonts.conf"


def convert(source: Path, fmt: str, outdir: Path, profile_dir: Path) -> Path:
    """`soffice --convert-to fmt`; a private profile makes LibreOffice recalculate every formula on load."""
    user = profile_dir / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")
    env = dict(os.environ)
    if FONTS_CONF.exists():
        env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile_dir.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    out = outdir / (source.stem + "." + fmt.split(":")[0])
    assert out.exists(), f"LibreOffice produced no {out.name}"
    return out
