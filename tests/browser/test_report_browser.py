"""The HTML report in a real browser: Debian's headless Chromium driven by selenium.

Skipped, with the reason, where selenium, Chromium or ChromeDriver is missing (`.ci/run`
installs them; a user's machine may not have them).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker.pipeline import check_texts
from checker.report.html import render_html

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
from selenium.webdriver.common.by import By  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

SOURCE = "重庆市周五起施行反间谍条例。美国表示关切。当局称一切正常。"
TARGET = (
    'The revised anti -spy law took effect on Friday "><img src=x onerror="window.__xss=1">.'
    " The United States <script>window.__xss=2</script> expressed concern ."
    " Officials said all was well."
)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip("no Chromium/ChromeDriver on this machine (apt-get install chromium "
                    "chromium-driver)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--window-size=1280,1600"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def page(browser: object, tmp_path_factory: pytest.TempPathFactory) -> object:
    report = check_texts(SOURCE, TARGET, src_lang="zh", tgt_lang="en")
    path: Path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(render_html(report), encoding="utf-8")
    browser.get(path.as_uri())  # type: ignore[attr-defined]
    return browser


def test_no_injected_script_runs(page: object) -> None:
    assert page.execute_script("return window.__xss === undefined")  # type: ignore[attr-defined]
    cells = page.find_elements(By.CSS_SELECTOR, "td[lang=en]")  # type: ignore[attr-defined]
    text = " ".join(c.text for c in cells)
    assert "<script>window.__xss=2</script>" in text
    assert 'onerror="window.__xss=1">' in text
    assert not page.find_elements(By.CSS_SELECTOR, "td img")  # type: ignore[attr-defined]


def test_highlights_sit_on_the_right_words(page: object) -> None:
    marks = page.find_elements(By.CSS_SELECTOR, "mark.f")  # type: ignore[attr-defined]
    by_rule = {m.get_attribute("data-rule"): m.text for m in marks}
    assert by_rule["spaced-hyphen"] == "anti -spy"
    assert by_rule["spacing"] == " ." or by_rule["spacing"].strip() == "."


def test_rule_filter_hides_its_findings(page: object) -> None:
    box = page.find_element(  # type: ignore[attr-defined]
        By.CSS_SELECTOR, 'input[data-filter="rule"][value="spaced-hyphen"]')
    mark = page.find_element(By.CSS_SELECTOR, 'mark.f[data-rule="spaced-hyphen"]')  # type: ignore[attr-defined]
    row = mark.find_element(By.XPATH, "./ancestor::tr")
    assert row.is_displayed()
    box.click()
    assert "off" in mark.get_attribute("class")
    only_hyphen = all(li.get_attribute("data-rule") == "spaced-hyphen"
                      for li in row.find_elements(By.CSS_SELECTOR, "ul.findings li"))
    assert row.is_displayed() != only_hyphen
    box.click()
    assert "off" not in mark.get_attribute("class")
    assert row.is_displayed()


def test_sort_by_quality_puts_the_worst_first(page: object) -> None:
    page.find_element(By.ID, "sort-quality").click()  # type: ignore[attr-defined]
    rows = page.find_elements(By.CSS_SELECTOR, "#seg-rows tr")  # type: ignore[attr-defined]
    qualities = [float(r.get_attribute("data-quality")) for r in rows]
    assert qualities == sorted(qualities) and qualities[0] < 100
    page.find_element(By.ID, "sort-doc").click()  # type: ignore[attr-defined]
    rows = page.find_elements(By.CSS_SELECTOR, "#seg-rows tr")  # type: ignore[attr-defined]
    assert [int(r.get_attribute("data-index")) for r in rows] == list(range(len(rows)))
