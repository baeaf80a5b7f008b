"""What the browser tests share: processes started on free ports and awaited on their
`listening on` line, headless Chromium through Debian's chromedriver, screenshots of each step and
the check that the browser's console holds no Content-Security-Policy violation.

Run by /usr/bin/python3 (Debian's python3-selenium). A missing piece fails the test with a message
naming scripts/install-deps; nothing is skipped.
"""
import os
import queue
import socket
import subprocess
import sys
import threading
import time

INSTALL_HINT = "install it with scripts/install-deps (chromium, chromium-driver, python3-selenium)"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


class TestFailure(Exception):
    pass


def fail(message):
    raise TestFailure(message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Process:
    """A child whose stdout is copied to OUT_PATH and whose first `listening on URL` line is
    awaited. stderr goes to ERR_PATH."""

    def __init__(self, name, argv, out_path, err_path, env=None, timeout=30):
        self.name = name
        self.out_path = out_path
        self.err_path = err_path
        self._err = open(err_path, "wb")
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=self._err, env=env)
        self._lines = queue.Queue()
        threading.Thread(target=self._copy, daemon=True).start()
        self.url = self._await_listening(timeout)

    def _copy(self):
        with open(self.out_path, "wb") as out:
            for line in self.proc.stdout:
                out.write(line)
                out.flush()
                self._lines.put(line.decode("utf-8", "replace").rstrip("\n"))
        self._lines.put(None)

    def _await_listening(self, timeout):
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.stop()
                fail(f"{self.name} printed no 'listening on' line within {timeout} s; "
                     f"stderr:\n{self.stderr()}")
            try:
                line = self._lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                self.proc.wait()
                fail(f"{self.name} exited with {self.proc.returncode} before listening; "
                     f"stderr:\n{self.stderr()}")
            if line.startswith("listening on "):
                return line[len("listening on "):].strip()

    def stderr(self):
        self._err.flush()
        with open(self.err_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._err.close()


def start_chromium():
    """Headless Chromium driven by Debian's chromedriver, logging the browser console."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as e:
        fail(f"python3-selenium is missing for {sys.executable} ({e}): {INSTALL_HINT}")
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            fail(f"{path} is missing: {INSTALL_HINT}")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--no-first-run", "--disable-extensions"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


class Browser:
    """One Chromium session: numbered screenshots and a console log checked after each step."""

    def __init__(self, artifacts):
        self.artifacts = artifacts
        os.makedirs(artifacts, exist_ok=True)
        for old in os.listdir(artifacts):
            if old.endswith(".png"):
                os.remove(os.path.join(artifacts, old))
        self.driver = start_chromium()
        self.driver.implicitly_wait(0)
        self.console = []
        self.step_number = 0

    def step(self, name):
        """Screenshot the page as NN-NAME.png and check the console log so far."""
        self.step_number += 1
        path = os.path.join(self.artifacts, f"{self.step_number:02d}-{name}.png")
        # The whole page, not the viewport: grow the window to the page for the shot.
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.driver.set_window_size(1280, max(900, min(int(height) + 140, 4000)))
        self.driver.save_screenshot(path)
        self.driver.set_window_size(1280, 900)
        self.check_console()
        print(f"step {self.step_number:02d} {name}: {path}", flush=True)

    def check_console(self):
        """No CSP violation and no uncaught script error, ever."""
        for entry in self.driver.get_log("browser"):
            self.console.append(entry)
        bad = [e["message"] for e in self.console
               if "Content Security Policy" in e["message"] or "Refused to" in e["message"]
               or "Uncaught" in e["message"]]
        if bad:
            fail("the browser console reports:\n  " + "\n  ".join(bad))

    def wait(self, what, condition, timeout=20):
        """Polls CONDITION(driver) until it returns something truthy; fails naming WHAT."""
        deadline = time.monotonic() + timeout
        last_error = None
        while time.monotonic() < deadline:
            try:
                value = condition(self.driver)
                if value:
                    return value
            except Exception as e:  # a stale element between renders: try again
                last_error = e
            time.sleep(0.1)
        self.step("timeout")
        fail(f"timed out after {timeout} s waiting for {what}"
             + (f" (last error: {last_error})" if last_error else "")
             + f"\npage text:\n{self.text()}")

    def text(self):
        from selenium.webdriver.common.by import By
        try:
            return self.driver.find_element(By.TAG_NAME, "body").text
        except Exception:
            return "(no page)"

    def quit(self):
        self.driver.quit()


def run(main):
    """Runs MAIN() and exits 0, or 1 with the failure's message."""
    try:
        main()
    except TestFailure as e:
        print(f"FAILED: {e}", file=sys.stderr)
        sys.exit(1)
    print("passed")
