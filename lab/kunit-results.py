#!/usr/bin/env python3
"""Turn the KUnit KTAP in a console log into result lines for make check.

Usage: kunit-results.py TREE LOG GROUP
Runs the kernel's own parser (tools/testing/kunit/kunit.py parse --json) and prints one
line per test case: GROUP<TAB>kunit: suite.case<TAB>pass|fail|skip. Prints nothing when
the log holds no KUnit output.
"""
import json
import os
import subprocess
import sys

tree, log, group = sys.argv[1:4]
log = os.path.abspath(log)
out = subprocess.run([sys.executable, f"{tree}/tools/testing/kunit/kunit.py", "parse",
                      "--json", log], capture_output=True, text=True)
start = out.stdout.find("{")
if start < 0:
    sys.exit(0)
doc = json.JSONDecoder().raw_decode(out.stdout[start:])[0]
status = {"PASS": "pass", "SKIP": "skip"}


def walk(node, prefix):
    for case in node.get("test_cases", []):
        print(f"{group}\tkunit: {prefix}{case['name']}\t{status.get(case['status'], 'fail')}")
    for sub in node.get("sub_groups", []):
        walk(sub, f"{prefix}{sub['name']}.")


for suite in doc.get("sub_groups", []):
    walk(suite, f"{suite['name']}.")
