"""The browser checks of skew serve's pages, one function per page (see skew_browser.py). Each
returns what the page showed; the Swift test (BrowserTests) compares it with the CLI and oathtool."""
import time

from skew_browser import CheckFailed


def _window_rows(browser):
    return [{"counter": int(row.get_attribute("data-counter")),
             "code": row.find_elements("css selector", "td")[5].text,
             "direction": row.find_elements("css selector", "td")[6].text,
             "current": "current" in (row.get_attribute("class") or "")}
            for row in browser.find_all("#window-table tbody tr")]


def _enter_seed(browser, given):
    browser.open("/window")
    browser.type("#seed", given["seed"])
    if given.get("encoding"):
        browser.select("#encoding", given["encoding"])
    if given.get("algorithm"):
        browser.select("#algorithm", given["algorithm"])
    if given.get("digits"):
        browser.select("#digits", str(given["digits"]))
    if given.get("period"):
        browser.type("#period", str(given["period"]))
    browser.type("#steps", str(given.get("steps", 3)))


def window(browser, given):
    """Pasted seed → the table, the countdown moving, the seed panel, the QR code and Entra's line."""
    _enter_seed(browser, given)
    # The browser's own account of loading the page with every asset (Navigation Timing), for the record.
    load_ms = browser.driver.execute_script(
        "const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime;")
    expected_rows = 2 * given.get("steps", 3) + 1
    browser.wait_until("the code table", lambda: len(_window_rows(browser)) == expected_rows and _window_rows(browser))
    rows = _window_rows(browser)
    read_at = time.time()
    first = float(browser.text("#remaining"))
    time.sleep(1.0)
    rows_after = _window_rows(browser)
    second = float(browser.text("#remaining"))
    seen = {
        "rows": rows if rows[0]["counter"] == rows_after[0]["counter"] else rows_after,
        "read_at": read_at,
        "load_ms": load_ms,
        "current_code": browser.text("#current-code"),
        "parameters": browser.text("#parameters"),
        "countdown": [first, second],
        "seed_hex": browser.text("#seed-hex"),
        "counter": browser.text("#counter"),
        "marked": [mark.text for mark in browser.find_all("#hmac-table mark")],
    }
    browser.type("#issuer", given.get("issuer", "Example"))
    browser.type("#account", given.get("account", "alice@example.com"))
    browser.find("#make-qr").click()
    browser.wait_for("#qr-image", visible=True)
    seen["qr_uri"] = browser.text("#qr-uri")
    seen["qr_loaded"] = browser.driver.execute_script("return document.getElementById('qr-image').naturalWidth") > 0
    browser.screenshot("window")
    if given.get("entra_digits"):  # Entra takes six-digit codes only
        browser.select("#digits", str(given["entra_digits"]))
    browser.type("#serial", "GALT11234567")
    browser.find("#make-entra").click()
    browser.wait_for("#entra-json")
    seen["entra_json"] = browser.text("#entra-json")
    csv = browser.find_all("#entra-csv")
    seen["entra_csv"] = csv[0].text if csv else None
    browser.screenshot("window-entra")
    return seen


def window_live(browser, given):
    """A short period: the table moves to the next step by itself, pushed over the socket."""
    _enter_seed(browser, given)
    first = int(browser.wait_until("the first table", lambda: browser.text("#current-counter").isdigit() and browser.text("#current-counter")))
    later = int(browser.wait_until("the next step", lambda: (text := browser.text("#current-counter")).isdigit()
                                   and int(text) > first and text, timeout=3 * given["period"] + 2))
    return {"counters": [first, later], "rows": _window_rows(browser)}


def window_qr_upload(browser, given):
    """An uploaded QR picture fills the seed field with the key's complete URI."""
    browser.open("/window")
    browser.find("#qr-file").send_keys(given["picture"])
    browser.wait_until("the seed from the picture", lambda: browser.find("#seed").get_attribute("value").startswith("otpauth://"))
    browser.wait_until("the code table", lambda: len(_window_rows(browser)) > 0)
    return {"seed": browser.find("#seed").get_attribute("value"), "parameters": browser.text("#parameters")}


def diagnose(browser, given):
    """Each case: a seed, a code and when it was seen → the verdict and the first explanation."""
    results = []
    for case in given["cases"]:
        browser.open("/diagnose")
        browser.type("#seed", case["seed"])
        browser.type("#code-1", case["code"])
        browser.type("#at-1", case["at"])
        browser.find("#run").click()
        browser.wait_for("#result", visible=True, timeout=30)
        explanations = browser.find_all("#explanations .explanation strong")
        results.append({"verdict": browser.text("#verdict"), "first": explanations[0].text if explanations else None,
                        "seen": browser.text("#seen"), "advice": browser.text("#advice")})
        browser.screenshot(f"diagnose-{case['name']}")
    return {"cases": results}


def window_bad_seed(browser, given):
    """A seed that does not decode: the page says which input, what is wrong and the fix; no table."""
    browser.open("/window")
    browser.type("#seed", given["seed"])
    message = browser.wait_until("the error", lambda: browser.text("#error"))
    return {"error": message, "table_shown": browser.find("#live").is_displayed()}
