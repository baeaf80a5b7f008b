#!/usr/bin/python3
"""The whole life of a connection in the web console, in headless Chromium, against the real
`connector-host serve` and the real sandbox (both started here on free ports): create an OAuth
client through +, create a connection, see a field error for a bad value next to its field, save,
find the secret input empty on edit and no secret in the page source, authorize through the
sandbox's authorize page, see the shops with IDs and ciphers, test the connection (granted vs
needed scopes, the missing one named), run a delta export and see its records counted, open the
run history, run an import and see its failed records, open the HTTP settings and the webhooks
page (each shop's subscriptions at the sandbox, the inbox, the alerts). A screenshot per step
goes to ARTIFACT_DIR; the browser console must hold no CSP violation; no secret may reach the
pages, serve's output or its state files in clear.

usage: console_walkthrough_test.py BUILD_DIR SOURCE_DIR ARTIFACT_DIR
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request

from browser_harness import Browser, Process, fail, free_port, run

APP_KEY = "sandbox_app_key"
APP_SECRET = "sandbox_app_secret"
SERVICE_ID = "7000000000000000001"
HOOK_ADDRESS = "https://hooks.example/in"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")


def main():
    build_dir, source_dir, artifacts = sys.argv[1], sys.argv[2], sys.argv[3]
    work = tempfile.mkdtemp(prefix="console-walkthrough-")
    flow_dir = os.path.join(work, "flows")
    state_dir = os.path.join(work, "state")
    os.makedirs(flow_dir)
    serve_port = free_port()
    sandbox_port = free_port()
    sandbox_origin = f"http://127.0.0.1:{sandbox_port}"
    env = dict(os.environ, SANDBOX_APP_SECRET=APP_SECRET)
    env.pop("CONNECTOR_HOST_MASTER_KEY", None)

    processes = []
    browser = None
    try:
        processes.append(Process(
            "tiktok-shop-sandbox",
            [os.path.join(build_dir, "bin", "tiktok-shop-sandbox"), "--port", str(sandbox_port),
             "--redirect-url", f"http://127.0.0.1:{serve_port}/connection/oauth2callback"],
            os.path.join(work, "sandbox.out"), os.path.join(work, "sandbox.err"), env=env))
        serve_env = dict(env)
        serve_env.pop("SANDBOX_APP_SECRET")  # the console gets the secret from the person only
        serve = Process(
            "connector-host serve",
            [os.path.join(build_dir, "bin", "connector-host"), "--state", state_dir, "serve",
             "--address", f"127.0.0.1:{serve_port}", "--flow-dir", flow_dir],
            os.path.join(work, "serve.out"), os.path.join(work, "serve.err"), env=serve_env)
        processes.append(serve)
        expected = rf"http://127\.0\.0\.1:{serve_port}/\?access=[0-9a-f]{{64}}"
        if not re.fullmatch(expected, serve.url):
            fail(f"serve printed 'listening on {serve.url}', not the URL with its access token")
        check_headers(f"http://127.0.0.1:{serve_port}/")

        def subscribe(shop_id):
            # `connector-host webhooks set`, over the state serve uses, so that the webhooks
            # page has a subscription at the sandbox to list.
            subprocess.run(
                [os.path.join(build_dir, "bin", "connector-host"), "--state", state_dir,
                 "webhooks", "set", "--connection", "demo-shop", "--shop", shop_id,
                 "--event-type", "ORDER_STATUS_CHANGE", "--address", HOOK_ADDRESS],
                env=serve_env, check=True, capture_output=True, timeout=60)

        browser = Browser(artifacts)
        walk(browser, serve.url, sandbox_origin, flow_dir, source_dir, subscribe)
        check_no_secret_outside(work, processes)
    finally:
        if browser:
            browser.quit()
        for p in reversed(processes):
            p.stop()


def check_headers(url):
    with urllib.request.urlopen(url) as response:
        csp = response.headers.get("Content-Security-Policy")
        if csp != CSP:
            fail(f"GET / is served with Content-Security-Policy {csp!r}, not {CSP!r}")


def walk(browser, console_url, sandbox_origin, flow_dir, source_dir, subscribe):
    from selenium.webdriver.common.by import By
    d = browser.driver

    def h1():
        """The page's heading once the page has loaded (pages show it while loading too)."""
        if d.find_elements(By.CSS_SELECTOR, "main .loading"):
            return ""
        return d.find_element(By.TAG_NAME, "h1").text

    def css(selector):
        return d.find_elements(By.CSS_SELECTOR, selector)

    def outcome_text():
        return d.find_element(By.ID, "run-outcome").text

    def labelled(title, scope="main"):
        """The input a label (by the start of its text) in SCOPE is bound to."""
        for label in d.find_elements(By.CSS_SELECTOR, f"{scope} label"):
            if label.get_attribute("textContent").strip().startswith(title):
                return d.find_element(By.ID, label.get_attribute("for"))
        fail(f"no label '{title}' in {scope}")

    def choose(select, text):
        select.find_element(By.XPATH, f"option[normalize-space(.)='{text}']").click()

    def no_secret_in_page(where):
        if APP_SECRET in d.page_source:
            fail(f"the page source holds the app secret ({where})")

    # 1. The access URL opens the console and is exchanged for the session cookie.
    d.get(console_url)
    browser.wait("the Connections page",
                 lambda d: h1() == "Connections" and "access=" not in d.current_url)
    browser.step("connections-empty")

    # 2. Create connection; + opens the nested panel that creates the OAuth client.
    d.find_element(By.LINK_TEXT, "Create connection").click()
    browser.wait("the connection form", lambda d: css("form.connection"))
    d.find_element(By.CSS_SELECTOR, "button[aria-label='New OAuth 2.0 client']").click()
    browser.wait("the OAuth client panel", lambda d: css("dialog[open]"))
    labelled("Name", "dialog").send_keys("demo-app")
    choose(labelled("Service region", "dialog"), "non_us")
    labelled("Client ID", "dialog").send_keys(APP_KEY)
    labelled("Client secret", "dialog").send_keys(APP_SECRET)
    labelled("Service ID", "dialog").send_keys(SERVICE_ID)
    browser.step("oauth-client-panel")
    d.find_element(By.XPATH, "//dialog//button[.='Create OAuth 2.0 client']").click()
    browser.wait("the new client selected",
                 lambda d: not d.find_elements(By.CSS_SELECTOR, "dialog[open]")
                 and labelled("OAuth 2.0 client").get_attribute("value") == "demo-app")
    browser.step("oauth-client-created")

    # 3. The connection, with a bad API host first: the error sits next to that field.
    labelled("Name").send_keys("demo-shop")
    labelled("App key").send_keys(APP_KEY)
    labelled("App secret").send_keys(APP_SECRET)
    labelled("HTTP").click()
    browser.wait("the HTTP view", lambda d: labelled("API host").is_displayed())
    labelled("API host").send_keys(sandbox_origin + "/not/an/origin")
    labelled("Auth host").send_keys(sandbox_origin)
    labelled("Authorize page").send_keys(sandbox_origin + "/open/authorize")
    labelled("Local sandbox").click()
    d.find_element(By.XPATH, "//form//button[.='Create connection']").click()
    api_host = d.find_element(By.CSS_SELECTOR, "[data-pointer='/settings/api_base_url']")
    browser.wait("a field error next to API host",
                 lambda d: api_host.find_element(By.CSS_SELECTOR, ".field-error").is_displayed())
    if labelled("API host").get_attribute("aria-invalid") != "true":
        fail("the API host input is not marked aria-invalid")
    browser.step("field-error")
    no_secret_in_page("after the refused save")

    # 4. Fixed, saved. The secret inputs were write-only: they are empty again on edit.
    labelled("API host").clear()
    labelled("API host").send_keys(sandbox_origin)
    labelled("App secret").clear()
    labelled("App secret").send_keys(APP_SECRET)
    d.find_element(By.XPATH, "//form//button[.='Create connection']").click()
    browser.wait("the connection's page", lambda d: h1().startswith("demo-shop"))
    browser.step("connection-saved")
    no_secret_in_page("the connection's page")
    d.find_element(By.LINK_TEXT, "Edit").click()
    browser.wait("the edit form", lambda d: h1() == "Edit connection demo-shop")
    secret = labelled("App secret")
    if secret.get_attribute("value") != "" or secret.get_attribute("type") != "password":
        fail("the App secret input is not an empty password input on edit")
    if "Stored encrypted when you save; never displayed." not in css("form")[0].text:
        fail("the secret input does not promise how it is stored")
    if labelled("App key").get_attribute("value") != APP_KEY:
        fail("the edit form does not show the stored App key")
    no_secret_in_page("the edit form")
    css("button[aria-label='Edit the selected OAuth 2.0 client']")[0].click()
    browser.wait("the OAuth client panel (edit)", lambda d: css("dialog[open]"))
    if labelled("Client secret", "dialog").get_attribute("value") != "":
        fail("the Client secret input is filled on edit")
    if labelled("Client ID", "dialog").get_attribute("value") != APP_KEY:
        fail("the OAuth client panel does not show the stored Client ID")
    browser.step("edit-secrets-empty")
    no_secret_in_page("the OAuth client panel")
    d.find_element(By.XPATH, "//dialog//button[.='Cancel']").click()
    d.find_element(By.LINK_TEXT, "Cancel").click()
    browser.wait("the connection's page", lambda d: h1().startswith("demo-shop"))

    # 5. Authorize: the redirect URI to register, then the sandbox's authorize page and back.
    redirect = d.find_element(By.ID, "redirect-uri").text
    if not redirect.endswith("/connection/oauth2callback"):
        fail(f"the redirect URI shown is {redirect!r}")
    d.find_element(By.XPATH, "//button[.='Authorize']").click()
    browser.wait("the return from the authorize page",
                 lambda d: "authorized=1" in d.current_url and h1().startswith("demo-shop"),
                 timeout=30)
    shops = browser.wait("the shops table", lambda d: shop_rows(d))
    browser.step("authorized-shops")
    for shop_id, name, region, cipher in shops:
        if not re.fullmatch(r"[0-9]+", shop_id) or not cipher or not name or not region:
            fail("a shop row lacks its ID, name, region or cipher: "
                 f"{(shop_id, name, region, cipher)}")
    if "authorized" not in d.find_element(By.CSS_SELECTOR, "h1 .state").text:
        fail("the connection's state does not say authorized")

    # 6. Test connection: the shops the token covers.
    d.find_element(By.XPATH, "//button[.='Test connection']").click()
    browser.wait("the test result", lambda d: "The token works" in css(".test-result")[0].text)
    tested = {row[0] for row in shop_rows(d, ".test-result")}
    if tested != {row[0] for row in shops}:
        fail(f"Test connection lists shops {tested}, authorize stored {[r[0] for r in shops]}")
    browser.step("connection-tested")
    # Granted vs needed: no flow names the connection yet, so the connector's calls count; the
    # sandbox's grant lacks the shop information scope.
    scopes = css(".test-result section.scopes")[0]
    if "Missing scopes: seller.shop.info" not in scopes.text:
        fail(f"the test result does not name the missing scope: {scopes.text!r}")
    granted = [row.text for row in scopes.find_elements(By.CSS_SELECTOR, "tbody tr")
               if row.text.startswith("seller.order.info")]
    if not granted or " granted " not in f" {granted[0]} ":
        fail(f"seller.order.info is not shown as needed and granted: {scopes.text!r}")
    browser.step("connection-scopes")

    # The effective HTTP settings, read-only: the hosts the connection opens with, no secret.
    css("section[aria-labelledby='http-heading'] summary")[0].click()
    http = css("section[aria-labelledby='http-heading'] details")[0]
    browser.wait("the HTTP settings", lambda d: sandbox_origin in http.text)
    browser.step("http-settings")
    no_secret_in_page("the HTTP settings")

    # 7. A delta export of the first shop's orders, watched live, its records counted.
    with open(os.path.join(source_dir, "manifests", "flows", "orders-delta.json")) as f:
        flow = f.read().replace("${SHOP}", shops[0][0])
    with open(os.path.join(flow_dir, "orders-delta.json"), "w") as f:
        f.write(flow)
    flow_name = json.loads(flow)["name"]
    run_button = f"button[aria-label='Run {flow_name}']"
    d.find_element(By.LINK_TEXT, "Flows").click()
    browser.wait(f"the flow {flow_name}", lambda d: css(run_button))
    choose(labelled(f"Mode for {flow_name}"), "delta")
    browser.step("flows")
    css(run_button)[0].click()
    browser.wait("the run's page", lambda d: "#/runs/" in d.current_url)
    browser.wait("the run to end", lambda d: "Outcome:" in outcome_text(), timeout=120)
    outcome = outcome_text()
    counts = d.find_element(By.ID, "run-counts").text
    browser.step("run-done")
    if outcome != "Outcome: succeeded":
        fail(f"the delta export ended with '{outcome}': {browser.text()}")
    records = re.search(r"records (\d+)", counts)
    if not records or int(records.group(1)) == 0:
        fail(f"the run's counts do not count its records: '{counts}'")
    downloaded = d.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(document.querySelector('a[download]').href)"
        ".then(r => r.text()).then(done, e => done('ERR ' + e));")
    lines = [line for line in downloaded.splitlines() if line.strip()]
    if len(lines) != int(records.group(1)) or any(not json.loads(line).get("id") for line in lines):
        fail(f"the downloaded output has {len(lines)} records, the run counted {records.group(1)}")
    run_url = d.current_url

    # 8. The run history lists the run; it opens from there.
    d.find_element(By.LINK_TEXT, "Flows").click()
    run_id = run_url.rsplit("/", 1)[1]
    link = browser.wait("the run in the history", lambda d: d.find_element(By.LINK_TEXT, run_id))
    browser.step("run-history")
    link.click()
    browser.wait("the run's page from the history",
                 lambda d: outcome_text() == "Outcome: succeeded")
    browser.step("run-opened")
    no_secret_in_page("the run's page")

    # 9. An import with a record the shop refuses and a line that is no record: the run's page
    #    lists both failures with their key, code and message.
    with open(os.path.join(flow_dir, "inventory.jsonl"), "w") as f:
        f.write('{"product_id":"1999999999","skus":[{"id":"1","inventory":'
                '[{"warehouse_id":"1","quantity":3}]}]}\nnot json\n')
    with open(os.path.join(flow_dir, "inventory.json"), "w") as f:
        json.dump({"name": "demo-inventory", "connection": "demo-shop", "kind": "import",
                   "resource": "inventory", "endpoint": "products.inventory.update",
                   "shop": shops[0][0], "concurrency": 1, "input": "inventory.jsonl"}, f)
    d.find_element(By.LINK_TEXT, "Flows").click()
    import_button = "button[aria-label='Run demo-inventory']"
    browser.wait("the flow demo-inventory", lambda d: css(import_button))
    css(import_button)[0].click()
    browser.wait("the import's page", lambda d: "#/runs/" in d.current_url)
    browser.wait("the import to end", lambda d: "Outcome:" in outcome_text(), timeout=120)
    if outcome_text() != "Outcome: records_failed":
        fail(f"the import ended with '{outcome_text()}': {browser.text()}")
    failures = browser.wait(
        "the import's failures",
        lambda d: [[td.text for td in tr.find_elements(By.TAG_NAME, "td")] for tr in css(
            "section[aria-labelledby='failures-heading'] tbody tr")])
    if [row[0] for row in failures] != ["1", "2"] or failures[0][2] != "36009404" \
            or failures[1][2] != "INVALID_INPUT" or "does not exist" not in failures[0][3] \
            or not failures[0][1]:
        fail(f"the failures table does not list the two failed lines: {failures}")
    browser.step("import-failures")
    no_secret_in_page("the import's page")

    # 10. Webhooks: each shop's subscriptions at the sandbox (one subscribed), the inbox and
    #     the alerts.
    subscribe(shops[0][0])
    d.find_element(By.LINK_TEXT, "Webhooks").click()
    browser.wait("the Webhooks page", lambda d: h1() == "Webhooks" and css("main select"))
    choose(labelled("Connection"), "demo-shop")
    browser.wait("the webhooks of demo-shop",
                 lambda d: "deliveries waiting in the inbox" in browser.text()
                 and [e.text for e in css("main h2")][-2:] == ["Inbox", "Alerts"])
    if css("main .notice.error"):
        fail(f"the Webhooks page shows an error: {css('main .notice.error')[0].text}")
    browser.step("webhooks")
    listed = browser.wait(
        "each shop's subscriptions",
        lambda d: len(css("main .shop-subscriptions")) == len(shops)
        and not css("main .shop-subscriptions .loading") and css("main .shop-subscriptions"))
    first = [e for e in listed if e.get_attribute("data-shop") == shops[0][0]]
    if not first or "ORDER_STATUS_CHANGE" not in first[0].text or HOOK_ADDRESS not in first[0].text:
        fail(f"the webhooks page does not list shop {shops[0][0]}'s subscription: "
             f"{[e.text for e in listed]}")
    if css("main .notice.error"):
        fail(f"the Webhooks page shows an error: {css('main .notice.error')[0].text}")
    browser.step("webhook-subscriptions")
    browser.check_console()


def shop_rows(d, scope="main"):
    """(Shop ID, name, region, cipher) of each row of the first shops table in SCOPE."""
    from selenium.webdriver.common.by import By
    for table in d.find_elements(By.CSS_SELECTOR, f"{scope} table"):
        headings = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
        if headings[:1] == ["Shop ID"]:
            rows = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
                    for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
            return [tuple(r[:4]) for r in rows] or None
    return None


def check_no_secret_outside(work, processes):
    """serve's stdout, stderr and state hold the app secret nowhere in clear."""
    serve_files = [p.out_path for p in processes if p.name.startswith("connector-host")]
    serve_files += [p.err_path for p in processes if p.name.startswith("connector-host")]
    state = os.path.join(work, "state")
    for root, _, files in os.walk(state):
        serve_files += [os.path.join(root, f) for f in files]
    for path in serve_files:
        with open(path, "rb") as f:
            if APP_SECRET.encode() in f.read():
                fail(f"{path} holds the app secret in clear")


if __name__ == "__main__":
    run(main)
