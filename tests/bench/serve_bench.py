"""The many-shops case of tests/bench/e2e_bench.py: one `connector-host serve` process exporting
the orders of every shop of a sandbox at once, each run started through the console's JSON API
(docs/CONSOLE_API.md), against one single-flow `connector-host run` of the same data.

Prints (through e2e_bench.py's table and RATIO lines):

  RATIO serve_rss_vs_budget          peak RSS of serve / (64 MiB + 1 MiB per run going at once)
  RATIO serve_cpu_per_request_vs_cli  serve's CPU per request answered / the CLI run's
  RATIO min_shop_rate_utilization    the lowest, over shops, of the requests/s its run achieved
                                     on its busiest API / that shop's limit (the sandbox's
                                     per-shop stats); every run's time from its POST to its end
                                     (the run history's milliseconds)

First figures (2026-12-01, main at 25a759e, RelWithDebInfo, the 2-core machine shared with a CI
run and two builds, every bench process at nice 19): 8,145 requests in 40.3 s, none over a limit;
peak RSS 379 MiB (serve_rss_vs_budget 2.31: 100 runs of 4 workers are 400 threads, each with the
connector's per-thread parse buffers); 2,081 us of CPU per request against the CLI run's 1,820
(1.14); the lowest shop at 0.34 of its limit, the highest at 0.62. Until then the case never got
past its CLI baseline: the first export on a fresh state failed its migration ("database table
is locked", fixed in store/database.cpp).
"""
import http.client
import json
import os
import signal
import sqlite3
import subprocess
import time
import urllib.parse

from bench_postgres import PostgresServer

MIB = 1024  # ru_maxrss is in KiB
RSS_BASE_KIB = 64 * MIB
RSS_PER_RUN_KIB = 1 * MIB


class Console:
    """A session of the console's JSON API: the one-time access URL exchanged for a cookie,
    the CSRF token every POST carries."""

    def __init__(self, access_url):
        url = urllib.parse.urlsplit(access_url)
        self.host, self.port = url.hostname, url.port
        status, headers, _ = self.request("GET", url.path + "?" + url.query)
        cookie = headers.get("set-cookie", "")
        if status != 303 or not cookie.startswith("cnx_session="):
            raise RuntimeError(f"the console refused its access URL (HTTP {status})")
        self.cookie = cookie.split(";", 1)[0]
        self.csrf = self.get("/api/v1/session")["csrf_token"]

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return (response.status, {k.lower(): v for k, v in response.getheaders()},
                    response.read())
        finally:
            connection.close()

    def get(self, path):
        status, _, body = self.request("GET", path, headers={"Cookie": self.cookie})
        if status != 200:
            raise RuntimeError(f"GET {path}: HTTP {status}: {body[:200]!r}")
        return json.loads(body)

    def post(self, path, document):
        status, _, body = self.request("POST", path, json.dumps(document), {
            "Cookie": self.cookie, "X-CSRF-Token": self.csrf,
            "Content-Type": "application/json"})
        if status // 100 != 2:
            raise RuntimeError(f"POST {path}: HTTP {status}: {body[:200]!r}")
        return json.loads(body)


def start_run(console, name, refusals):
    """POST /api/v1/flows/NAME/runs; a state database too busy to open the run's row is retried
    (after a second, five times at most) and noted in `refusals`."""
    for attempt in range(6):
        try:
            return int(console.post(f"/api/v1/flows/{name}/runs", {"mode": "all"})["run_id"])
        except RuntimeError as e:
            if "database is locked" not in str(e) or attempt == 5:
                raise
            refusals.append(name)
            time.sleep(1)


def run_times(state_dir, run_ids):
    """(started_at_ms, ended_at_ms, outcome, flow) of each run, from a SQLite state's history."""
    uri = "file:" + os.path.join(state_dir, "state.db") + "?mode=ro"
    with sqlite3.connect(uri, uri=True) as db:
        marks = ",".join("?" * len(run_ids))
        rows = db.execute(f"SELECT id, started_at_ms, ended_at_ms, outcome, flow FROM flow_runs "
                          f"WHERE id IN ({marks})", list(run_ids)).fetchall()
    return {row[0]: row[1:] for row in rows}


SHOPS = 100
LIMIT = 5  # requests/second per (app, shop, API): 100 shops of it fit this machine's cores
WORKERS = 64  # serve's most (kMaxRunWorkers): 64 of the 100 runs go at once, the rest queue


def start_sandbox(bench, n):
    """The sandbox of the serve cases: SHOPS shops of n(2000) orders, every answer 100 ms late."""
    orders = n(2000)
    bench.start(["--shops", str(SHOPS), "--orders", str(orders), "--rate-limit", str(LIMIT),
                 "--fault-latency", "1", "--latency-ms", "100"])
    if len(bench.shops) != SHOPS:
        raise SystemExit(f"e2e_bench: the sandbox authorized {len(bench.shops)} shops, not {SHOPS}")
    return orders


def serve_export(bench, state, tag, sample=None):
    """One serve process on `state` running one orders export per shop (flows tag-000...),
    every run started through the console at once, until all ended. Returns a dict: names,
    run_ids, requests, cpu (s), rss (KiB), wall (s), refusals, stats before and after. `sample`,
    when given, is called about twice a second while the runs go."""
    flow_dir = os.path.join(bench.dir, f"flows-{tag}")
    os.makedirs(flow_dir)
    names = []
    for i, shop in enumerate(bench.shops):
        names.append(f"{tag}-{i:03d}")
        path = bench.export_flow(names[-1], rate=LIMIT, concurrency=4, shop=shop)
        os.rename(path, os.path.join(flow_dir, os.path.basename(path)))

    before = bench.stats()
    refusals = []  # POSTs serve answered 500 "database is locked" (retried): a finding to report
    start = time.monotonic()
    serve = subprocess.Popen(bench.host_args(state) + [
        "serve", "--address", "127.0.0.1:0", "--flow-dir", flow_dir,
        "--workers", str(WORKERS)],
        env=bench.env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        line = serve.stdout.readline().decode().strip()
        if not line.startswith("listening on "):
            raise SystemExit(f"e2e_bench: serve did not start ({line!r})")
        console = Console(line[len("listening on "):])
        run_ids = [start_run(console, name, refusals) for name in names]
        going = set(run_ids)
        deadline = time.monotonic() + 600
        while going:
            if time.monotonic() > deadline:
                raise SystemExit(f"e2e_bench: {len(going)} serve runs still going after 600 s")
            time.sleep(0.5)
            if sample:
                sample()
            going = {i for i in going
                     if console.get(f"/api/v1/runs/{i}")["outcome"] in ("queued", "running")}
    finally:
        serve.send_signal(signal.SIGTERM)
        _, status, usage = os.wait4(serve.pid, 0)
    wall = time.monotonic() - start
    after = bench.stats()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("e2e_bench: serve exited with " + str(os.waitstatus_to_exitcode(status)))
    return {"names": names, "run_ids": run_ids,
            "requests": after["requests_total"] - before["requests_total"],
            "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss, "wall": wall,
            "refusals": refusals, "before": before, "after": after}


def check_succeeded(times):
    failed = [f"{t[3]}: {t[2]}" for t in times.values() if t[2] != "succeeded"]
    if failed:
        raise SystemExit(f"e2e_bench: {len(failed)} serve runs did not succeed: {failed[:3]}")


def case_serve(bench, n, rows, ratios):
    """100 shops at once in one serve process, every answer 100 ms late."""
    orders = start_sandbox(bench, n)
    # The single-flow baseline: the same export for the first shop through `connector-host run`.
    cli_flow = bench.export_flow("cli", rate=LIMIT, concurrency=4, shop=bench.shops[0])
    _, cli_cpu, _, cli_requests, _, _ = bench.run(cli_flow, "--mode", "all")

    served = serve_export(bench, bench.state, "shop")
    bench.stop()
    times = run_times(bench.state, served["run_ids"])
    check_succeeded(times)
    names, requests, cpu = served["names"], served["requests"], served["cpu"]
    before, after = served["before"], served["after"]
    budget = RSS_BASE_KIB + RSS_PER_RUN_KIB * min(WORKERS, len(names))
    rows.append((f"serve: {SHOPS} shops x {orders} orders, 100 ms latency, {LIMIT}/s per API",
                 f"{requests} requests in {served['wall']:.1f} s, "
                 f"{len(served['refusals'])} run starts refused as 'database is locked' and "
                 "retried",
                 f"CPU {cpu:.2f} s = {cpu / requests * 1e6:.0f} us/request "
                 f"(CLI {cli_cpu / cli_requests * 1e6:.0f})",
                 f"peak RSS {served['rss'] / MIB:.1f} MiB"))
    ratios.append(("serve_rss_vs_budget", served["rss"] / budget))
    ratios.append(("serve_cpu_per_request_vs_cli", (cpu / requests) / (cli_cpu / cli_requests)))

    if "shops" not in after:
        rows.append(("serve: each shop's busiest API", "not measured",
                     "the sandbox's stats have no per-shop counts", ""))
        return
    by_flow = {t[3]: (t[1] - t[0]) / 1000.0 for t in times.values()}
    utilizations = []
    over_limit = 0
    for name, shop in zip(names, bench.shops):
        seen, was = after["shops"][shop], before["shops"].get(shop, {})
        calls = max(v - was.get("requests_by_endpoint", {}).get(k, 0)
                    for k, v in seen["requests_by_endpoint"].items())
        over_limit += seen["rate_limited"] - was.get("rate_limited", 0)
        utilizations.append(calls / by_flow[name] / seen["rate_limit_per_second"])
    rows.append((f"serve: each shop's busiest API", f"{over_limit} requests over a limit",
                 f"lowest {min(utilizations):.3f} of its limit",
                 f"highest {max(utilizations):.3f}"))
    if over_limit:
        raise SystemExit(f"e2e_bench: serve sent {over_limit} requests above a shop's limit")
    ratios.append(("min_shop_rate_utilization", min(utilizations)))


def case_serve_postgresql(bench, n, rows, ratios):
    """The same 100-shop serve, once with its state in SQLite and once in PostgreSQL (a server of
    the bench's own, fsync off as in the tests), against one sandbox: host CPU per request."""
    # 100 runs at once, each with a few connections of its own (run history, lease, cursor
    # store, session), overflow the suite's 300.
    pg = PostgresServer(bench, max_connections=1000)
    try:
        orders = start_sandbox(bench, n)
        bench.connect(pg.uri)
        sqlite = serve_export(bench, bench.state, "sqlite")
        check_succeeded(run_times(bench.state, sqlite["run_ids"]))
        peak_backends = [0]

        def sample():
            count = pg.query("SELECT count(*) FROM pg_stat_activity WHERE datname = 'bench'")
            peak_backends[0] = max(peak_backends[0], int(count[0][0]))
        server_before = pg.cpu()
        postgresql = serve_export(bench, pg.uri, "pg", sample)
        time.sleep(0.5)  # the backends end and are reaped after serve disconnects
        server_cpu = pg.cpu() - server_before
        bench.stop()
        ids = ",".join(str(i) for i in postgresql["run_ids"])
        outcomes = pg.query(f"SELECT outcome, count(*) FROM flow_runs WHERE id IN ({ids})"
                            " GROUP BY outcome")
        if outcomes != [["succeeded", str(len(postgresql["run_ids"]))]]:
            raise SystemExit(f"e2e_bench: PostgreSQL serve runs ended {outcomes}")
    finally:
        pg.stop()
    per_request = lambda r: r["cpu"] / r["requests"] * 1e6
    rows.append((f"serve on PostgreSQL vs SQLite: {SHOPS} shops x {orders} orders",
                 f"{sqlite['requests']} / {postgresql['requests']} requests in "
                 f"{sqlite['wall']:.1f} / {postgresql['wall']:.1f} s",
                 f"host CPU/request {per_request(sqlite):.0f} / {per_request(postgresql):.0f} us"
                 f" (+ server {server_cpu / postgresql['requests'] * 1e6:.0f} us)",
                 f"peak RSS {sqlite['rss'] / MIB:.0f} / {postgresql['rss'] / MIB:.0f} MiB, "
                 f"{peak_backends[0]} server connections at most"))
    ratios.append(("serve_postgresql_cpu_per_request_vs_sqlite",
                   per_request(postgresql) / per_request(sqlite)))
    ratios.append(("serve_postgresql_cpu_per_request_with_server_vs_sqlite",
                   (postgresql["cpu"] + server_cpu) / postgresql["requests"] * 1e6
                   / per_request(sqlite)))
