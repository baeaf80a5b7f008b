#!/usr/bin/python3
"""The authorizations that must not succeed, as a person sees them in headless Chromium: the shop
refuses, the refused redirect is opened again (a reused state), a redirect carries a state no
authorization made (forged), and the shop answers after the authorization's time ran out
(`serve --authorization-timeout`). Each ends on a page saying which, with its HTTP status, and
stores nothing: the connection stays "not authorized". An authorization started afresh after the
expired one succeeds, so a refusal leaves nothing stuck.

Two sandboxes: one whose authorize page refuses (`--authorize refuse`), one that approves but
redirects through a relay in this test, which either holds the redirect (the person who walked
away from the authorize page) or passes it on to serve's callback.

usage: authorize_refusals_test.py BUILD_DIR SOURCE_DIR ARTIFACT_DIR
"""
import http.server
import json
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time

from browser_harness import Browser, Process, fail, free_port, run

APP_KEY = "sandbox_app_key"
APP_SECRET = "sandbox_app_secret"
TIMEOUT_SECONDS = 2


class Relay:
    """The late sandbox's redirect target: in "hold" mode it keeps the redirect's query and shows
    a page saying so; in "forward" mode it sends the browser on to serve's callback."""

    def __init__(self, callback_url):
        relay = self
        self.mode = "hold"
        self.held = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                path, _, query = self.path.partition("?")
                if path != "/relay":  # the browser's /favicon.ico
                    self.send_error(404)
                    return
                if relay.mode == "forward":
                    self.send_response(302)
                    self.send_header("Location", f"{callback_url}?{query}")
                    self.end_headers()
                    return
                relay.held.append(query)
                body = b"<!doctype html><title>Held</title><h1>Redirect held by the test</h1>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/relay"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def main():
    build_dir, _source_dir, artifacts = sys.argv[1], sys.argv[2], sys.argv[3]
    work = tempfile.mkdtemp(prefix="authorize-refusals-")
    state_dir = os.path.join(work, "state")
    host = os.path.join(build_dir, "bin", "connector-host")
    serve_port = free_port()
    callback_url = f"http://127.0.0.1:{serve_port}/connection/oauth2callback"
    env = dict(os.environ, SANDBOX_APP_SECRET=APP_SECRET)
    env.pop("CONNECTOR_HOST_MASTER_KEY", None)

    processes = []
    relay = Relay(callback_url)
    browser = None
    try:
        def sandbox(name, redirect, *flags):
            port = free_port()
            processes.append(Process(
                name, [os.path.join(build_dir, "bin", "tiktok-shop-sandbox"), "--port", str(port),
                       "--redirect-url", redirect, *flags],
                os.path.join(work, f"{name}.out"), os.path.join(work, f"{name}.err"), env=env))
            return f"http://127.0.0.1:{port}"

        refusing = sandbox("refusing-sandbox", callback_url, "--authorize", "refuse")
        late = sandbox("late-sandbox", relay.url)
        save(host, state_dir, work, env, "oauth-client", {
            "name": "sandbox-app", "connector": "tiktok-shop", "service_region": "non_us",
            "client_id": APP_KEY, "client_secret": {"env": "SANDBOX_APP_SECRET"},
            "service_id": "7000000000000000001"})
        for name, origin in (("refusing-shop", refusing), ("late-shop", late)):
            save(host, state_dir, work, env, "connection", {
                "name": name, "connector": "tiktok-shop", "oauth_client": "sandbox-app",
                "redirect_uri": callback_url,
                "settings": {"app_key": APP_KEY, "api_base_url": origin, "auth_base_url": origin,
                             "authorize_url": origin + "/open/authorize", "sandbox": True},
                "secrets": {"app_secret": {"env": "SANDBOX_APP_SECRET"}}})

        serve_env = dict(env)
        serve_env.pop("SANDBOX_APP_SECRET")
        flow_dir = os.path.join(work, "flows")
        os.makedirs(flow_dir)
        serve = Process(
            "connector-host serve",
            [host, "--state", state_dir, "serve", "--address", f"127.0.0.1:{serve_port}",
             "--flow-dir", flow_dir, "--authorization-timeout", str(TIMEOUT_SECONDS)],
            os.path.join(work, "serve.out"), os.path.join(work, "serve.err"), env=serve_env)
        processes.append(serve)

        browser = Browser(artifacts)
        walk(browser, serve.url, callback_url, relay)
        check_nothing_stored(host, state_dir, serve_env, "refusing-shop")
    finally:
        if browser:
            browser.quit()
        for p in reversed(processes):
            p.stop()
        relay.stop()


def save(host, state_dir, work, env, kind, document):
    path = os.path.join(work, f"{kind}-{document['name']}.json")
    with open(path, "w") as f:
        json.dump(document, f)
    done = subprocess.run([host, "--state", state_dir, kind, "save", path], env=env,
                          capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        fail(f"`connector-host {kind} save` failed ({done.returncode}): {done.stderr}")


def walk(browser, console_url, callback_url, relay):
    from selenium.webdriver.common.by import By
    d = browser.driver

    def h1():
        if d.find_elements(By.CSS_SELECTOR, "main .loading"):
            return ""
        headings = d.find_elements(By.TAG_NAME, "h1")
        return headings[0].text if headings else ""

    def body():
        return d.find_element(By.TAG_NAME, "body").text

    def open_connection(name):
        d.get(console_url.split("?")[0] + f"#/connections/{name}")
        browser.wait(f"the page of {name}", lambda d: h1().startswith(name))

    def state_of(name):
        open_connection(name)
        return d.find_element(By.CSS_SELECTOR, "h1 .state").text

    def expect_page(what, heading, status_words):
        page = browser.wait(what, lambda d: h1() == heading and body(), timeout=30)
        for words in status_words:
            if words not in page:
                fail(f"the {what} page does not say {words!r}:\n{page}")
        if not d.find_elements(By.LINK_TEXT, "Back to the console"):
            fail(f"the {what} page has no way back to the console")

    def authorize():
        d.find_element(By.XPATH, "//button[.='Authorize']").click()

    d.get(console_url)
    browser.wait("the Connections page",
                 lambda d: h1() == "Connections" and "access=" not in d.current_url)
    browser.step("connections")

    # 1. The shop refuses: serve's callback says so and stores nothing.
    if state_of("refusing-shop") != "not authorized":
        fail("refusing-shop is not 'not authorized' before any authorization")
    authorize()
    expect_page("refused authorization", "The shop refused the authorization", ["access_denied"])
    refused_url = d.current_url
    if not refused_url.startswith(callback_url + "?"):
        fail(f"the refusal was not answered by serve's callback: {refused_url}")
    browser.step("refused-by-the-shop")

    # 2. The same redirect once more: its state was used by the refusal.
    d.get(refused_url)
    expect_page("reused state", "Reused state: redirect ignored", ["already answered"])
    browser.step("reused-state")

    # 3. A state no authorization of this console made.
    d.get(f"{callback_url}?code=made-up&state={secrets.token_hex(16)}")
    expect_page("forged state", "Wrong state: redirect ignored", ["forged"])
    browser.step("forged-state")
    if state_of("refusing-shop") != "not authorized":
        fail("refusing-shop reads authorized after a refusal, a reused and a forged state")

    # 4. The shop approves, but the redirect comes back after the authorization's time ran out.
    if state_of("late-shop") != "not authorized":
        fail("late-shop is not 'not authorized' before any authorization")
    authorize()
    browser.wait("the held redirect", lambda d: relay.held and h1() == "Redirect held by the test",
                 timeout=30)
    query = relay.held[-1]
    if "code=" not in query or "state=" not in query:
        fail(f"the sandbox's approval carries no code and state: {query!r}")
    time.sleep(TIMEOUT_SECONDS + 1.5)
    d.get(f"{callback_url}?{query}")
    expect_page("expired authorization", "This authorization expired",
                [f"more than {TIMEOUT_SECONDS} seconds", "Nothing was stored"])
    browser.step("expired")
    if state_of("late-shop") != "not authorized":
        fail("late-shop reads authorized after its redirect came back too late")

    # 5. Started again, in time: the expired attempt left nothing in the way.
    relay.mode = "forward"
    authorize()
    browser.wait("the return from the authorize page",
                 lambda d: "authorized=1" in d.current_url and h1().startswith("late-shop"),
                 timeout=30)
    if "authorized" not in d.find_element(By.CSS_SELECTOR, "h1 .state").text.split(" ")[:1]:
        fail("late-shop does not read authorized after an authorization in time")
    browser.step("authorized-in-time")
    browser.check_console()


def check_nothing_stored(host, state_dir, env, name):
    """The refused connection holds no token and no shop, as `connection show` reads the state."""
    done = subprocess.run([host, "--state", state_dir, "connection", "show", name], env=env,
                          capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        fail(f"`connection show {name}` failed ({done.returncode}): {done.stderr}")
    lines = [line.split() for line in done.stdout.splitlines()]
    if ["authorization:", "not-authorized"] not in lines or ["shops", "(0):"] not in lines:
        fail(f"{name} holds an authorization after refusals only:\n{done.stdout}")


if __name__ == "__main__":
    run(main)
