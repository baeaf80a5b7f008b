#!/usr/bin/python3
"""The console's pages in Chromium against a stub API (no connector-host): a made-up second
connector's schema renders as a form with no console change (labels bound to inputs, enums as
selects, required marks, help, write-only secrets with their promise), a 422's pointers land next
to their fields, the CSRF header goes with every save, and the CSP the console is served with
raises no violation. A page with inline script shows the CSP check can fail.

usage: schema_form_test.py WEB_DIR ARTIFACT_DIR
"""
import http.server
import json
import os
import sys
import threading

from browser_harness import Browser, TestFailure, fail, run

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
CSRF = "stub-csrf-token"
SECRET = "acme-secret-value-never-shown"

# A connector the console has never heard of.
ACME = {
    "id": "acme-crm", "name": "Acme CRM", "version": "2.1.0",
    "redirect_path": "/connection/oauth2callback",
    "help": {"connection": {"/secrets/api_token": "Acme > Settings > API > Tokens > New token."},
             "oauth_client": {"/client_id": "Acme > Apps > your app > ID."}},
    "connection_schema": {
        "type": "object", "required": ["name", "oauth_client", "tenant", "api_token"],
        "properties": {
            "name": {"type": "string", "title": "Name"},
            "oauth_client": {"type": "object", "title": "Acme app", "properties": {
                "client_id": {"type": "string", "title": "App ID"},
                "client_secret": {"type": "string", "title": "App password", "x-secret": True}},
                "required": ["client_id", "client_secret"]},
            "tenant": {"type": "string", "title": "Tenant", "description": "Your Acme tenant."},
            "api_token": {"type": "string", "title": "API token", "x-secret": True},
            "datacenter": {"type": "string", "title": "Data centre", "enum": ["eu", "us"]},
            "base_url": {"type": "string", "format": "uri", "title": "Base URL",
                         "description": "An https:// origin."},
            "verify_tls": {"type": "boolean", "title": "Verify TLS", "default": True},
        },
    },
}


class Stub(http.server.BaseHTTPRequestHandler):
    web_dir = None
    saves = []

    def log_message(self, *args):
        pass

    def send(self, status, body, content_type="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        routes = {
            "/api/v1/session": {"csrf_token": CSRF},
            "/api/v1/connectors": [ACME],
            "/api/v1/oauth-clients": [{"name": "acme-app", "connector": "acme-crm",
                                       "fields": {"client_id": "app-1"},
                                       "secret_fields_set": ["client_secret"]}],
            "/api/v1/connections": [],
        }
        if self.path in routes:
            return self.send(200, routes[self.path])
        if self.path == "/inline-probe.html":
            probe = b"<!doctype html><script>document.title='ran'</script>"
            return self.send(200, probe, "text/html")
        name = "index.html" if self.path in ("/", "/index.html") else self.path.lstrip("/")
        file = os.path.join(self.web_dir, name)
        if "/" in name or not os.path.isfile(file):
            return self.send(404, {"error": {"message": "not found"}})
        types = {".html": "text/html", ".css": "text/css", ".js": "text/javascript"}
        with open(file, "rb") as f:
            self.send(200, f.read(), types[os.path.splitext(name)[1]])

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.headers.get("X-CSRF-Token") != CSRF:
            return self.send(403, {"error": {"message": "missing X-CSRF-Token"}})
        Stub.saves.append(body)
        if self.path == "/api/v1/connections":
            if not body.get("settings", {}).get("base_url", "").startswith("https://"):
                problem = {"pointer": "/settings/base_url", "message": "must be an https:// origin"}
                return self.send(422, {"error": {"message": "The connection has problems.",
                                                 "fields": [problem]}})
            return self.send(201, body)
        self.send(404, {"error": {"message": "not found"}})


def main():
    web_dir, artifacts = sys.argv[1], sys.argv[2]
    Stub.web_dir = web_dir
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    browser = Browser(artifacts)  # first: it fails naming scripts/install-deps without selenium
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser.driver
    try:
        d.get(origin + "/#/connections/new")
        browser.wait("the form", lambda d: d.find_elements(By.CSS_SELECTOR, "form.connection"))
        browser.step("acme-form-simple")
        labels = {l.get_attribute("textContent").replace(" (required)", ""): l.get_attribute("for")
                  for l in d.find_elements(By.CSS_SELECTOR, "form.connection label")}
        for title in ("Name", "Acme app", "Tenant", "API token", "Data centre", "Base URL",
                      "Verify TLS", "Simple", "HTTP"):
            if title not in labels:
                fail(f"no label '{title}' in the form; labels: {sorted(labels)}")
            if not d.find_elements(By.ID, labels[title]):
                fail(f"label '{title}' is bound to no element (for={labels[title]})")
        field = lambda title: d.find_element(By.ID, labels[title])
        if field("API token").get_attribute("type") != "password":
            fail("the x-secret field is not a password input")
        token_wrapper = d.find_element(By.CSS_SELECTOR, "[data-pointer='/secrets/api_token']")
        if "Stored encrypted when you save; never displayed." not in token_wrapper.text:
            fail("the secret field does not make its promise")
        if not token_wrapper.find_elements(By.CSS_SELECTOR, "details.help"):
            fail("the secret field has no 'How to retrieve' help from the connector")
        if field("Data centre").tag_name != "select":
            fail("the enum field is not a select")
        for optional in ("Base URL", "Verify TLS", "Data centre"):
            if field(optional).is_displayed():
                fail(f"the optional field {optional} shows in the Simple view")
        options = [o.text for o in field("Acme app").find_elements(By.TAG_NAME, "option")]
        if "acme-app" not in options:
            fail(f"the OAuth client select lists {options}, not acme-app")

        # The keyboard alone: + opens the panel (the client schema's fields, focus in it), Esc
        # closes it and focus returns to the select.
        plus = d.find_element(By.CSS_SELECTOR, "button[aria-label='New OAuth 2.0 client']")
        plus.send_keys(Keys.ENTER)
        browser.wait("the panel opened from the keyboard",
                     lambda d: d.find_elements(By.CSS_SELECTOR, "dialog[open]"))
        panel = {l.get_attribute("textContent").replace(" (required)", ""): l.get_attribute("for")
                 for l in d.find_elements(By.CSS_SELECTOR, "dialog label")}
        if sorted(panel) != ["App ID", "App password", "Name"]:
            fail(f"the OAuth client panel has fields {sorted(panel)}")
        if d.find_element(By.ID, panel["App password"]).get_attribute("type") != "password":
            fail("the OAuth client's secret is not a password input")
        app_id = d.find_element(By.CSS_SELECTOR, "dialog [data-pointer='/client_id']")
        if "Acme > Apps > your app > ID." not in app_id.get_attribute("textContent"):
            fail("the OAuth client's App ID has no 'How to retrieve' help from the connector")
        if d.switch_to.active_element.get_attribute("id") != panel["Name"]:
            fail("focus is not in the OAuth client panel when it opens")
        browser.step("acme-oauth-client-panel")
        d.switch_to.active_element.send_keys(Keys.ESCAPE)
        browser.wait("the panel closed by Esc",
                     lambda d: not d.find_elements(By.CSS_SELECTOR, "dialog"))
        if d.switch_to.active_element != field("Acme app"):
            fail("focus did not return to the OAuth client select after Esc")

        field("Name").send_keys("acme-1")
        field("Acme app").find_element(By.XPATH, "option[.='acme-app']").click()
        field("Tenant").send_keys("t-42")
        field("API token").send_keys(SECRET)
        d.find_element(By.ID, labels["HTTP"]).click()
        browser.wait("the Base URL field in the HTTP view",
                     lambda d: field("Base URL").is_displayed())
        field("Base URL").send_keys("http://acme.example")
        d.find_element(By.CSS_SELECTOR, "form.connection button[type=submit]").click()
        wrapper = d.find_element(By.CSS_SELECTOR, "[data-pointer='/settings/base_url']")
        browser.wait("the field error next to Base URL",
                     lambda d: "must be an https:// origin" in wrapper.text)
        if field("Base URL").get_attribute("aria-invalid") != "true":
            fail("the field with the error is not marked aria-invalid")
        if d.switch_to.active_element != field("Base URL"):
            fail("focus did not move to the field with the error")
        browser.step("acme-field-error")
        sent = Stub.saves[-1]
        if sent.get("secrets") != {"api_token": SECRET} or sent["settings"].get("tenant") != "t-42":
            fail(f"the save sent {sent}")
        if sent["settings"].get("verify_tls") is not True:
            fail(f"the boolean field's default did not go with the save: {sent}")
        if sent.get("connector") != "acme-crm" or sent.get("oauth_client") != "acme-app":
            fail(f"the save named {sent.get('connector')} / {sent.get('oauth_client')}")

        field("Base URL").clear()
        field("Base URL").send_keys("https://acme.example")
        d.find_element(By.CSS_SELECTOR, "form.connection button[type=submit]").click()
        browser.wait("the saved connection's page",
                     lambda d: "#/connections/acme-1" in d.current_url)
        browser.check_console()

        # The check above must be able to fail: inline script under the CSP is reported.
        d.get(origin + "/inline-probe.html")
        try:
            browser.check_console()
        except TestFailure as e:
            if "Content Security Policy" not in str(e):
                raise
        else:
            fail("an inline script under the CSP went unreported: the console check is blind")
    finally:
        browser.quit()
        server.shutdown()


if __name__ == "__main__":
    run(main)
