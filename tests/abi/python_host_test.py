#!/usr/bin/python3
"""python_host_test.py: the Python host example signs exactly as connector-host does.

    python_host_test.py sign   CONNECTOR_HOST PLUGIN EXAMPLE_DIR MANIFEST_DIR
    python_host_test.py refuse WRONG_MAJOR_PLUGIN EXAMPLE_DIR MANIFEST_DIR

`sign` runs host-api/examples/python/sign_request.py and `connector-host sign` on the same
manifests, request, timestamp and secret, and compares the whole printed request (method, URL
with every query parameter and the signature, headers, body). `refuse` gives the example a
plugin whose table says another ABI major and expects a refusal naming both majors.
Exit code 0 when every case holds, 1 with one line per failed case otherwise.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

APP_SECRET = "sandbox_app_secret"  # the example manifests' SANDBOX_APP_SECRET
ACCESS_TOKEN = "python-host-access-token"
TIMESTAMP = "1623812664"


@dataclass
class Case:
    """One request, as `connector-host sign` flags."""

    name: str
    flags: list[str]
    body: bytes | None = None
    exit_code: int = 0


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str


@dataclass
class Run:
    """The tools and the scratch folder the cases share."""

    example: Path
    manifests: Path
    work: Path
    failures: list[str] = field(default_factory=list)

    def check(self, ok: bool, case: str, what: str) -> None:
        if not ok:
            self.failures.append(f"{case}: {what}")


CASES = [
    Case("GET without a shop, with a token",
         ["--method", "GET", "--url", "/authorization/202309/shops", "--access-token-env",
          "TEST_ACCESS_TOKEN"]),
    Case("POST with a body, a shop and encoded query values",
         ["--method", "POST", "--url", "/order/202309/orders/search", "--shop", "CIPHER-1",
          "--query", "page_size=20", "--query", "note=a b/\u00fc&=?", "--access-token-env",
          "TEST_ACCESS_TOKEN"],
         body=b'{"order_status":"UNPAID", "create_time_ge": 1623812000}'),
    Case("an absolute URL with a query of its own",
         ["--method", "GET", "--url", "http://127.0.0.1:8977/product/202309/products/123?x=1%2B1"]),
    Case("a body that is not UTF-8", ["--method", "PUT", "--url", "/event/202309/webhooks"],
         body=b"\xff\xfe not text"),
    Case("a multipart body (not signed) with its own content type",
         ["--method", "POST", "--url", "/product/202309/images/upload", "--content-type",
          "multipart/form-data; boundary=b0undary"],
         body=b'--b0undary\r\nContent-Disposition: form-data; name="data"\r\n\r\nx\r\n'
              b"--b0undary--\r\n"),
    Case("a URL the connector refuses", ["--method", "GET", "--url", "ftp://nowhere"], exit_code=1),
]


def environment() -> dict[str, str]:
    env = dict(os.environ, SANDBOX_APP_SECRET=APP_SECRET, TEST_ACCESS_TOKEN=ACCESS_TOKEN)
    env.pop("CONNECTOR_HOST_MASTER_KEY", None)
    return env


def run_program(command: list[str]) -> Outcome:
    done = subprocess.run(command, capture_output=True, text=True, env=environment(), timeout=60)
    return Outcome(done.returncode, done.stdout, done.stderr)


def request_flags(run: Run, case: Case) -> list[str]:
    flags = [
        "--connection", str(run.manifests / "demo-connection.json"),
        "--oauth-client", str(run.manifests / "demo-oauth-client.json"),
        "--timestamp", TIMESTAMP,
    ] + case.flags
    if case.body is not None:
        body_file = run.work / "body"
        body_file.write_bytes(case.body)
        flags += ["--body-file", str(body_file)]
    return flags


def example_command(run: Run, plugin: str) -> list[str]:
    return ["/usr/bin/python3", str(run.example / "sign_request.py"), "--plugin", plugin]


def check_printed(run: Run, case: Case, python: Outcome, cpp: Outcome) -> None:
    for who, outcome in (("the Python host", python), ("connector-host", cpp)):
        printed = outcome.stdout + outcome.stderr
        run.check(APP_SECRET not in printed and ACCESS_TOKEN not in printed, case.name,
                  f"{who} printed a secret")
    if case.exit_code != 0:
        run.check(python.stdout == "", case.name, f"printed a request: {python.stdout}")
        run.check("sign_request failed (INVALID_INPUT)" in python.stderr, case.name,
                  f"no refusal on stderr: {python.stderr}")
        return
    try:
        mine, theirs = json.loads(python.stdout), json.loads(cpp.stdout)
    except ValueError as e:
        run.check(False, case.name, f"not JSON ({e}): {python.stdout!r} {cpp.stdout!r}")
        return
    run.check(mine == theirs, case.name,
              f"the requests differ:\n  python: {mine}\n  c++:    {theirs}")
    run.check(re.search(r"[?&]sign=[0-9a-f]{64}(&|$)", mine.get("url", "")) is not None,
              case.name, f"no 64-hex-digit sign in the URL: {mine.get('url')}")


def check_sign(run: Run, connector_host: str, plugin: str) -> None:
    cpp_prefix = [connector_host, "--state", str(run.work / "state"), "sign"]
    for case in CASES:
        flags = request_flags(run, case)
        python = run_program(example_command(run, plugin) + flags)
        cpp = run_program(cpp_prefix + flags)
        for who, outcome in (("the Python host", python), ("connector-host", cpp)):
            run.check(outcome.exit_code == case.exit_code, case.name,
                      f"{who} exited {outcome.exit_code}, not {case.exit_code}: {outcome.stderr}")
        check_printed(run, case, python, cpp)


def check_refuse(run: Run, wrong_major_plugin: str) -> None:
    case = Case("a plugin of ABI major 2",
                ["--method", "GET", "--url", "/authorization/202309/shops"])
    outcome = run_program(example_command(run, wrong_major_plugin) + request_flags(run, case))
    run.check(outcome.exit_code == 1, case.name, f"exited {outcome.exit_code}, not 1")
    run.check(outcome.stdout == "", case.name, f"printed a request: {outcome.stdout}")
    wanted = f"connector library {wrong_major_plugin} speaks ABI major 2; this host speaks 1"
    run.check(wanted in outcome.stderr, case.name,
              f"stderr does not say '{wanted}': {outcome.stderr!r}")


def main(argv: list[str]) -> int:
    usage = __doc__.split("\n\n")[1]
    argument_counts = {"sign": 5, "refuse": 4}
    if not argv or argument_counts.get(argv[0]) != len(argv):
        print(f"usage:\n{usage}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="python-host-test-") as work:
        run = Run(Path(argv[-2]), Path(argv[-1]), Path(work))
        if argv[0] == "sign":
            check_sign(run, argv[1], argv[2])
        else:
            check_refuse(run, argv[1])
    for failure in run.failures:
        print(f"FAILED {failure}", file=sys.stderr)
    return 1 if run.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
