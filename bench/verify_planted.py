#!/usr/bin/env python3
"""Check that every problem planted by `gen_model.py --violations N` is reported by migc.

    python3 bench/verify_planted.py --bin target/release/migc DIR [DIR...]

For each DIR, runs `migc check DIR --format json` and reads DIR/planted.tsv (one row per
expected finding: the planted problem's rule, `primary`, and further findings the same
change causes, `also`). A row is confirmed when a diagnostic with that code has its primary
location, or one of its labels, in the row's file between the row's `line` (the
declaration header) and `end_line` (its closing brace).

Prints every row that is not confirmed (a compiler bug or a generator bug: the compiler is
not to be changed to make this pass), a count per rule, and the findings no row accounts for
(side effects of the planted changes, for information). Exit status: 0 when every row is
confirmed, 1 otherwise, 2 on usage errors. With no planted rows, checks that the model has
no errors and no warnings instead.
Python 3.11 standard library only. Also used by bench/measure.py.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import os
import subprocess
import sys


def read_planted(d):
    path = os.path.join(d, "planted.tsv")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    for row in rows:
        row["line"], row["end_line"] = int(row["line"]), int(row["end_line"])
    return rows


def run_check(binary, d):
    p = subprocess.run([binary, "check", d, "--format", "json"], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        raise SystemExit(f"verify_planted: `migc check {d}` failed (exit {p.returncode}):\n{p.stderr[-2000:]}")
    return json.loads(p.stdout)["diagnostics"]


def locations(diag):
    """(basename, line) of the primary location and of every label."""
    out = [(os.path.basename(diag.get("file") or ""), diag.get("line") or 0)]
    out += [(os.path.basename(lb.get("file") or ""), lb.get("line") or 0) for lb in diag.get("labels", [])]
    return out


def matches(diag, row):
    if diag["code"] != row["rule"]:
        return False
    # MIG-RISK-005 is one note for the whole model that lists every retained risk by name.
    if row["rule"] == "MIG-RISK-005":
        return any(f"{row['name']} (" in note for note in diag.get("notes", []))
    return any(f == row["file"] and row["line"] <= line <= row["end_line"] for f, line in locations(diag))


def verify(binary, d, out=sys.stdout):
    """Returns (rows, missing rows, diagnostics)."""
    rows = read_planted(d)
    diags = run_check(binary, d)
    by_code = collections.defaultdict(list)
    for x in diags:
        by_code[x["code"]].append(x)
    missing = [row for row in rows if not any(matches(x, row) for x in by_code[row["rule"]])]
    name = os.path.basename(os.path.normpath(d))
    if not rows:
        bad = [x for x in diags if x["severity"] in ("error", "warning")]
        print(f"{name}: no planted problems; {len(bad)} errors/warnings (expected 0)", file=out)
        for x in bad[:20]:
            print(f"  {x['code']} {x['file']}:{x['line']} {x['message']}", file=out)
        return rows, bad, diags
    problems = {row["problem"] for row in rows}
    print(f"{name}: {len(problems)} planted problems, {len(rows)} expected findings, "
          f"{len(rows) - len(missing)} confirmed, {len(missing)} missing; migc reported {len(diags)} diagnostics",
          file=out)
    per_rule = collections.Counter(row["rule"] for row in rows if row["expect"] == "primary")
    fired = collections.Counter(row["rule"] for row in rows if row["expect"] == "primary" and row not in missing)
    print("  planted (primary) per rule, confirmed/planted: "
          + ", ".join(f"{k} {fired[k]}/{v}" for k, v in sorted(per_rule.items())), file=out)
    for row in missing:
        print(f"  MISSING problem {row['problem']} ({row['expect']}): {row['rule']} expected in "
              f"{row['file']}:{row['line']}-{row['end_line']} ({row['kind']} {row['name']}): {row['what']}", file=out)
    unexplained = collections.Counter(x["code"] for x in diags if not any(matches(x, row) for row in rows))
    if unexplained:
        print("  findings not listed in planted.tsv (side effects): "
              + ", ".join(f"{k} {v}" for k, v in sorted(unexplained.items())), file=out)
    return rows, missing, diags


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True, help="the migc binary")
    ap.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    failed = False
    for d in a.dirs:
        _, missing, _ = verify(a.bin, d)
        failed |= bool(missing)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
