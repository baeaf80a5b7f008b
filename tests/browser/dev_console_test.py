#!/usr/bin/python3
"""`./dev console`'s script (scripts/console) as a person uses it: it prints the console URL with
its access token and the sandbox's URL, both answer, and Ctrl-C (SIGINT to the terminal's process
group) stops both and removes the scratch state.

usage: dev_console_test.py SOURCE_DIR BUILD_DIR
"""
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

from browser_harness import fail, run


def answers(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return None


def main():
    source_dir, build_dir = sys.argv[1], sys.argv[2]
    script = subprocess.Popen([os.path.join(source_dir, "scripts", "console"), build_dir, "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              start_new_session=True)
    lines = []
    deadline = time.monotonic() + 60
    try:
        while not any(line.startswith("Ctrl-C") for line in lines):
            line = script.stdout.readline()
            if line == "" or time.monotonic() > deadline:
                script.wait(timeout=10)
                fail(f"scripts/console ended ({script.returncode}) before printing its URLs:\n"
                     + "".join(lines) + script.stderr.read())
            lines.append(line)
        text = "".join(lines)
        console = re.search(r"^console:\s+(http://127\.0\.0\.1:\d+/\?access=[0-9a-f]{64})$",
                            text, re.M)
        sandbox = re.search(r"^sandbox:\s+(http://127\.0\.0\.1:\d+)", text, re.M)
        work = re.search(r"^Ctrl-C stops both and removes (\S+)\.$", text, re.M)
        if not (console and sandbox and work):
            fail("scripts/console printed no console URL with its token, sandbox URL or "
                 f"scratch dir:\n{text}")
        if not os.path.isdir(work.group(1)):
            fail(f"the scratch state {work.group(1)} does not exist while the console runs")
        origin = console.group(1).split("/?")[0]
        if answers(origin + "/api/v1/session") != 401:
            fail(f"{origin}/api/v1/session does not answer 401 without a session")
        if answers(sandbox.group(1) + "/__sandbox/stats") != 200:
            fail(f"the sandbox at {sandbox.group(1)} does not answer")

        os.killpg(script.pid, signal.SIGINT)  # what Ctrl-C in its terminal does
        try:
            code = script.wait(timeout=20)
        except subprocess.TimeoutExpired:
            fail("scripts/console did not stop within 20 s of Ctrl-C")
        if code != 0:
            fail(f"scripts/console exited {code} on Ctrl-C: {script.stderr.read()}")
        for url in (origin + "/", sandbox.group(1) + "/__sandbox/stats"):
            if answers(url) is not None:
                fail(f"{url} still answers after Ctrl-C")
        if os.path.exists(work.group(1)):
            fail(f"the scratch state {work.group(1)} is left behind after Ctrl-C")
    finally:
        if script.poll() is None:
            os.killpg(script.pid, signal.SIGKILL)
            script.wait()


if __name__ == "__main__":
    run(main)
