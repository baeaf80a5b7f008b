"""A PostgreSQL server for the benchmarks' cases that keep their state in PostgreSQL."""
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class PostgresServer:
    """A PostgreSQL server of the bench's own (tests/support/postgres_server) with a database
    "bench": `uri` for --state, query() through psql, cpu() the server's CPU seconds so far."""

    def __init__(self, bench, max_connections=None):
        self.fixture = os.path.join(bench.work, f"postgres{bench.case}")
        self.program = os.path.join(ROOT, "tests", "support", "postgres_server")
        env = dict(os.environ)
        if max_connections:
            env["POSTGRES_MAX_CONNECTIONS"] = str(max_connections)
        subprocess.run([self.program, "start", self.fixture], check=True,
                       stdout=subprocess.DEVNULL, env=env)
        with open(os.path.join(self.fixture, "conninfo")) as f:
            info = dict(word.split("=", 1) for word in f.read().split())
        self.conninfo = f"host={info['host']} port={info['port']} user={info['user']}"
        subprocess.run(["psql", "-q", self.conninfo + " dbname=postgres", "-c",
                        "CREATE DATABASE bench"], check=True)
        self.uri = f"postgresql:///bench?host={info['host']}&port={info['port']}&user={info['user']}"
        with open(os.path.join(info["host"], "data", "postmaster.pid")) as f:
            self.postmaster = int(f.readline())

    def query(self, sql):
        """The rows of `sql`, each a list of its columns' text."""
        out = subprocess.run(["psql", "-tAq", "-F", "\t", self.conninfo + " dbname=bench", "-c",
                              sql], check=True, capture_output=True, text=True).stdout
        return [line.split("\t") for line in out.splitlines() if line]

    def cpu(self):
        """CPU seconds of the server: the postmaster and the backends it has reaped (each host
        connection has its own backend, which ends with it)."""
        with open(f"/proc/{self.postmaster}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        subprocess.run([self.program, "stop", self.fixture], stdout=subprocess.DEVNULL)
