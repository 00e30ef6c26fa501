#!/usr/bin/env python3
"""Time `migc check` on pathological inputs, for one binary or several side by side.

    python3 bench/pathological.py --bin /work/bin/migc-old-9e04b0d
    python3 bench/pathological.py --bin OLD --bin NEW --runs 10 --timeout 10
    python3 bench/pathological.py --bin NEW --cases nest,oneline   # only some series

Inputs are generated into bench/out/pathological/ (git-ignored). Each run gets a
timeout; a binary that exceeds it on an input is reported as "timeout" and is not
run on the larger inputs of the same series. Wall time is the median of --runs runs
(hyperfine when installed, else a perf_counter loop); peak memory is one run under
GNU time. Within a series, the ratio of each size's median to the previous size's
shows how time grows. Python 3 standard library only.
"""

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---- the inputs -------------------------------------------------------------------------


def nested(out: Path, n: int) -> Path:
    """N nested blocks with a syntax error (`=`) at the bottom."""
    lines = ["asset a {"]
    lines += ["  " * (i + 1) + "x {" for i in range(n)]
    lines.append("  " * (n + 1) + "bad = 1")
    lines += ["  " * (n - i) + "}" for i in range(n)]
    lines.append("}")
    return write(out / f"nest-{n}.mig", "\n".join(lines) + "\n")


def oneline_props(out: Path, n: int) -> Path:
    """N unknown properties on one line: one MIG2002 each."""
    return write(out / f"oneline-props-{n}.mig", "asset a { " + "zz 1; " * n + "}\n")


def oneline_syntax(out: Path, n: int) -> Path:
    """N entries with a bad token on one line (one syntax error each, if the parser recovers per entry)."""
    return write(out / f"oneline-syntax-{n}.mig", "asset a { " + "x @; " * n + "}\n")


def unknown_names(out: Path, refs: int, symbols: int = 10_000) -> Path:
    """A project with `symbols` data declarations and `refs` references to unknown data:
    half are near misses (one letter dropped), half match nothing."""
    d = out / f"unknown-{refs}"
    decls = [f"data data_record_{i:05} {{ class non_medical }}" for i in range(symbols)]
    write(d / "data.mig", "\n".join(decls) + "\n")
    names = []
    for j in range(refs):
        i = j % symbols
        names.append(f"data_recrd_{i:05}" if j % 2 == 0 else f"unknown_item_{j:05}")
    body = ",\n  ".join(names)
    asset = (
        'import "data.mig"\n'
        "site s1 { kind datacenter; country JP }\n"
        f"asset a1 {{ kind server; at s1; stores [\n  {body}\n] }}\n"
    )
    write(d / "model.mig", asset)
    write(d / "mig.toml", '[project]\nname = "unknown"\nentry = ["model.mig"]\n')
    return d


def long_name(out: Path, size: int) -> Path:
    """One declaration with a `size`-byte name and a reference with one letter changed."""
    name = "n" + "a" * (size - 1)
    miss = name[: size // 2] + "b" + name[size // 2 + 1 :]
    text = (
        f"data {name} {{ class non_medical }}\n"
        "site s1 { kind datacenter; country JP }\n"
        f"asset a1 {{ kind server; at s1; stores [{miss}] }}\n"
    )
    return write(out / f"long-name-{size}.mig", text)


def generated(out: Path, lines: int) -> Path:
    d = out / f"model-{lines}"
    if not (d / "mig.toml").exists():
        subprocess.run(
            [sys.executable, str(HERE / "gen_model.py"), "--seed", "1", "--lines", str(lines), "--out", str(d)],
            check=True,
        )
    return d


# (series, size label, generator); sizes grow within a series.
def cases(out: Path):
    yield from (("nest", n, lambda n=n: nested(out, n)) for n in (10, 20, 25, 1000))
    yield from (("oneline-props", n, lambda n=n: oneline_props(out, n)) for n in (10_000, 100_000))
    yield from (("oneline-syntax", n, lambda n=n: oneline_syntax(out, n)) for n in (10_000, 100_000))
    yield from (("unknown", n, lambda n=n: unknown_names(out, n)) for n in (10_000, 50_000))
    yield from (("long-name", n, lambda n=n: long_name(out, n)) for n in (10_000, 100_000))
    yield ("model", 100_000, lambda: generated(out, 100_000))


# ---- running ----------------------------------------------------------------------------

SUMMARY = re.compile(r"(\d+) error\(s\)")


def run_once(binary: str, path: Path, timeout: float):
    """(seconds, errors reported) or None on timeout."""
    cmd = [binary, "check", str(path), "--lang", "en", "--color", "never"]
    t0 = time.perf_counter()
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    dt = time.perf_counter() - t0
    m = SUMMARY.search(p.stdout.decode("utf-8", "replace")[-500:])
    return dt, (int(m.group(1)) if m else None), p.returncode


def median_time(binary: str, path: Path, runs: int, timeout: float, first: float):
    """(median wall seconds, mean CPU seconds user+sys) or None on timeout."""
    cmd = [binary, "check", str(path), "--lang", "en", "--color", "never"]
    # hyperfine cannot stop a slow run; use it only when all runs fit the timeout.
    if shutil.which("hyperfine") and first * runs < timeout:
        with tempfile.NamedTemporaryFile(suffix=".json") as f:
            subprocess.run(
                ["hyperfine", "--shell=none", "--warmup", "1", "--runs", str(runs), "--ignore-failure",
                 "--style", "none", "--export-json", f.name, " ".join(cmd)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
            )
            r = json.load(open(f.name))["results"][0]
            return statistics.median(r["times"]), r["user"] + r["system"]
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        r = run_once(binary, path, timeout)
        if r is None:
            return None
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(r[0])
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times), statistics.mean(cpu)


def peak_mb(binary: str, path: Path, timeout: float):
    if not Path("/usr/bin/time").exists():
        return None
    cmd = ["/usr/bin/time", "-v", binary, "check", str(path), "--lang", "en", "--color", "never"]
    try:
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr.decode())
    return int(m.group(1)) / 1024 if m else None


def size_of(path: Path) -> int:
    if path.is_dir():
        return sum(f.stat().st_size for f in path.rglob("*.mig"))
    return path.stat().st_size


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", action="append", required=True, help="a migc binary (repeat to compare)")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds per run")
    ap.add_argument("--cases", default="", help="comma-separated series (nest, oneline-props, ...)")
    ap.add_argument("--out", default=str(HERE / "out" / "pathological"))
    args = ap.parse_args()
    out = Path(args.out)
    wanted = set(filter(None, args.cases.split(",")))

    names = [os.path.basename(b) for b in args.bin]
    head = "| input | bytes | " + " | ".join(f"{n}: median s | CPU s | ×prev | errors | peak MB" for n in names) + " |"
    print(f"runs {args.runs}, timeout {args.timeout:g} s, load {os.getloadavg()[0]:.2f}\n", file=sys.stderr)
    rows = [head, "|---|---:|" + "---:|" * (5 * len(names))]
    print(rows[0], flush=True)
    print(rows[1], flush=True)
    prev = {}  # (series, binary) -> median of the previous size, or "timeout"
    for series, n, make in cases(out):
        if wanted and series not in wanted:
            continue
        path = make()
        cells = [f"{series}-{n}", f"{size_of(path):,}"]
        for b in args.bin:
            key = (series, b)
            if prev.get(key) == "timeout":
                cells += ["(skipped)", "", "", "", ""]
                continue
            first = run_once(b, path, args.timeout)
            if first is None:
                prev[key] = "timeout"
                cells += [f"timeout (>{args.timeout:g} s)", "", "", "", ""]
                continue
            timed = median_time(b, path, args.runs, args.timeout, first[0])
            if timed is None:
                prev[key] = "timeout"
                cells += [f"timeout (>{args.timeout:g} s)", "", "", "", ""]
                continue
            med, cpu = timed
            ratio = f"{med / prev[key]:.1f}×" if isinstance(prev.get(key), float) and prev[key] > 0 else ""
            prev[key] = med
            mb = peak_mb(b, path, args.timeout)
            cells += [f"{med:.4f}", f"{cpu:.3f}", ratio, str(first[1]), f"{mb:.1f}" if mb else "?"]
        row = "| " + " | ".join(cells) + " |"
        rows.append(row)
        print(row, flush=True)
    (out / "results.md").write_text("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
