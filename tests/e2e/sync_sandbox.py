"""Shared by tests/e2e/airbyte and tests/e2e/singer: a sandbox to sync from, tokens it issued for
the test, a source config for it, and the host run as a protocol front end.

The sandbox is the real program (build/bin/tiktok-shop-sandbox); the tokens come through its
authorize page and token endpoint, as a platform's OAuth flow would get them.
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import jsonschema

APP_KEY = "sandbox_app_key"
APP_SECRET = "sandbox_app_secret"
SERVICE_ID = "7000000000000000001"
REDIRECT = "http://127.0.0.1:9/callback"


def schema_validator(test_file, name):
    """The Draft 7 validator of schemas/NAME.schema.json in the folder of the script test_file."""
    schemas = os.path.join(os.path.dirname(os.path.abspath(test_file)), "schemas")
    with open(os.path.join(schemas, name + ".schema.json")) as f:
        return jsonschema.Draft7Validator(json.load(f))


def run_case(namespace):
    """Runs the case the command line names (`SCRIPT BUILD_DIR CASE`): case_CASE in namespace."""
    case = sys.argv[2]
    namespace["case_" + case]()
    print("ok:", case)


class Sandbox:
    def __init__(self, build_dir, *flags):
        self.err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [os.path.join(build_dir, "bin", "tiktok-shop-sandbox"), "--port", "0",
             "--redirect-url", REDIRECT, *flags],
            stdout=subprocess.PIPE, stderr=self.err, text=True,
            env={**os.environ, "SANDBOX_APP_SECRET": APP_SECRET})
        line = self.proc.stdout.readline()
        match = re.match(r"listening on (http://127\.0\.0\.1:\d+)", line)
        if not match:
            self.stop()
            raise RuntimeError("the sandbox did not start: " + line)
        self.base = match.group(1)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=30)

    def issue_tokens(self):
        return issue_tokens(self.base)

    def config(self, refresh_token, access_token=None, **sync):
        start_date = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 32 * 86400))
        return source_config(self.base, refresh_token, access_token, start_date, **sync)


class SyncCase:
    """One test's sandbox, the tokens it issued and a config file for them in a temporary
    directory. close() (or leaving its `with` block) stops the sandbox and fails when the host left a private state directory
    behind."""

    def __init__(self, build_dir, prefix, *sandbox_flags, **config):
        self.dir = tempfile.mkdtemp(prefix=prefix)
        self.sandbox = Sandbox(build_dir, *sandbox_flags)
        self.access, self.refresh = self.sandbox.issue_tokens()
        self.config = write_json(self.dir, "config.json",
                                 self.sandbox.config(self.refresh, **config))

    def close(self):
        self.sandbox.stop()
        check(not leftover_private_dirs(), "a private state directory was left behind")

    # A case is used as `with Case() as case:`; leaving the block closes it.
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def issue_tokens(base):
    """A fresh authorization from the sandbox at `base`: returns (access_token, refresh_token).
    Also used by tests/bench/e2e_bench.py."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None
    opener = urllib.request.build_opener(NoRedirect)
    query = urllib.parse.urlencode({"service_id": SERVICE_ID, "state": "test"})
    try:
        opener.open(base + "/open/authorize?" + query)
        raise RuntimeError("the authorize page did not redirect")
    except urllib.error.HTTPError as redirect:
        location = redirect.headers["Location"]
    code = urllib.parse.parse_qs(urllib.parse.urlparse(location).query)["code"][0]
    query = urllib.parse.urlencode({"app_key": APP_KEY, "app_secret": APP_SECRET,
                                    "auth_code": code, "grant_type": "authorized_code"})
    with urllib.request.urlopen(base + "/api/v2/token/get?" + query) as answer:
        data = json.load(answer)["data"]
    return data["access_token"], data["refresh_token"]


def source_config(base, refresh_token, access_token=None, start_date=None, **sync):
    """A source config for the sandbox at `base`; `sync` adds or overrides sync keys."""
    config = {
        "oauth_client": {"service_region": "non_us", "client_id": APP_KEY,
                         "client_secret": APP_SECRET, "service_id": SERVICE_ID},
        "app_key": APP_KEY, "app_secret": APP_SECRET,
        "api_base_url": base, "auth_base_url": base,
        "authorize_url": base + "/open/authorize", "sandbox": True,
        "refresh_token": refresh_token,
    }
    if start_date:
        config["start_date"] = start_date
    if access_token:
        config["access_token"] = access_token
    config.update(sync)
    return config


def write_json(directory, name, value):
    path = os.path.join(directory, name)
    with open(path, "w") as out:
        json.dump(value, out)
    return path


def host_command(build_dir, *args):
    return [os.path.join(build_dir, "bin", "connector-host"), *args]


def run_host(build_dir, *args, secrets=(), timeout=300):
    """Runs the host; returns (exit code, stdout lines, stderr). Fails when a secret shows in
    stderr (never allowed) — stdout is the caller's to judge."""
    done = subprocess.run(host_command(build_dir, *args), capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "TMPDIR": tmp_root()})
    for secret in secrets:
        if secret and secret in done.stderr:
            raise AssertionError("a secret reached stderr")
    return done.returncode, done.stdout.splitlines(), done.stderr


_TMP = None


def tmp_root():
    """The TMPDIR the host runs with, so that the test sees its private state directories."""
    global _TMP
    if _TMP is None:
        _TMP = tempfile.mkdtemp(prefix="sync-e2e-")
    return _TMP


def leftover_private_dirs():
    return [d for d in os.listdir(tmp_root()) if d.startswith("connector-host-sync.")]


def check(condition, message):
    if not condition:
        raise AssertionError(message)
