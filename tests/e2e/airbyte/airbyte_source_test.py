"""e2e.airbyte.*: `connector-host airbyte` against the sandbox, as Airbyte's connector acceptance
tests would judge it. Every stdout line of every run is validated against the protocol message
schema in schemas/ (written from Airbyte's protocol docs), and no secret of the config may appear
on stdout outside a CONTROL message, nor on stderr at all.

usage: airbyte_source_test.py BUILD_DIR CASE
"""
import json
import os
import signal
import subprocess
import sys

import jsonschema

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import sync_sandbox as sb  # noqa: E402

MESSAGE = sb.schema_validator(__file__, "airbyte_message")
SPEC = sb.schema_validator(__file__, "connector_specification")

BUILD = sys.argv[1]
CONNECTOR = ["airbyte", "--connector", "tiktok-shop"]


def messages(lines, secrets=()):
    """Parses and validates every line; a secret outside CONTROL fails the test."""
    out = []
    for number, line in enumerate(lines, 1):
        try:
            message = json.loads(line)
        except ValueError:
            raise AssertionError("stdout line %d is not JSON: %.200s" % (number, line))
        MESSAGE.validate(message)
        if message["type"] != "CONTROL":
            for secret in secrets:
                sb.check(not secret or secret not in line, "a secret on stdout line %d" % number)
        out.append(message)
    return out


def airbyte(*args, secrets=(), expect=0):
    code, lines, err = sb.run_host(BUILD, *CONNECTOR, *args, secrets=secrets)
    got = messages(lines, secrets)
    sb.check(code == expect, "exit %d (expected %d); stderr: %s; stdout: %s" %
             (code, expect, err[-2000:], lines[-3:]))
    if code != 0:
        sb.check(got and got[-1]["type"] == "TRACE" and got[-1]["trace"]["type"] == "ERROR",
                 "a failed run must end on a TRACE ERROR")
    return got


def of_type(got, kind):
    return [m for m in got if m["type"] == kind]


def configured(streams, mode):
    return {"streams": [{"stream": s, "sync_mode": mode, "destination_sync_mode": "append",
                         **({"cursor_field": s["default_cursor_field"]} if mode == "incremental"
                            else {})} for s in streams]}


class Case(sb.SyncCase):
    """A sandbox, tokens it issued, and the config a platform keeps: replaced by the config of
    every CONTROL message, as Airbyte stores it (the sandbox rotates refresh tokens, so the old
    config stops working after a refresh)."""

    def __init__(self, *sandbox_flags, **config):
        super().__init__(BUILD, "airbyte-e2e-", *sandbox_flags, **config)
        self.secrets = [self.access, self.refresh, sb.APP_SECRET]

    def other_config(self, name, **overrides):
        """The current config with `overrides`; a None value removes the key."""
        with open(self.config) as f:
            config = json.load(f)
        config.update(overrides)
        return sb.write_json(self.dir, name, {k: v for k, v in config.items() if v is not None})

    def run(self, *args, expect=0, config=None):
        got = airbyte(args[0], "--config", config or self.config, *args[1:],
                      secrets=self.secrets, expect=expect)
        for control in of_type(got, "CONTROL"):
            new = control["control"]["connectorConfig"]["config"]
            self.secrets += [new["refresh_token"], new.get("access_token")]
            if config is None:
                sb.write_json(self.dir, "config.json", new)
        return got

    def discover(self):
        got = self.run("discover")
        return {s["name"]: s for s in of_type(got, "CATALOG")[0]["catalog"]["streams"]}

    def read(self, catalog, state=None, expect=0):
        args = ["read", "--catalog", sb.write_json(self.dir, "catalog.json", catalog)]
        if state is not None:
            args += ["--state", sb.write_json(self.dir, "state.json", state)]
        return self.run(*args, expect=expect)


def record_keys(got, stream):
    return [(m["record"]["data"]["_shop_id"], m["record"]["data"][stream["source_defined_primary_key"][1][0]])
            for m in of_type(got, "RECORD") if m["record"]["stream"] == stream["name"]]


def last_states(got):
    """The last STATE per stream, as the platform would store them."""
    states = {}
    for m in of_type(got, "STATE"):
        states[m["state"]["stream"]["stream_descriptor"]["name"]] = m["state"]
    return list(states.values())


def case_spec_is_valid():
    got = airbyte("spec")
    sb.check(len(got) == 1 and got[0]["type"] == "SPEC", "spec prints one SPEC message")
    spec = got[0]["spec"]["connectionSpecification"]
    SPEC.validate(spec)
    jsonschema.Draft7Validator.check_schema(spec)
    props = spec["properties"]
    for secret in ("refresh_token", "access_token", "app_secret"):
        sb.check(props[secret].get("airbyte_secret") is True, secret + " is airbyte_secret")
    sb.check(props["oauth_client"]["properties"]["client_secret"].get("airbyte_secret") is True,
             "oauth_client.client_secret is airbyte_secret")
    for field in ("shop_ids", "start_date", "page_size", "lookback_seconds"):
        sb.check(field in props, "spec offers " + field)
    sb.check("refresh_token" in spec["required"], "refresh_token is required")
    # A config the tests use validates against the spec.
    with Case() as case:
        with open(case.config) as f:
            jsonschema.validate(json.load(f), spec)


def case_check_succeeds_and_fails_cleanly():
    with Case() as case:
        got = case.run("check")
        status = of_type(got, "CONNECTION_STATUS")[0]["connectionStatus"]
        sb.check(status["status"] == "SUCCEEDED", "check with a good config: %s" % status)
        sb.check("2 shop(s)" in status["message"], status["message"])
        # A wrong app secret (both copies, as a platform user would mistype it).
        wrong = case.other_config("wrong.json", app_secret="not_the_secret", access_token=None,
                                  oauth_client={"service_region": "non_us",
                                                "client_id": sb.APP_KEY,
                                                "client_secret": "not_the_secret",
                                                "service_id": sb.SERVICE_ID})
        case.secrets.append("not_the_secret")
        got = case.run("check", config=wrong)
        status = of_type(got, "CONNECTION_STATUS")[0]["connectionStatus"]
        sb.check(status["status"] == "FAILED", "a wrong secret fails: %s" % status)
        # A dead refresh token.
        dead = case.other_config("dead.json", refresh_token="rt-that-never-was", access_token=None)
        case.secrets.append("rt-that-never-was")
        got = case.run("check", config=dead)
        status = of_type(got, "CONNECTION_STATUS")[0]["connectionStatus"]
        sb.check(status["status"] == "FAILED", "a dead refresh token fails: %s" % status)
        # A shop the tokens do not cover.
        other = case.other_config("other.json", shop_ids=["999"])
        status = of_type(case.run("check", config=other),
                         "CONNECTION_STATUS")[0]["connectionStatus"]
        sb.check(status["status"] == "FAILED" and "999" in status["message"], status)
        # A config that is not one: check names the field; discover stops on a TRACE
        # config_error and exit 1.
        bad = sb.write_json(case.dir, "bad.json", {"refresh_token": 5})
        status = of_type(airbyte("check", "--config", bad), "CONNECTION_STATUS")[0]
        sb.check(status["connectionStatus"]["status"] == "FAILED" and
                 "/oauth_client" in status["connectionStatus"]["message"], status)
        got = airbyte("discover", "--config", bad, expect=1)
        sb.check(got[-1]["trace"]["error"]["failure_type"] == "config_error", got[-1])


def case_discover_lists_streams():
    with Case() as case:
        streams = case.discover()
        for name in ("orders", "products"):
            stream = streams[name]
            jsonschema.Draft7Validator.check_schema(stream["json_schema"])
            sb.check("incremental" in stream["supported_sync_modes"], name + " is incremental")
            sb.check(stream["default_cursor_field"] == ["update_time"], stream)
            sb.check(stream["source_defined_primary_key"] == [["_shop_id"], ["id"]], stream)
        sb.check(all("full_refresh" in s["supported_sync_modes"] for s in streams.values()),
                 "every stream has full_refresh")


def case_full_refresh_reads_the_same_twice():
    with Case() as case:
        streams = case.discover()
        chosen = [streams["orders"], streams["products"]]
        catalog = configured(chosen, "full_refresh")
        first = case.read(catalog)
        second = case.read(catalog)
        for stream in chosen:
            validator = jsonschema.Draft7Validator(stream["json_schema"])
            for m in of_type(first, "RECORD"):
                if m["record"]["stream"] == stream["name"]:
                    validator.validate(m["record"]["data"])
            keys = record_keys(first, stream)
            sb.check(len(keys) > 0, "records of " + stream["name"])
            sb.check(len(set(keys)) == len(keys), "no record twice in " + stream["name"])
            sb.check(sorted(keys) == sorted(record_keys(second, stream)),
                     "two full refreshes of %s give the same records" % stream["name"])
        statuses = [(m["trace"]["stream_status"]["stream_descriptor"]["name"],
                     m["trace"]["stream_status"]["status"]) for m in of_type(first, "TRACE")]
        for stream in chosen:
            sb.check([s for n, s in statuses if n == stream["name"]] ==
                     ["STARTED", "RUNNING", "COMPLETE"], statuses)


def cursor_of(stream, message):
    return message["record"]["data"][stream["default_cursor_field"][0]]


def case_incremental_resumes_from_state():
    with Case() as case:
        stream = case.discover()["orders"]
        catalog = configured([stream], "incremental")
        first = case.read(catalog)
        all_keys = record_keys(first, stream)
        sb.check(all_keys and len(set(all_keys)) == len(all_keys), "first read, no repeats")
        states = of_type(first, "STATE")
        sb.check(len(states) > 2, "a STATE per committed slice")
        counted = sum(s["state"]["sourceStats"]["recordCount"] for s in states)
        sb.check(counted == len(all_keys), "recordCount adds up to %d, not %d" %
                 (len(all_keys), counted))
        # A STATE comes only after the records it covers: resuming from a middle one gives the
        # rest, every record at or after that state's cursor, none of those before it.
        middle = states[len(states) // 2]["state"]
        position = first.index(states[len(states) // 2])
        before = set(record_keys(first[:position], stream))
        cursors = middle["stream"]["stream_state"]["cursors"]
        second = case.read(catalog, state=[middle])
        for m in of_type(second, "RECORD"):
            shop = m["record"]["data"]["_shop_id"]
            sb.check(shop not in cursors or cursor_of(stream, m) >= cursors[shop],
                     "record before the state's cursor: %s" % m)
        again = record_keys(second, stream)
        sb.check(len(set(again)) == len(again), "no record twice in the resumed read")
        sb.check(not (before & set(again)), "records before the state were read again")
        sb.check(before | set(again) == set(all_keys), "the resumed read lost records")
        # And from the last state: nothing new.
        third = case.read(catalog, state=last_states(first))
        sb.check(not of_type(third, "RECORD"), "a read from the final state finds nothing new")


def case_token_expiring_mid_read_is_refreshed():
    # Access tokens live 2 s and every call takes 300 ms: the read outlives its token.
    with Case("--access-token-lifetime", "2", "--fault-latency", "1", "--latency-ms", "300") as case:
        case.config = case.other_config("config.json", access_token=case.access)
        stream = case.discover()["orders"]
        got = case.read(configured([stream], "incremental"))
        controls = of_type(got, "CONTROL")
        first_record = next(i for i, m in enumerate(got) if m["type"] == "RECORD")
        sb.check(any(got.index(c) > first_record for c in controls),
                 "a CONTROL message follows a refresh in the middle of the read")
        new_config = controls[-1]["control"]["connectorConfig"]["config"]
        sb.check(new_config["refresh_token"] != case.refresh, "the refresh token rotated")
        sb.check(of_type(got, "RECORD"), "the read went on")
        # The platform stored the new config: it works; the old refresh token is spent.
        status = of_type(case.run("check"), "CONNECTION_STATUS")[0]["connectionStatus"]
        sb.check(status["status"] == "SUCCEEDED", status)
        spent = case.other_config("spent.json", refresh_token=case.refresh, access_token=None)
        status = of_type(case.run("check", config=spent),
                         "CONNECTION_STATUS")[0]["connectionStatus"]
        sb.check(status["status"] == "FAILED", status)


def case_killed_read_resumes_from_its_last_state():
    with Case("--fault-latency", "1", "--latency-ms", "150") as case:
        stream = case.discover()["orders"]
        catalog = configured([stream], "incremental")
        whole = record_keys(case.read(catalog), stream)
        catalog_path = sb.write_json(case.dir, "catalog.json", catalog)
        proc = subprocess.Popen(sb.host_command(BUILD, *CONNECTOR, "read", "--config", case.config,
                                                "--catalog", catalog_path),
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                env={**os.environ, "TMPDIR": sb.tmp_root()})
        seen = []
        states = 0
        for line in proc.stdout:
            seen.append(line.rstrip("\n"))
            if json.loads(line)["type"] == "STATE":
                states += 1
                if states == 4:
                    proc.send_signal(signal.SIGKILL)
                    break
        proc.wait()
        sb.check(states == 4, "the read ended before it could be killed")
        first = messages(seen, case.secrets)
        for control in of_type(first, "CONTROL"):
            sb.write_json(case.dir, "config.json", control["control"]["connectorConfig"]["config"])
        resumed = case.read(catalog, state=last_states(first))
        got = set(record_keys(first, stream)) | set(record_keys(resumed, stream))
        sb.check(got == set(whole), "a killed read resumed from its last state lost %d records" %
                 len(set(whole) - got))
        # The killed run could not remove its private directory; the resumed one removed its own.
        for leftover in sb.leftover_private_dirs():
            subprocess.run(["rm", "-rf", os.path.join(sb.tmp_root(), leftover)], check=True)


if __name__ == "__main__":
    sb.run_case(globals())
