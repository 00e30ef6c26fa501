#!/usr/bin/env python3
"""Measure `migc check DIR` end to end on generated models; print a table.

    python3 bench/measure.py --bin target/release/migc [--runs 10] [--report FILE] DIR...
    python3 bench/measure.py --bin NEW --baseline OLD --runs 30 bench/out/model-100000 bench/out/model-1000000
    python3 bench/measure.py --bin NEW --targets v1 DIR...   # judge against earlier targets

Called by bench/run.sh. For each DIR: lines, .mig files and bytes of the model; wall
time of `migc check DIR` (best and median of --runs runs after 2 warm-up runs; hyperfine
if installed, else a perf_counter loop); peak memory (GNU time's "Maximum resident set
size" if /usr/bin/time is GNU time, else getrusage(RUSAGE_CHILDREN) of a child; the
fallback over-reports by up to the RSS of the forking Python process, ~10 MB, because
Linux counts the pre-exec RSS of the child).
With --baseline OLD, each model is timed with both binaries side by side in one run (these
machines are noisy): one hyperfine invocation with both commands (the perf_counter loop
interleaves the runs of the two binaries, alternating which goes first), and peak memory
is measured for both (interleaved). The table then has old and new columns and the new/old
ratio of the median (and best) wall time; below 1 means the new binary is faster.
Before timing, a model without planted problems must check clean with --bin (exit 0 with
--deny-warnings: no error, no warning under all rules). A model made with
`gen_model.py --violations N` (DIR/planted.tsv has rows) is verified instead: every planted
problem must be reported at its declaration (bench/verify_planted.py); it is then timed with
its findings rendered (exit 1 is expected). The baseline binary is not held to either check
(its rules may differ): its exit code and counts of findings are printed for information.
The targets (--targets, see TARGET_SETS) are judged on the --bin binary and the clean
models; the models with violations get their own verdict lines. Ratios between model sizes
(100k/10k, 1M/100k) are printed whenever both sizes were measured.
Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no bench/__pycache__ in the work tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verify_planted  # noqa: E402

# Named sets of targets; the newest is the default, the earlier ones stay for history and
# for re-judging old figures (--targets NAME).
#   sizes:  (model lines, wall time budget in s (median), peak memory budget in MB (MiB))
#   ratios: (larger model lines, smaller model lines, budget for time(larger)/time(smaller),
#            judged on "median" or "best" of the runs; the other is printed too)
TARGET_SETS = {
    # Issues 2 and 3 (language checks, then all 44 rules).
    "v1": dict(sizes=[(100_000, 0.5, 300)],
               # Judged on best-of-N: the median of a ~30 ms run swings with other load on a 2-core machine.
               ratios=[(100_000, 10_000, 12, "best")]),
    # The 1M-line issue: 100k lines in 60 ms, 1M lines in 0.7 s.
    "v2": dict(sizes=[(100_000, 0.060, 80), (1_000_000, 0.7, 600)],
               ratios=[(1_000_000, 100_000, 11, "median")]),
}
DEFAULT_TARGETS = "v2"
RATIO_LINES = [(100_000, 10_000), (1_000_000, 100_000)]  # printed whenever both sizes are present


def model_size(d):
    lines = files = size = 0
    for base, _, names in os.walk(d):
        for n in names:
            if n.endswith(".mig"):
                with open(os.path.join(base, n), "rb") as fh:
                    b = fh.read()
                files += 1
                size += len(b)
                lines += b.count(b"\n") + (0 if b.endswith(b"\n") or not b else 1)
    return lines, files, size


def times_hyperfine(cmds, runs, oks):
    """Time every command of cmds in one hyperfine invocation. oks[i]: the exit codes allowed
    for cmds[i] (None: any, for the baseline). Returns one dict per command."""
    with tempfile.TemporaryDirectory() as tmp:
        js = os.path.join(tmp, "h.json")
        # --ignore-failure: migc exits 1 when it reports errors; the exit codes are checked below.
        subprocess.run(["hyperfine", "--shell=none", "--warmup", "2", "--runs", str(runs), "--style", "none",
                        "--ignore-failure", "--export-json", js, *(shlex.join(c) for c in cmds)],
                       check=True, stdout=subprocess.DEVNULL)
        with open(js, encoding="utf-8") as fh:
            results = json.load(fh)["results"]
    out = []
    for cmd, ok, r in zip(cmds, oks, results):
        codes = sorted(set(r.get("exit_codes", [])))
        if ok is not None and any(c not in ok for c in codes):
            sys.exit(f"measure: {shlex.join(cmd)} failed (exit codes {codes})")
        out.append(dict(median=r["median"], best=r["min"], cpu=r["user"] + r["system"], codes=codes))
    return out


def times_loop(cmds, runs, oks):
    """The same without hyperfine: the runs of the commands are interleaved (round i runs every
    command once, the order reversed every other round), after 2 warm-up rounds."""
    ts = [[] for _ in cmds]
    cpu = [[] for _ in cmds]
    codes = [set() for _ in cmds]
    for rnd in range(2 + runs):
        order = list(range(len(cmds)))
        if rnd % 2:
            order.reverse()
        for i in order:
            t = time.perf_counter()
            p = subprocess.Popen(cmds[i], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, ru = os.wait4(p.pid, 0)
            dt = time.perf_counter() - t
            code = os.waitstatus_to_exitcode(status)
            if oks[i] is not None and code not in oks[i]:
                sys.exit(f"measure: {shlex.join(cmds[i])} failed (exit {code})")
            codes[i].add(code)
            if rnd >= 2:
                ts[i].append(dt)
                cpu[i].append(ru.ru_utime + ru.ru_stime)
    return [dict(median=statistics.median(t), best=min(t), cpu=statistics.mean(c), codes=sorted(k))
            for t, c, k in zip(ts, cpu, codes)]


def gnu_time():
    t = "/usr/bin/time"
    if not os.access(t, os.X_OK):
        return None
    p = subprocess.run([t, "-v", "true"], capture_output=True, text=True)
    return t if "Maximum resident set size" in p.stderr else None


def peak_kb(cmds, tries=3):
    """The largest peak RSS (KiB) over a few runs of each command (runs interleaved)."""
    t = gnu_time()
    best = [0] * len(cmds)
    for _ in range(tries):
        for i, cmd in enumerate(cmds):
            if t:
                p = subprocess.run([t, "-v"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
                kb = int(m.group(1)) if m else 0
            else:
                code = ("import resource, subprocess, sys; "
                        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
                        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
                kb = int(subprocess.run([sys.executable, "-c", code] + cmd, capture_output=True, text=True).stdout)
            best[i] = max(best[i], kb)
    return best, ("GNU time -v" if t else "getrusage(RUSAGE_CHILDREN)")


def severities(diags):
    sev = {k: sum(1 for x in diags if x.get("severity") == k) for k in ("error", "warning", "note")}
    return f"{sev['error']}/{sev['warning']}/{sev['note']}"


def baseline_info(binary, d):
    """For information only: the baseline's exit code with --deny-warnings and its findings."""
    p = subprocess.run([binary, "check", d, "--deny-warnings", "--color", "never"], capture_output=True, text=True)
    j = subprocess.run([binary, "check", d, "--format", "json"], capture_output=True, text=True)
    try:
        found = severities(json.loads(j.stdout)["diagnostics"]) + " E/W/N"
    except (ValueError, KeyError, TypeError):
        found = f"findings unknown (no JSON diagnostics; exit {j.returncode})"
    return f"baseline exit {p.returncode} with --deny-warnings, {found}"


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {cpu}, {platform.system()} {platform.release()}"


def size_name(n):
    return f"{n // 1_000_000}M" if n >= 1_000_000 and n % 1_000_000 == 0 else f"{n // 1000}k"


def dur(s):
    return f"{s * 1000:g} ms" if s < 0.1 else f"{s:g} s"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True, help="the binary measured and judged (the new build)")
    ap.add_argument("--baseline", metavar="BIN", help="an old build, timed side by side with --bin")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--targets", default=DEFAULT_TARGETS, choices=sorted(TARGET_SETS),
                    help=f"the set of targets to judge (default {DEFAULT_TARGETS})")
    ap.add_argument("--report")
    ap.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    if a.baseline and not (os.path.isfile(a.baseline) and os.access(a.baseline, os.X_OK)):
        sys.exit(f"measure: --baseline {a.baseline} is not an executable file")
    targets = TARGET_SETS[a.targets]

    timer = "hyperfine" if shutil.which("hyperfine") else "python perf_counter loop"
    rows = []
    load_before = os.getloadavg()
    print(f"== 1-minute load average at start: {load_before[0]:.2f}", file=sys.stderr)
    checks = []  # what was verified before timing
    memtool = None
    for d in a.dirs:
        cmd = [a.bin, "check", d]
        planted = verify_planted.read_planted(d)
        if planted:
            _, missing, diags = verify_planted.verify(a.bin, d, out=sys.stderr)
            problems = len({r["problem"] for r in planted})
            checks.append(f"{os.path.basename(d)}: {problems} planted problems, {len(planted)} expected findings, "
                          + ("all reported" if not missing else f"{len(missing)} NOT reported: "
                             + "; ".join(f"{r['rule']} {r['file']}:{r['line']} ({r['what']})" for r in missing)))
        else:
            p = subprocess.run(cmd + ["--deny-warnings", "--color", "never"], capture_output=True, text=True)
            if p.returncode != 0:
                print(p.stdout[-2000:], p.stderr[-2000:], file=sys.stderr)
                sys.exit(f"measure: {d} does not check clean (exit {p.returncode})")
            diags = json.loads(subprocess.run(cmd + ["--format", "json"], capture_output=True, text=True).stdout)["diagnostics"]
            checks.append(f"{os.path.basename(d)}: clean (exit 0 with --deny-warnings; {len(diags)} diagnostics)")
        if a.baseline:
            checks[-1] += f"; {baseline_info(a.baseline, d)}"
        lines, files, size = model_size(d)
        cmds = [cmd] if not a.baseline else [[a.baseline, "check", d], cmd]  # the new binary last
        oks = [(0, 1) if planted else (0,)]
        if a.baseline:
            oks.insert(0, None)  # the baseline may find what the new binary does not, or fail
        print(f"== timing {os.path.basename(d)} ({lines} lines) with {timer}, {a.runs} runs"
              + (", baseline and new side by side" if a.baseline else ""), file=sys.stderr)
        timed = times_hyperfine if timer == "hyperfine" else times_loop
        res = timed(cmds, a.runs, oks)
        kbs, memtool = peak_kb(cmds)
        for r, kb in zip(res, kbs):
            r["mb"] = kb / 1024
        new = res[-1]
        rows.append(dict(name=os.path.basename(d), lines=lines, files=files, bytes=size, planted=bool(planted),
                         findings=severities(diags), new=new, old=res[0] if a.baseline else None,
                         best=new["best"], median=new["median"], cpu=new["cpu"], mb=new["mb"]))
    load_after = os.getloadavg()

    out = []
    out.append(f"machine: {machine()}")
    out.append(f"binary:  {a.bin}")
    if a.baseline:
        out.append(f"baseline: {a.baseline} (the \"old\" columns; verdicts are on the binary above)")
    out.append(f"load:    1-minute load average {load_before[0]:.2f} at start, {load_after[0]:.2f} at end "
               f"(1/5/15 min: {' '.join(f'{x:.2f}' for x in load_before)} before, "
               f"{' '.join(f'{x:.2f}' for x in load_after)} after)")
    out.append(f"timing:  {timer}, best and median of {a.runs} runs after 2 warm-ups"
               + (" (both binaries in one hyperfine run)" if a.baseline and timer == "hyperfine" else "")
               + (" (runs of both binaries interleaved)" if a.baseline and timer != "hyperfine" else "")
               + f"; memory: {memtool} (max of 3 runs{' each' if a.baseline else ''}; MB = MiB)")
    out.append("")
    out.append("checked: " + "\n         ".join(checks))
    out.append("")
    if not a.baseline:
        out.append("| model | lines | files | bytes | findings (E/W/N) | best s | median s | CPU s (mean user+sys) | peak MB | lines/s (median) |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            out.append(f"| {r['name']} | {r['lines']} | {r['files']} | {r['bytes']} | {r['findings']} | {r['best']:.4f} "
                       f"| {r['median']:.4f} | {r['cpu']:.4f} | {r['mb']:.1f} | {r['lines'] / r['median']:,.0f} |")
    else:
        out.append("| model | lines | files | findings (E/W/N, new) | median s old | median s new | best s old | best s new "
                   "| CPU s old | CPU s new | peak MB old | peak MB new | new/old median | new/old best | lines/s (new median) |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            o, n = r["old"], r["new"]
            out.append(f"| {r['name']} | {r['lines']} | {r['files']} | {r['findings']} | {o['median']:.4f} | {n['median']:.4f} "
                       f"| {o['best']:.4f} | {n['best']:.4f} | {o['cpu']:.4f} | {n['cpu']:.4f} | {o['mb']:.1f} | {n['mb']:.1f} "
                       f"| {n['median'] / o['median']:.2f} | {n['best'] / o['best']:.2f} | {r['lines'] / n['median']:,.0f} |")
    clean = [r for r in rows if not r["planted"]]

    def near(n, among=clean):
        """The row whose size is nearest n lines, within 30%."""
        cands = [r for r in among if abs(r["lines"] - n) <= 0.3 * n]
        return min(cands, key=lambda r: abs(r["lines"] - n)) if cands else None

    out.append("")
    ratios = {}
    for big_n, small_n in RATIO_LINES + [(b, s) for b, s, _, _ in targets["ratios"]]:
        big, small = near(big_n), near(small_n)
        if not (big and small) or (big_n, small_n) in ratios:
            continue
        ratios[(big_n, small_n)] = (big["median"] / small["median"], big["best"] / small["best"])
        line = (f"ratio time({big['name']}) / time({small['name']}): median {ratios[(big_n, small_n)][0]:.1f}x, "
                f"best {ratios[(big_n, small_n)][1]:.1f}x (lines ratio {big['lines'] / small['lines']:.1f}x)")
        if a.baseline:
            line += (f"; baseline: median {big['old']['median'] / small['old']['median']:.1f}x, "
                     f"best {big['old']['best'] / small['old']['best']:.1f}x")
        out.append(line)

    verdicts = []
    for big_n, small_n, budget, on in targets["ratios"]:
        if (big_n, small_n) not in ratios:
            continue
        ratio_m, ratio_b = ratios[(big_n, small_n)]
        judged, other = (ratio_m, f"best {ratio_b:.1f}x") if on == "median" else (ratio_b, f"median {ratio_m:.1f}x")
        verdicts.append((f"time({size_name(big_n)})/time({size_name(small_n)}) <= {budget}x ({on} of N)",
                         judged <= budget, f"{judged:.1f}x; {other}"))
    for n, secs, mb in targets["sizes"]:
        r = near(n)
        if r:
            verdicts.append((f"{size_name(n)} lines <= {dur(secs)} (median)", r["median"] <= secs,
                             f"{r['median']:.4f} s, best {r['best']:.4f} s"))
            verdicts.append((f"peak memory <= {mb} MB ({r['name']})", r["mb"] <= mb, f"{r['mb']:.1f} MB"))
        v = near(n, [r for r in rows if r["planted"]])
        if v:
            verdicts.append((f"with violations: {v['name']} <= {dur(secs)} (median)", v["median"] <= secs,
                             f"{v['median']:.4f} s, {v['findings']} E/W/N findings rendered"))
            verdicts.append((f"with violations: peak memory <= {mb} MB ({v['name']})", v["mb"] <= mb,
                             f"{v['mb']:.1f} MB"))
    if not verdicts:
        out.append(f"targets {a.targets}: no model near "
                   + " or ".join(f"{size_name(n)} lines" for n, _, _ in targets["sizes"]) + ", nothing judged")
    for what, ok, got in verdicts:
        out.append(f"target {what}: {'met' if ok else 'MISSED'} ({got})")
    text = "\n".join(out) + "\n"
    print(text)
    if a.report:
        with open(a.report, "w", encoding="utf-8") as fh:
            fh.write(text)


if __name__ == "__main__":
    main()
