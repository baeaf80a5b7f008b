"""e2e.singer.*: `connector-host singer` against the sandbox. Every stdout line is validated
against the Singer message schema in schemas/; no secret may reach stdout or stderr.

usage: singer_tap_test.py BUILD_DIR CASE
"""
import json
import os
import sys

import jsonschema

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import sync_sandbox as sb  # noqa: E402

MESSAGE = sb.schema_validator(__file__, "singer_message")
CATALOG = sb.schema_validator(__file__, "singer_catalog")

BUILD = sys.argv[1]


class Case(sb.SyncCase):
    def __init__(self, *sandbox_flags):
        super().__init__(BUILD, "singer-e2e-", *sandbox_flags)

    def secrets(self):
        with open(self.config) as f:
            config = json.load(f)
        return [self.access, self.refresh, sb.APP_SECRET, config["refresh_token"],
                config.get("access_token")]

    def tap(self, *args, expect=0):
        before = self.secrets()
        code, lines, err = sb.run_host(BUILD, "singer", "--connector", "tiktok-shop",
                                       "--config", self.config, *args, secrets=before)
        sb.check(code == expect, "exit %d; stderr: %s" % (code, err[-2000:]))
        for secret in before + self.secrets():
            for line in lines:
                sb.check(not secret or secret not in line, "a secret on stdout")
        return lines

    def sync(self, catalog=None, state=None):
        args = []
        if catalog is not None:
            args += ["--catalog", sb.write_json(self.dir, "catalog.json", catalog)]
        if state is not None:
            args += ["--state", sb.write_json(self.dir, "state.json", state)]
        got = [json.loads(line) for line in self.tap(*args)]
        for message in got:
            MESSAGE.validate(message)
        return got


def discover(case):
    lines = case.tap("--discover")
    sb.check(len(lines) == 1, "--discover prints one catalog")
    catalog = json.loads(lines[0])
    CATALOG.validate(catalog)
    return catalog


def select(catalog, names):
    streams = [s for s in catalog["streams"] if s["tap_stream_id"] in names]
    for stream in catalog["streams"]:
        stream["metadata"][0]["metadata"]["selected"] = stream["tap_stream_id"] in names
    return {"streams": streams}


def keys(got, stream="orders"):
    return [(m["record"]["_shop_id"], m["record"]["id"]) for m in got
            if m["type"] == "RECORD" and m["stream"] == stream]


def case_discover_prints_the_catalog():
    with Case() as case:
        catalog = discover(case)
        orders = [s for s in catalog["streams"] if s["tap_stream_id"] == "orders"][0]
        jsonschema.Draft7Validator.check_schema(orders["schema"])
        sb.check(orders["key_properties"] == ["_shop_id", "id"], orders["key_properties"])
        top = orders["metadata"][0]["metadata"]
        sb.check(top["valid-replication-keys"] == ["update_time"], top)


def case_sync_writes_schema_records_state():
    with Case() as case:
        got = case.sync(select(discover(case), ["orders", "products"]))
        for stream in ("orders", "products"):
            schemas = [m for m in got if m["type"] == "SCHEMA" and m["stream"] == stream]
            sb.check(len(schemas) == 1, "one SCHEMA for " + stream)
            first_record = next(i for i, m in enumerate(got)
                                if m["type"] == "RECORD" and m["stream"] == stream)
            sb.check(got.index(schemas[0]) < first_record, "SCHEMA before the records")
            validator = jsonschema.Draft7Validator(schemas[0]["schema"])
            for m in got:
                if m["type"] == "RECORD" and m["stream"] == stream:
                    validator.validate(m["record"])
            sb.check(len(set(keys(got, stream))) == len(keys(got, stream)) > 0, stream)
        states = [m for m in got if m["type"] == "STATE"]
        sb.check(states and set(states[-1]["value"]["bookmarks"]) == {"orders", "products"},
                 "the last STATE bookmarks both streams")


def case_state_resumes_the_bookmarks():
    with Case() as case:
        catalog = select(discover(case), ["orders"])
        first = case.sync(catalog)
        whole = keys(first)
        states = [m for m in first if m["type"] == "STATE"]
        middle = states[len(states) // 2]
        before = set(keys(first[:first.index(middle)]))
        second = case.sync(catalog, state=middle["value"])
        cursors = middle["value"]["bookmarks"]["orders"]["cursors"]
        for m in second:
            if m["type"] == "RECORD":
                shop = m["record"]["_shop_id"]
                sb.check(shop not in cursors or m["record"]["update_time"] >= cursors[shop], m)
        again = set(keys(second))
        sb.check(not (before & again), "records before the bookmark were read again")
        sb.check(before | again == set(whole), "the resumed sync lost records")
        third = case.sync(catalog, state=states[-1]["value"])
        sb.check(not keys(third), "a sync from the final state finds nothing new")


def case_rotated_tokens_are_written_back():
    with Case() as case:
        case.sync(select(discover(case), ["orders"]))
        with open(case.config) as f:
            rotated = json.load(f)
        sb.check(rotated["refresh_token"] != case.refresh, "the config holds the new token")
        sb.check(os.stat(case.config).st_mode & 0o077 == 0, "the config stays private")
        case.sync(select(discover(case), ["orders"]))  # the written config works


if __name__ == "__main__":
    sb.run_case(globals())
