#!/usr/bin/env python3
"""Every shipped flow manifest (manifests/flows/*.json) is valid against
manifests/schemas/flow.schema.json, and the schema refuses what the host refuses: an export with
both "output" and "output_table", with neither, or into a table whose name is not [a-z][a-z0-9_]*.

    shipped_flows_schema_test.py   (run by ctest as e2e.catalog.shipped_flows_match_the_flow_schema)
"""
import glob
import json
import os
import sys

import jsonschema

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def main():
    with open(os.path.join(ROOT, "manifests", "schemas", "flow.schema.json")) as f:
        validator = jsonschema.Draft202012Validator(json.load(f))
    failures = []
    shipped = sorted(glob.glob(os.path.join(ROOT, "manifests", "flows", "*.json")))
    if not shipped:
        failures.append("no shipped flow manifests found")
    for path in shipped:
        with open(path) as f:
            for error in validator.iter_errors(json.load(f)):
                failures.append(f"{os.path.relpath(path, ROOT)}: {error.json_path}: {error.message}")
    export = {"name": "x", "connection": "c", "kind": "export", "resource": "orders", "shop": "s"}
    refused = {
        "output and output_table": dict(export, output="o.jsonl", output_table="t"),
        "neither output nor output_table": export,
        "a table name with a capital": dict(export, output_table="Orders"),
        "output_table with documents": dict(export, output_table="t", documents={}),
    }
    for what, manifest in refused.items():
        if validator.is_valid(manifest):
            failures.append(f"the schema accepts an export with {what}")
    if not validator.is_valid(dict(export, output_table="shop_orders")):
        failures.append("the schema refuses an export into a table")
    for failure in failures:
        print(failure)
    print(f"{len(shipped)} shipped flow manifests checked, {len(failures)} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
