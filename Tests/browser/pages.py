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


def _token_seen(browser):
    now = browser.find("#offset-now")
    return {"reader": browser.text("#token-reader"), "family": browser.text("#token-family"),
            "serial": browser.text("#token-serial"), "model": browser.text("#token-model"),
            "info_offset": browser.text("#token-info-offset"),
            "offset_seconds": float(now.get_attribute("data-offset-seconds")),
            "uncertainty_seconds": float(now.get_attribute("data-uncertainty-seconds")),
            "measurements": int(now.get_attribute("data-count"))}


def _read(path):
    """The emulator's state file, or None before the emulator first wrote it."""
    try:
        with open(path) as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def token(browser, given):
    """The token page open while a virtual token is put on the reader (skew emulate starts): it
    appears, its offset is measured live; `skew token info` runs against the same token; a sync
    preview shows the dry run and writes nothing; with given["confirm"], the confirmed sync."""
    import subprocess
    browser.open("/token")
    browser.wait_until("the reader list", lambda: browser.find_all("#readers-table tbody tr"))
    seen = {"token_shown_before": browser.find("#token").is_displayed(),
            "cards_before": [row.get_attribute("data-card") for row in browser.find_all("#readers-table tbody tr")]}
    emulator = subprocess.Popen([given["skew"], "emulate", "--port", "35963", "--state", given["state"]] + given["emulate"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        browser.wait_for("#token", visible=True, timeout=15)
        browser.wait_until("two live measurements", lambda: int(browser.find("#offset-now").get_attribute("data-count") or 0) >= 2, timeout=20)
        seen["page"] = _token_seen(browser)
        seen["cards_with_token"] = [row.get_attribute("data-card") for row in browser.find_all("#readers-table tbody tr")]
        seen["cli_info"] = subprocess.run([given["skew"], "token", "info", "-r", "Virtual PCD 00 00", "-f", "json"],
                                          capture_output=True, text=True, timeout=30).stdout
        browser.wait_until("the history panel", lambda: browser.text("#history-summary"))
        seen["history_summary"] = browser.text("#history-summary")
        browser.find("#audit-run").click()
        browser.wait_for("#audit-table", visible=True, timeout=15)
        seen["audit"] = [f'{row.get_attribute("data-id")}={row.get_attribute("data-status")}'
                         for row in browser.find_all("#audit-table tbody tr")]
        name = given.get("screenshot", "token")
        browser.screenshot(name)
        seen["state_before_preview"] = _read(given["state"])
        browser.find("#sync-preview").click()
        browser.wait_for("#sync-plan", visible=True, timeout=15)
        seen["dry_run"] = browser.text("#sync-dry-run")
        seen["sync_summary"] = browser.text("#sync-summary")
        seen["key_field_shown"] = browser.find("#sync-key").is_displayed()
        browser.screenshot(f"{name}-preview")
        time.sleep(1.5)  # a write, had the preview sent one, would be in the state file by now
        seen["state_after_preview"] = _read(given["state"])
        if given.get("confirm"):
            browser.find("#sync-confirm").click()
            browser.wait_for("#sync-outcome", timeout=20)
            seen["outcome"] = browser.text("#sync-outcome")
            seen["state_after_confirm"] = _read(given["state"])
            browser.screenshot(f"{name}-written")
    finally:
        emulator.terminate()
        emulator.wait()
    browser.wait_until("the token to leave the page", lambda: not browser.find("#token").is_displayed(), timeout=15)
    seen["token_shown_after"] = browser.find("#token").is_displayed()
    return seen


def token_sync(browser, given):
    """The token page's sync, previewed and then confirmed."""
    return token(browser, dict(given, confirm=True, screenshot="token-sync"))


def probe(browser, given):
    """The probe page against an HTTP verifier: attempts appear as they happen, then the result."""
    browser.open("/probe")
    browser.type("#seed", given["seed"])
    browser.type("#url", given["url"])
    browser.type("#body", given["body"])
    browser.type("#accept", given["accept"])
    for field in ("period", "guard", "max-failures"):
        if given.get(field):
            browser.type(f"#{field}", str(given[field]))
    browser.find("#run").click()
    browser.wait_for("#progress", visible=True, timeout=15)
    first_rows = browser.wait_until("the first attempt", lambda: len(browser.find_all("#attempts-table tbody tr")), timeout=30)
    result_shown_with_first = browser.find("#result").is_displayed()
    browser.wait_for("#result", visible=True, timeout=150)
    rows = browser.find_all("#attempts-table tbody tr")
    seen = {"first_rows": first_rows, "result_shown_with_first_attempt": result_shown_with_first,
            "attempts": [{"offset": int(row.get_attribute("data-offset")), "outcome": row.get_attribute("data-outcome"),
                          "purpose": row.find_elements("css selector", "td")[1].text} for row in rows],
            "events": [item.get_attribute("data-event") for item in browser.find_all("#events li")],
            "wait_bands": len(browser.find_all("#probe-plot rect.plot-wait")),
            "dots": len(browser.find_all("#probe-plot circle")),
            "window": browser.text("#probe-window"),
            "confidence": browser.find("#probe-confidence").get_attribute("data-confidence"),
            "report": browser.text("#probe-report")}
    browser.screenshot("probe")
    return seen


def fleet(browser, given):
    """The fleet page for the test's history: the table, the histogram and one plot per fitted token."""
    browser.open("/fleet")
    browser.wait_for("#fleet", visible=True, timeout=15)
    rows = [{"token": row.get_attribute("data-token"), "status": row.get_attribute("data-status"),
             "ppm": row.find_elements("css selector", "td")[4].text}
            for row in browser.find_all("#fleet-table tbody tr")]
    images = browser.find_all("#fleet-plots img") + [browser.find("#fleet-histogram")]
    browser.wait_until("the plots to load", lambda: all(browser.driver.execute_script("return arguments[0].naturalWidth", image) > 0
                                                        for image in images))
    seen = {"rows": rows, "plots": [figure.get_attribute("data-token") for figure in browser.find_all("#fleet-plots figure")],
            "histogram_shown": browser.find("#fleet-histogram").is_displayed(), "summary": browser.text("#fleet-summary")}
    browser.screenshot("fleet")
    return seen


def provision(browser, given):
    """A batch on the provisioning page: each virtual token of given["tokens"] is put on the reader
    (skew emulate with its own serial and state file) when the page asks for the next, and taken
    off when the page says so; then the page's rows, tally and summary."""
    import subprocess
    browser.open("/provision")
    browser.wait_until("the reader list", lambda: browser.find_all("#reader option"))
    browser.select("#reader", given["reader"])
    browser.type("#journal", given["journal"])
    browser.type("#count", str(len(given["tokens"])))
    browser.type("#exports", "\n".join(given["exports"]))
    browser.find("#start").click()
    state = lambda: browser.find("#run").get_attribute("data-state")
    seen = {"prompts": []}
    for index, token in enumerate(given["tokens"]):
        browser.wait_until(f"the page to ask for token {index + 1}", lambda: state() == "place", timeout=20)
        seen["prompts"].append(browser.text("#prompt"))
        emulator = subprocess.Popen([given["skew"], "emulate", "--port", str(given["port"]), "--serial", token["serial"],
                                     "--state", token["state"], "--offset", str(token["offset"])],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            browser.wait_until(f"the row of {token['serial']}",
                               lambda: browser.find_all(f'#tokens-table tbody tr[data-serial="{token["serial"]}"]'), timeout=30)
            last = index == len(given["tokens"]) - 1
            browser.wait_until("the next step", lambda: state() == ("done" if last else "remove"), timeout=20)
            seen["prompts"].append(browser.text("#prompt"))
        finally:
            emulator.terminate()
            emulator.wait()
    tally = browser.find("#tally")
    seen["rows"] = [{"serial": row.get_attribute("data-serial"), "result": row.get_attribute("data-result"),
                     "fingerprint": row.find_elements("css selector", "td")[5].text}
                    for row in browser.find_all("#tokens-table tbody tr")]
    seen["tally"] = {name: int(tally.get_attribute(f"data-{name}")) for name in ("done", "failed", "remaining")}
    seen["summary"] = browser.text("#summary")
    seen["error"] = browser.text("#error")
    browser.screenshot("provision")
    return seen
