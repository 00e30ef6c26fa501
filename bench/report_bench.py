#!/usr/bin/env python3
"""Measure `migc report` (and `migc export`) end to end on generated models; print a table.

    python3 bench/report_bench.py --bin NEW [--baseline OLD] [--runs 10] [--formats md,csv,html,xlsx]
        [--diagram-bin DIAGRAM_TIME --diagram-model DIR] [--report FILE] DIR...

Called by bench/report.sh. For each DIR (a clean generated model): wall time (best and median of
--runs runs after 2 warm-ups; hyperfine if installed, else an interleaved perf_counter loop, both
from measure.py) and peak memory of
  - `NEW report DIR --format FORMATS` (every format at once: the issue's target);
  - with --baseline, `OLD report` and `NEW report` side by side with the formats the old build
    has (md,csv), so a slowdown of the shared part shows;
  - `NEW export DIR --format json` and `--format otm`, when the new build has `export`.
The outputs go to a temporary directory; --as-of is fixed so every run writes the same bytes.
With --diagram-bin (the `diagram_time` example, release) and --diagram-model, the 全体構成図 of that
model is timed in-process: layout alone and layout + SVG.
Targets (issue 9): all formats for the 100k-line model in <= 1 s (median) and <= 400 MB; the SVG of
a 1,000-asset model in <= 200 ms (median).
Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import dur, machine, model_size, peak_kb, size_name, times_hyperfine, times_loop  # noqa: E402

AS_OF = "2026-11-01"
TARGET_S, TARGET_MB, TARGET_LINES = 1.0, 400, 100_000
SVG_TARGET_MS, SVG_ASSETS = 200.0, 1000


def has_export(binary):
    return subprocess.run([binary, "export", "--help"], capture_output=True).returncode == 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--baseline", metavar="BIN")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--formats", default="md,csv,html,xlsx")
    ap.add_argument("--diagram-bin")
    ap.add_argument("--diagram-model")
    ap.add_argument("--report")
    ap.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    timer = times_hyperfine if shutil.which("hyperfine") else times_loop
    lines_out = [f"machine: {machine()}", f"timer: {'hyperfine' if timer is times_hyperfine else 'perf_counter loop'}, "
                 f"{a.runs} runs after 2 warm-ups; as-of {AS_OF}", ""]
    rows = [("model", "command", "best", "median", "peak MB", "old median", "new/old")]
    verdicts = []
    with tempfile.TemporaryDirectory() as tmp:
        for d in a.dirs:
            lines, files, _ = model_size(d)
            name = size_name(lines)
            # The model must make documents: a clean model (exit 0 from `check`).
            p = subprocess.run([a.bin, "check", d], capture_output=True, text=True)
            if p.returncode != 0:
                sys.exit(f"report_bench: {d} does not check clean (exit {p.returncode})")
            out = os.path.join(tmp, name)
            jobs = [(f"report --format {a.formats}", [a.bin, "report", d, "--out", out + "-all", "--format", a.formats,
                                                      "--as-of", AS_OF], None)]
            if a.baseline:
                jobs.append(("report --format md,csv", [a.bin, "report", d, "--out", out + "-new", "--format", "md,csv",
                                                       "--as-of", AS_OF],
                             [a.baseline, "report", d, "--out", out + "-old", "--format", "md,csv", "--as-of", AS_OF]))
            if has_export(a.bin):
                for fmt in ("json", "otm"):
                    jobs.append((f"export --format {fmt}", [a.bin, "export", d, "--format", fmt, "--as-of", AS_OF,
                                                            "--output", os.path.join(tmp, f"{name}.{fmt}")], None))
            for label, cmd, old in jobs:
                cmds = [old, cmd] if old else [cmd]
                t = timer(cmds, a.runs, [None, {0}] if old else [{0}])
                kb, _ = peak_kb(cmds)
                new_t, new_kb = t[-1], kb[-1]
                old_med = dur(t[0]["median"]) if old else ""
                ratio = f"{new_t['median'] / t[0]['median']:.2f}" if old else ""
                rows.append((name, label, dur(new_t["best"]), dur(new_t["median"]), f"{new_kb / 1024:.1f}", old_med, ratio))
                if label.startswith("report --format") and old is None and lines >= TARGET_LINES * 0.9 and lines <= TARGET_LINES * 1.1:
                    ok = new_t["median"] <= TARGET_S and new_kb / 1024 <= TARGET_MB
                    verdicts.append(f"{'PASS' if ok else 'FAIL'}: all formats ({a.formats}) for the {name}-line model: "
                                    f"median {dur(new_t['median'])} (<= {TARGET_S:g} s), peak {new_kb / 1024:.1f} MB "
                                    f"(<= {TARGET_MB} MB)")
        if a.diagram_bin and a.diagram_model:
            p = subprocess.run([a.diagram_bin, a.diagram_model, str(max(a.runs, 10))], capture_output=True, text=True)
            if p.returncode != 0:
                sys.exit(f"report_bench: diagram_time failed: {p.stderr.strip()}")
            r = json.loads(p.stdout)
            lines_out.append(f"全体構成図 of {a.diagram_model}: {r['assets']} assets, {r['boxes']} boxes, {r['edges']} edges, "
                             f"SVG {r['svg_bytes'] / 1024:.0f} KiB; layout best/median {r['build_best_ms']}/"
                             f"{r['build_median_ms']} ms; layout + SVG best/median {r['svg_best_ms']}/{r['svg_median_ms']} ms")
            ok = r["assets"] >= SVG_ASSETS and r["svg_median_ms"] <= SVG_TARGET_MS
            verdicts.append(f"{'PASS' if ok else 'FAIL'}: SVG of a {r['assets']}-asset model: median {r['svg_median_ms']} ms "
                            f"(<= {SVG_TARGET_MS:g} ms, >= {SVG_ASSETS} assets)")
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    table = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |" for r in rows]
    table.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    text = "\n".join(lines_out + table + [""] + verdicts) + "\n"
    print(text)
    if a.report:
        with open(a.report, "w", encoding="utf-8") as fh:
            fh.write(text)
    return 1 if any(v.startswith("FAIL") for v in verdicts) else 0


if __name__ == "__main__":
    sys.exit(main())
