"""Drives skew serve's pages in one headless Chromium (Debian's chromium and chromium-driver) for the
browser tests. Reusable: a page's checks are functions taking a Browser and the test's input, and
returning what they saw, which the Swift test compares with the CLI.

Usage: python skew_browser.py URL INPUT.json OUTPUT.json SCREENSHOT_DIR check [check ...]
where each check names a function in pages.py (or another module given as module:function).
"""
import importlib
import json
import os
import sys
import time
import traceback

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"


class CheckFailed(Exception):
    pass


class Browser:
    """One headless Chromium for every check of a run (starting one costs about a second)."""

    def __init__(self, url, screenshot_dir):
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1280,1400", "--no-first-run", "--disable-extensions",
                         "--disable-background-networking", "--disable-component-update"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        # Service with an explicit path: Selenium Manager never looks for or downloads a driver.
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.base = url.split("/?")[0]
        self.screenshot_dir = screenshot_dir
        self.screenshots = []
        # The printed address (with the token) once: the server trades it for its cookie.
        self.driver.get(url)

    def open(self, path):
        self.driver.get(self.base + path)
        self.wait_for("main")

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def wait_for(self, css, timeout=10, visible=False):
        """The element, once present (and displayed, if asked); a CheckFailed naming it otherwise."""
        def ready(driver):
            found = driver.find_elements(By.CSS_SELECTOR, css)
            return found[0] if found and (not visible or found[0].is_displayed()) else False
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.05).until(ready)
        except Exception:
            raise CheckFailed(f"{css} did not appear within {timeout} s on {self.driver.current_url}")

    def wait_until(self, what, condition, timeout=10):
        """Polls condition() until it returns something true; returns it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            time.sleep(0.05)
        raise CheckFailed(f"{what} did not happen within {timeout} s")

    def type(self, css, text):
        element = self.find(css)
        element.clear()
        element.send_keys(text)

    def select(self, css, value):
        from selenium.webdriver.support.ui import Select
        Select(self.find(css)).select_by_value(value)

    def text(self, css):
        return self.find(css).text

    def screenshot(self, name):
        os.makedirs(self.screenshot_dir, exist_ok=True)
        path = os.path.join(self.screenshot_dir, f"{name}.png")
        # The whole page: the window as tall as the document, from the top.
        height = self.driver.execute_script("window.scrollTo(0, 0); return document.documentElement.scrollHeight")
        self.driver.set_window_size(1280, max(900, min(height + 140, 4000)))
        self.driver.save_screenshot(path)
        self.screenshots.append(path)
        return path

    def console_errors(self):
        """Severe console messages (a CSP refusal, a script error)."""
        return [entry["message"] for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE"]

    def close(self):
        self.driver.quit()


def load_check(name):
    module_name, _, function = name.rpartition(":")
    module = importlib.import_module(module_name or "pages")
    return getattr(module, function)


def main(argv):
    url, input_path, output_path, screenshot_dir, *checks = argv[1:]
    with open(input_path) as handle:
        given = json.load(handle)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    results = {"checks": {}, "failures": {}}
    browser = Browser(url, screenshot_dir)
    try:
        for name in checks:
            started = time.monotonic()
            try:
                results["checks"][name] = load_check(name)(browser, given.get(name.rpartition(":")[2], {}))
            except Exception as error:
                results["failures"][name] = f"{error}\n{traceback.format_exc()}"
                try:
                    browser.screenshot(f"failed-{name.replace(':', '-')}")
                except Exception:
                    pass
            results["checks"].setdefault(name, {})
            results.setdefault("seconds", {})[name] = round(time.monotonic() - started, 2)
        results["console_errors"] = browser.console_errors()
    finally:
        results["screenshots"] = browser.screenshots
        browser.close()
    with open(output_path, "w") as handle:
        json.dump(results, handle, indent=1)
    return 1 if results["failures"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
