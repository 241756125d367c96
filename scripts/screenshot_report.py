"""Render the HTML report of a bundled corpus and photograph it in headless Chromium.

Usage: ``python scripts/screenshot_report.py [--out docs/report.png]`` (needs selenium and
Debian's chromium + chromium-driver, and a CJK font such as fonts-wqy-microhei). The picture
in README.md is made this way.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

from checker.pipeline import check_files
from checker.report.html import render_html

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--doc", default="metro", help="bundled corpus document (corpora/NAME)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "report.png")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1500)
    args = parser.parse_args()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.chdir(ROOT)  # relative names in the report, not this machine's paths
    corpora = Path("corpora")
    report = check_files(corpora / f"{args.doc}.zh", corpora / f"{args.doc}.mt.en",
                         reference_path=corpora / f"{args.doc}.en")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                 "--disable-background-networking", "--disable-component-update",
                 f"--window-size={args.width},{args.height}"):
        options.add_argument(flag)
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(service=service, options=options)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            page = Path(tmp) / "report.html"
            page.write_text(render_html(report), encoding="utf-8")
            driver.get(page.as_uri())
            args.out.parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(args.out))
    finally:
        driver.quit()
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
