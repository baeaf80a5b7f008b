#!/usr/bin/env python3
"""End-to-end benchmarks: connector-host against a sandbox running in ANOTHER process.

    tests/bench/e2e_bench.py BUILD_DIR [--scale F]

Prints a table, then one line per headline figure, each a ratio against a baseline measured in
the same run:

  RATIO export_cpu_vs_parse      host CPU (user+sys of the host process alone) exporting 100,000
                                 orders / CPU to simdjson-parse and re-serialize the same pages
                                 (the sandbox answers at once and limits nothing; the host paces
                                 each API at the connector's own limit, as a user's run does)
  RATIO export_rate_utilization  requests/s achieved on the busiest API / the sandbox's limit for
                                 one API of one shop (50/s, as TikTok's), every answer 100 ms late
  RATIO import_rate_utilization  the same for an inventory import of 5,000 records
  RATIO export_rss_growth        peak RSS exporting 200,000 orders / exporting 2,000
  RATIO airbyte_vs_jsonl_records_per_s  records/s of an orders export through `connector-host
                                 airbyte read` (messages on stdout) / through `run` into JSON
                                 Lines: the same window, slices, page size and the connector's
                                 own rate limits
  RATIO postgresql_state_cpu_per_request_vs_sqlite  host CPU per request of an orders export
                                 into JSON Lines with the state in PostgreSQL / with it in SQLite
                                 (the server's own CPU is not in it; ..._with_server_vs_sqlite
                                 adds the server's CPU for that run)
  RATIO table_vs_jsonl_records_per_s  records/s of that export into a PostgreSQL table
                                 ("output_table") / into JSON Lines, both with a PostgreSQL state
  RATIO table_delta_vs_all_cpu_per_request, table_delta_vs_all_records_per_s  a first delta run
                                 of that export into a table (slices claimed on the slice board,
                                 each committed with its window as it completes) / a mode-all run
                                 (slices committed in time order): host CPU per request, records/s
  RATIO serve_rss_vs_budget, serve_cpu_per_request_vs_cli, min_shop_rate_utilization
                                 one `connector-host serve` exporting 100 shops at once
                                 (tests/bench/serve_bench.py says how each is measured)
  RATIO serve_postgresql_cpu_per_request_vs_sqlite  that serve with its state in PostgreSQL / in
                                 SQLite, host CPU per request (..._with_server_... adds the
                                 server's CPU)

--scale multiplies every record count (0.05 gives a quick smoke run; the figures then mean less);
--only CASE runs one case (cpu, export-rate, import-rate, rss, airbyte, postgresql, serve,
serve-postgresql; repeatable);
--repeat N runs every case N times: each RATIO is then the median, and a SPREAD line lists the
N values.
"""
import argparse
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
import sync_sandbox  # noqa: E402  (the sandbox's tokens and source config, as the sync tests use)
from bench_postgres import PostgresServer  # noqa: E402
from serve_bench import case_serve, case_serve_postgresql  # noqa: E402
SANDBOX_LIMIT = 50.0  # the sandbox's default requests/second per (app, shop)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measured(cmd, env):
    """Runs cmd; returns (exit code, output, wall s, user+sys CPU s, peak RSS KiB) of it alone."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = proc.stdout.read().decode(errors="replace")
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, output, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


class Bench:
    def __init__(self, build_dir, work):
        self.host = os.path.join(build_dir, "bin", "connector-host")
        self.sandbox_program = os.path.join(build_dir, "bin", "tiktok-shop-sandbox")
        self.plugins = os.path.join(build_dir, "plugins")
        self.baseline = os.path.join(build_dir, "bench-tools", "page_parse_baseline")
        self.manifests = os.path.join(ROOT, "manifests", "connectors")
        self.work = work
        self.env = dict(os.environ, SANDBOX_APP_SECRET="sandbox_app_secret",
                        CONNECTOR_HOST_MASTER_KEY=secrets.token_hex(32))
        self.sandbox = None
        self.case = 0

    def host_args(self, state):
        return [self.host, "--state", state, "--plugin-dir", self.plugins,
                "--manifest-dir", self.manifests]

    def start(self, flags):
        """Starts a sandbox process (one shop unless `flags` give --shops) and a fresh state with
        an authorized connection to it; self.shops lists the shops, self.shop is the first."""
        self.case += 1
        self.dir = os.path.join(self.work, f"case{self.case}")
        os.makedirs(self.dir)
        self.state = os.path.join(self.dir, "state")
        redirect = f"http://127.0.0.1:{free_port()}/connection/oauth2callback"
        self.sandbox = subprocess.Popen(
            [self.sandbox_program, "--port", "0", "--redirect-url", redirect]
            + ([] if "--shops" in flags else ["--shops", "1"]) + flags, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=self.env)
        line = self.sandbox.stdout.readline().decode().strip()
        if not line.startswith("listening on "):
            sys.exit(f"e2e_bench: the sandbox did not start ({line!r})")
        self.base = line[len("listening on "):]
        client = self.write("client.json", {
            "name": "bench-app", "connector": "tiktok-shop", "service_region": "non_us",
            "client_id": "sandbox_app_key", "client_secret": {"env": "SANDBOX_APP_SECRET"},
            "service_id": "7000000000000000001"})
        connection = self.write("connection.json", {
            "name": "bench", "connector": "tiktok-shop", "oauth_client": "bench-app",
            "redirect_uri": redirect,
            "settings": {"app_key": "sandbox_app_key", "api_base_url": self.base,
                         "auth_base_url": self.base,
                         "authorize_url": self.base + "/open/authorize", "sandbox": True},
            "secrets": {"app_secret": {"env": "SANDBOX_APP_SECRET"}}})
        self.client_manifest, self.connection_manifest = client, connection
        self.shops = self.connect(self.state)
        self.shop = self.shops[0]
        time.sleep(1.1)  # the newest seeded record carries the sandbox's start second

    def connect(self, state):
        """Saves the client and the connection into `state` and authorizes it; returns the shops."""
        for args in (["oauth-client", "save", self.client_manifest],
                     ["connection", "save", self.connection_manifest]):
            self.check(self.host_args(state) + args)
        out = self.check(self.host_args(state) +
                         ["authorize", "bench", "--browser", "builtin", "--timeout", "30"])
        return [l.split()[1] for l in out.splitlines() if l.startswith("  id ")]

    def stop(self):
        if self.sandbox:
            self.sandbox.send_signal(signal.SIGTERM)
            self.sandbox.wait()
            self.sandbox = None

    def check(self, cmd):
        result = subprocess.run(cmd, env=self.env, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"e2e_bench: {' '.join(cmd[-3:])} failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    def write(self, name, document):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            json.dump(document, f)
        return path

    def stats(self):
        with urllib.request.urlopen(self.base + "/__sandbox/stats") as r:
            return json.load(r)

    def flow(self, name, document, shop=None):
        document = dict({"name": name, "connection": "bench", "shop": shop or self.shop},
                        **document)
        return self.write(name + ".flow.json", document)

    def export_flow(self, name, rate=10000, concurrency=4, shop=None):
        return self.flow(name, {
            "kind": "export", "resource": "orders", "page_size": 100,
            "window": {"lookback_seconds": 3456000, "slice_seconds": 172800},
            "concurrency": concurrency, "rate_limit_per_second": rate,
            "output": os.path.join(self.dir, name + ".jsonl")}, shop)

    def run(self, flow, *extra, state=None):
        """Runs a flow; returns (wall, cpu, rss KiB, requests answered, of which 429, summary).
        self.busiest is then (endpoint, requests) of the endpoint the run called most."""
        before = self.stats()
        code, out, wall, cpu, rss = measured(
            self.host_args(state or self.state) + ["run", flow] + list(extra), self.env)
        if code != 0:
            sys.exit(f"e2e_bench: run {flow} failed:\n{out}")
        after = self.stats()
        requests = after["requests_total"] - before["requests_total"]
        by_endpoint = {k: v - before["requests_by_endpoint"].get(k, 0)
                       for k, v in after["requests_by_endpoint"].items()}
        self.busiest = max(by_endpoint.items(), key=lambda kv: kv[1], default=("none", 0))
        limited = (after["rejected_by_code"].get("36009002", 0)
                   - before["rejected_by_code"].get("36009002", 0))
        return wall, cpu, rss, requests, limited, out.strip().splitlines()[-1]


def case_cpu(bench, n, rows, ratios):
    """CPU per MB of responses, against simdjson parse + re-serialize of the same pages."""
    orders = n(100000)
    bench.start(["--orders", str(orders), "--rate-limit", "0"])
    flow = bench.export_flow("cpu")
    wall, cpu, rss, requests, _, summary = bench.run(flow, "--mode", "all")
    base = subprocess.run([bench.baseline, bench.state, bench.plugins, bench.manifests, flow],
                          env=bench.env, capture_output=True, text=True)
    if base.returncode != 0:
        sys.exit(f"e2e_bench: page_parse_baseline failed: {base.stderr}")
    fields = dict(line.split() for line in base.stdout.splitlines())
    mb = int(fields["bytes"]) / 1e6
    parse_cpu = float(fields["parse_cpu_seconds"])
    bench.stop()
    rows.append((f"export {orders} orders, paced by the connector",
                 f"{requests} requests, {mb:.1f} MB",
                 f"{wall:.2f} s wall, host CPU {cpu:.2f} s = {cpu / mb * 1000:.1f} ms/MB",
                 f"parse+serialize {parse_cpu:.3f} s = {parse_cpu / mb * 1000:.2f} ms/MB"))
    ratios.append(("export_cpu_vs_parse", cpu / parse_cpu))


def case_export_rate(bench, n, rows, ratios):
    """Rate utilization of an export, every answer 100 ms late, default limit."""
    orders = n(20000)
    bench.start(["--orders", str(orders), "--fault-latency", "1", "--latency-ms", "100"])
    # Search pages and detail calls are two APIs, each limited on its own; enough workers to
    # keep the busier one at its limit through 100 ms of latency per call.
    flow = bench.export_flow("rate", rate=SANDBOX_LIMIT, concurrency=12)
    wall, cpu, rss, requests, limited, summary = bench.run(flow, "--mode", "all")
    bench.stop()
    endpoint, calls = bench.busiest
    rows.append((f"export {orders} orders, 100 ms latency", f"{requests} requests",
                 f"{wall:.2f} s wall, {requests / wall:.1f} requests/s, "
                 f"{endpoint} {calls / wall:.1f}/s",
                 f"429: {100.0 * limited / max(requests, 1):.2f}%"))
    ratios.append(("export_rate_utilization", calls / wall / SANDBOX_LIMIT))


def case_import_rate(bench, n, rows, ratios):
    """Rate utilization of an inventory import of 5,000 records."""
    records = n(5000)
    products = max(1, records // 5)
    bench.start(["--products", str(products), "--fault-latency", "1", "--latency-ms", "100"])
    pflow = bench.flow("products", {
        "kind": "export", "resource": "products", "page_size": 100,
        "window": {"lookback_seconds": 3456000, "slice_seconds": 3456000},
        "output": os.path.join(bench.dir, "products.jsonl")})
    bench.run(pflow, "--mode", "all")
    lines = []
    with open(os.path.join(bench.dir, "products.jsonl")) as f:
        catalog = [json.loads(l) for l in f]
    for i in range(records):
        p = catalog[i % len(catalog)]
        sku = p["skus"][0]
        lines.append(json.dumps({"product_id": p["id"], "skus": [{"id": sku["id"],
            "inventory": [{"warehouse_id": sku["inventory"][0]["warehouse_id"],
                           "quantity": 10000 + i}]}]}, separators=(",", ":")))
    with open(os.path.join(bench.dir, "inventory.jsonl"), "w") as f:
        f.write("\n".join(lines) + "\n")
    iflow = bench.flow("inventory", {
        "kind": "import", "resource": "inventory", "endpoint": "products.inventory.update",
        "concurrency": 8, "rate_limit_per_second": SANDBOX_LIMIT,
        "input": os.path.join(bench.dir, "inventory.jsonl")})
    wall, cpu, rss, requests, limited, summary = bench.run(iflow)
    bench.stop()
    rate = requests / wall
    rows.append((f"import {records} inventory records, 100 ms latency", f"{requests} requests",
                 f"{wall:.2f} s wall, {rate:.1f} requests/s",
                 f"429: {100.0 * limited / max(requests, 1):.2f}%"))
    ratios.append(("import_rate_utilization", rate / SANDBOX_LIMIT))


def case_rss(bench, n, rows, ratios):
    """Peak RSS: 200,000 orders against 2,000."""
    peaks = {}
    for orders in (n(2000), n(200000)):
        bench.start(["--orders", str(orders), "--rate-limit", "0"])
        wall, cpu, rss, requests, _, summary = bench.run(bench.export_flow("rss"), "--mode", "all")
        bench.stop()
        peaks[orders] = rss
        rows.append((f"export {orders} orders, no limit", f"{requests} requests",
                     f"{wall:.2f} s wall, host CPU {cpu:.2f} s", f"peak RSS {rss / 1024:.1f} MiB"))
    small, large = sorted(peaks)
    ratios.append(("export_rss_growth", peaks[large] / peaks[small]))


def case_airbyte(bench, n, rows, ratios):
    """Records/s of the same orders export as Airbyte messages and as JSON Lines."""
    orders = n(20000)
    lookback, slice_seconds = 3456000, 86400
    bench.start(["--orders", str(orders)])
    flow = bench.flow("jsonl", {
        "kind": "export", "resource": "orders", "page_size": 100,
        "window": {"lookback_seconds": lookback, "slice_seconds": slice_seconds},
        "output": os.path.join(bench.dir, "jsonl.jsonl")})
    wall, cpu, _, requests, _, _ = bench.run(flow, "--mode", "all")
    with open(os.path.join(bench.dir, "jsonl.jsonl")) as f:
        jsonl_records = sum(1 for _ in f)
    _, refresh = sync_sandbox.issue_tokens(bench.base)
    config = bench.write("airbyte-config.json", sync_sandbox.source_config(
        bench.base, refresh, lookback_seconds=lookback, page_size=100))
    catalog = bench.write("airbyte-catalog.json", {"streams": [{
        "stream": {"name": "orders", "json_schema": {}, "supported_sync_modes": ["full_refresh"]},
        "sync_mode": "full_refresh", "destination_sync_mode": "overwrite"}]})
    out_path = os.path.join(bench.dir, "airbyte.out")
    start = time.monotonic()
    with open(out_path, "w") as out:
        proc = subprocess.Popen([bench.host, "--plugin-dir", bench.plugins, "--manifest-dir",
                                 bench.manifests, "airbyte", "--connector", "tiktok-shop", "read",
                                 "--config", config, "--catalog", catalog],
                                env=bench.env, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
    airbyte_wall = time.monotonic() - start
    bench.stop()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("e2e_bench: airbyte read failed (see " + out_path + ")")
    with open(out_path) as f:
        airbyte_records = sum(1 for line in f if line.startswith('{"type":"RECORD"'))
    if airbyte_records != jsonl_records:
        sys.exit(f"e2e_bench: airbyte read {airbyte_records} records, run {jsonl_records}")
    airbyte_cpu = usage.ru_utime + usage.ru_stime
    rows.append((f"export {orders} orders, connector's rate limits", f"{requests} requests",
                 f"JSON Lines {jsonl_records / wall:.0f} records/s, CPU {cpu:.2f} s",
                 f"Airbyte {airbyte_records / airbyte_wall:.0f} records/s, CPU {airbyte_cpu:.2f} s"))
    ratios.append(("airbyte_vs_jsonl_records_per_s",
                   (airbyte_records / airbyte_wall) / (jsonl_records / wall)))


def case_postgresql(bench, n, rows, ratios):
    """The same orders export with the state in SQLite and in PostgreSQL (a server of its own,
    tests/support/postgres_server), into JSON Lines, and into a PostgreSQL table."""
    orders = n(20000)
    pg = PostgresServer(bench)
    try:
        uri = pg.uri
        server_cpu = pg.cpu
        bench.start(["--orders", str(orders), "--rate-limit", "0"])
        bench.connect(uri)
        window = {"lookback_seconds": 3456000, "slice_seconds": 172800}
        def flow(name, destination):
            return bench.flow(name, dict({"kind": "export", "resource": "orders",
                                          "page_size": 100, "window": window}, **destination))
        sqlite = bench.run(flow("sqlite", {"output": os.path.join(bench.dir, "sqlite.jsonl")}),
                           "--mode", "all")
        before = server_cpu()
        postgresql = bench.run(flow("pg", {"output": os.path.join(bench.dir, "pg.jsonl")}),
                               "--mode", "all", state=uri)
        time.sleep(0.2)  # the backend ends and is reaped after the host disconnects
        postgresql_server = server_cpu() - before
        table = bench.run(flow("table", {"output_table": "bench_orders"}), "--mode", "all",
                          state=uri)
        # A first delta run exports the same window, its slices claimed on the slice board and
        # each committed with its window as it completes (any order), not in time order.
        delta = bench.run(flow("delta", {"output_table": "bench_orders_delta"}), "--mode",
                          "delta", state=uri)
        bench.stop()
        for name in ("bench_orders", "bench_orders_delta"):
            stored = pg.query(f"SELECT count(*) FROM {name}")[0][0]
            if int(stored) != orders:
                sys.exit(f"e2e_bench: table {name} holds {stored} orders, not {orders}")
    finally:
        pg.stop()
    per_request = lambda r: r[1] / max(r[3], 1) * 1e6
    rows.append((f"export {orders} orders, no limit",
                 f"{sqlite[3]} / {postgresql[3]} / {table[3]} requests",
                 f"host CPU/request SQLite {per_request(sqlite):.0f} us, "
                 f"PostgreSQL {per_request(postgresql):.0f} us "
                 f"(+ server {postgresql_server / max(postgresql[3], 1) * 1e6:.0f} us)",
                 f"records/s JSON Lines {orders / postgresql[0]:.0f}, "
                 f"table {orders / table[0]:.0f}, table by delta slices {orders / delta[0]:.0f}"))
    ratios.append(("postgresql_state_cpu_per_request_vs_sqlite",
                   per_request(postgresql) / per_request(sqlite)))
    ratios.append(("postgresql_state_cpu_per_request_with_server_vs_sqlite",
                   (postgresql[1] + postgresql_server) / max(postgresql[3], 1) * 1e6
                   / per_request(sqlite)))
    ratios.append(("table_vs_jsonl_records_per_s", postgresql[0] / table[0]))
    ratios.append(("table_delta_vs_all_cpu_per_request",
                   per_request(delta) / per_request(table)))
    ratios.append(("table_delta_vs_all_records_per_s", table[0] / delta[0]))


CASES = {"cpu": case_cpu, "export-rate": case_export_rate, "import-rate": case_import_rate,
         "rss": case_rss, "airbyte": case_airbyte, "postgresql": case_postgresql,
         "serve": case_serve, "serve-postgresql": case_serve_postgresql}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build_dir")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--only", choices=sorted(CASES), action="append",
                        help="run only this case (repeatable; default: all)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run every case this many times; RATIO lines give the median, "
                             "SPREAD lines every value")
    args = parser.parse_args()
    n = lambda count: max(1, int(count * args.scale))
    rows, ratios = [], []
    with tempfile.TemporaryDirectory(prefix="e2e_bench_") as work:
        bench = Bench(os.path.abspath(args.build_dir), work)
        try:
            for _ in range(max(1, args.repeat)):
                for name, case in CASES.items():
                    if not args.only or name in args.only:
                        case(bench, n, rows, ratios)
        finally:
            bench.stop()

    width = [max(len(r[i]) for r in rows) for i in range(4)]
    print()
    for r in rows:
        print("  ".join(c.ljust(width[i]) for i, c in enumerate(r)))
    print()
    values = {}
    for name, value in ratios:
        values.setdefault(name, []).append(value)
    for name, seen in values.items():
        print(f"RATIO {name} {statistics.median(seen):.3f}")
        if len(seen) > 1:
            print(f"SPREAD {name} " + " ".join(f"{v:.3f}" for v in seen))


if __name__ == "__main__":
    main()
