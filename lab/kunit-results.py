#!/usr/bin/env python3
"""Turn the KUnit KTAP in a console log into result lines for make check.

Usage: kunit-results.py TREE LOG GROUP SUITE...
Parses the KTAP the kernel printed at boot (before the first lab job) with the kernel's own
parser (tools/testing/kunit/kunit_parser.py) and prints, tab-separated:
  GROUP  kunit: SUITE.CASE  pass|fail|skip   every test case, at any depth, including a
                                             suite that failed before running any case
  GROUP  kunit: SUITE ran   pass|fail        every suite named on the command line: it
                                             must be there and have run at least one case
  GROUP  kunit: parse       pass|fail        the parser reported no error (truncated or
                                             malformed KTAP, a crash, no KTAP at all)
"""
import contextlib
import io
import os
import re
import sys

tree, log, group, *expected = sys.argv[1:]
sys.dont_write_bytecode = True  # no __pycache__ in the kernel tree (export-check wants it clean)
sys.path.insert(0, os.path.join(tree, "tools/testing/kunit"))
import kunit_parser  # noqa: E402
import kunit_printer  # noqa: E402

S = kunit_parser.TestStatus
# Other drivers print on the console while the tests run (an input device probing, a
# timer warning), between any two KTAP lines: inside the KTAP, keep only what KTAP can be.
timestamp = re.compile(r"^\[\s*\d+\.\d+\] ")
ktap_line = re.compile(r"^(\s|KTAP version |TAP version |1\.\.|ok |not ok |#)")
lines = []
in_ktap = False
with open(log, errors="replace") as f:
    for line in f:
        line = line.replace("\r", "")
        if line.startswith("LAB-JOB-START"):
            break  # the jobs' own TAP is not KUnit's
        body = timestamp.sub("", line, count=1)
        in_ktap = in_ktap or body.startswith("KTAP version ")
        if in_ktap and not ktap_line.match(body):
            continue
        lines.append(line)

# The parser prints its own report through kunit_printer.stdout; keep it for its [ERROR]s.
report = io.StringIO()
kunit_parser.stdout = kunit_printer.Printer(report)
with contextlib.redirect_stdout(report):
    root = kunit_parser.parse_run_tests(lines)


def out(name, status, detail=""):
    print(f"{group}\tkunit: {name}\t{status}\t{detail}")


def errors(test):
    return test.counts.errors + sum(errors(t) for t in test.subtests)


def cases(test, prefix):
    """Leaf tests under @test, as (dotted name, status)."""
    for i, t in enumerate(test.subtests, 1):
        name = f"{prefix}{t.name or f'#{i} (no name: truncated KTAP?)'}"
        if t.subtests:
            yield from cases(t, name + ".")
        else:
            yield name, t.status


status = {S.SUCCESS: "pass", S.SKIPPED: "skip"}
suites = {t.name: t for t in root.subtests}
for name, st in cases(root, ""):
    out(name, status.get(st, "fail"))
for name in expected:
    t = suites.get(name)
    if t is None:
        out(f"{name} ran", "fail", "suite did not run")
    elif not t.subtests:
        out(f"{name} ran", "fail", f"suite ran no case ({t.status.name})")
    else:
        out(f"{name} ran", "pass", f"{sum(1 for _ in cases(t, ''))} cases")
n = errors(root)
bad = [l.split("[ERROR]", 1)[1] for l in report.getvalue().splitlines() if "[ERROR]" in l]
if n or bad or root.status in (S.FAILURE_TO_PARSE_TESTS, S.NO_TESTS):
    out("parse", "fail", f"{len(bad)} errors: " + (bad[0] if bad else root.status.name).strip()[:200])
else:
    out("parse", "pass")
