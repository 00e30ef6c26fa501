#!/usr/bin/env python3
"""Benchmark `migc lsp` as an editor drives it, over stdio.

    python3 bench/lsp_bench.py --bin target/release/migc [--bin OTHER] [--lines 10000]
                               [--big-lines 100000] [--edits 200] [--queries 200]

For each binary (several are measured side by side, interleaved, in one run):

- open: the time from `didOpen` of the entry file of a generated --big-lines workspace
  to the first `publishDiagnostics`, and the server's peak memory (VmHWM) after it and
  four edits of that file;
- on a generated --lines workspace: --edits edits (a character typed, then removed, in
  a risk's title, in turn across the area files), each timed from `didChange` to the
  `publishDiagnostics` of that version of the edited file; then --queries each of
  completion (after a property key), hover and definition (on a reference), timed
  from request to response.

Prints p50 / p95 / max per measure, and the server's peak memory. Only the standard
library of Python 3.11 is used; the workspaces come from bench/gen_model.py.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


class Server:
    def __init__(self, binary: str):
        self.proc = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 0

    def send(self, msg: dict) -> None:
        body = json.dumps(msg, ensure_ascii=False).encode()
        assert self.proc.stdin
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def recv(self) -> dict:
        assert self.proc.stdout
        length = 0
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("the server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(self.proc.stdout.read(length))

    def notify(self, method: str, params: dict | None) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: dict | None) -> dict:
        self.next_id += 1
        rid = self.next_id
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        while True:
            msg = self.recv()
            if msg.get("id") == rid and "method" not in msg:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg

    def wait_diagnostics(self, uri: str, version: int | None) -> dict:
        while True:
            msg = self.recv()
            if msg.get("method") == "textDocument/publishDiagnostics":
                p = msg["params"]
                if p["uri"] == uri and (version is None or p.get("version") == version):
                    return p

    def peak_kb(self) -> int:
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        m = re.search(r"VmHWM:\s+(\d+) kB", status)
        return int(m.group(1)) if m else 0

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(10)
        except Exception:
            self.proc.kill()


def initialize(binary: str, root: Path) -> Server:
    s = Server(binary)
    s.request("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": {}})
    s.notify("initialized", {})
    return s


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def fmt(xs: list[float]) -> str:
    return f"p50 {pct(xs, 50) * 1000:7.2f} ms  p95 {pct(xs, 95) * 1000:7.2f} ms  max {max(xs) * 1000:7.2f} ms"


def generate(lines: int, out: Path) -> None:
    subprocess.run([sys.executable, str(HERE / "gen_model.py"), "--seed", "1", "--lines", str(lines), "--out", str(out)], check=True, stdout=subprocess.DEVNULL)


def measure_open(binary: str, root: Path) -> tuple[float, int]:
    s = initialize(binary, root)
    entry = root / "model.mig"
    uri = entry.as_uri()
    start = time.perf_counter()
    s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "mig", "version": 1, "text": entry.read_text()}})
    s.wait_diagnostics(uri, 1)
    took = time.perf_counter() - start
    # A few edits: an analysis is built while the previous one is still held.
    text = entry.read_text()
    for version in range(2, 6):
        text = text + "\n"
        s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]})
        s.wait_diagnostics(uri, version)
    peak = s.peak_kb()
    s.close()
    return took, peak


def measure_editing(binary: str, root: Path, edits: int, queries: int) -> dict[str, list[float]]:
    s = initialize(binary, root)
    files = sorted(p for p in root.glob("*.mig") if p.name.startswith("risks"))
    texts = {p: p.read_text() for p in files}
    versions = {p: 1 for p in files}
    for p in files:
        s.notify("textDocument/didOpen", {"textDocument": {"uri": p.as_uri(), "languageId": "mig", "version": 1, "text": texts[p]}})
        s.wait_diagnostics(p.as_uri(), 1)
    out: dict[str, list[float]] = {"edit → diagnostics": [], "completion": [], "hover": [], "definition": []}
    for i in range(edits):
        p = files[i % len(files)]
        text = texts[p]
        at = text.find('"', text.find("risk ")) + 1
        new = text[:at] + "あ" + text[at:] if i % 2 == 0 else text
        if i % 2 == 0:
            texts[p] = new
        else:
            texts[p] = new.replace("あ", "", 1) if "あ" in new else new
        versions[p] += 1
        start = time.perf_counter()
        s.notify("textDocument/didChange", {"textDocument": {"uri": p.as_uri(), "version": versions[p]}, "contentChanges": [{"text": texts[p]}]})
        s.wait_diagnostics(p.as_uri(), versions[p])
        out["edit → diagnostics"].append(time.perf_counter() - start)
    p = files[0]
    lines = texts[p].split("\n")
    # A reference: the value after `on ` in a risk; a key position: the start of `impact`.
    ref = next((i, l.index(" on ") + 4) for i, l in enumerate(lines) if " on " in l and l.lstrip().startswith("risk"))
    key = next((i, l.index("impact") + len("impact") + 1) for i, l in enumerate(lines) if l.strip().startswith("impact"))
    for _ in range(queries):
        for name, method, (line, col) in (("completion", "textDocument/completion", key), ("hover", "textDocument/hover", ref), ("definition", "textDocument/definition", ref)):
            start = time.perf_counter()
            r = s.request(method, {"textDocument": {"uri": p.as_uri()}, "position": {"line": line, "character": col}})
            out[name].append(time.perf_counter() - start)
            if r.get("result") is None:
                raise RuntimeError(f"{name} gave no result at {line}:{col}")
    out["peak memory (MB)"] = [s.peak_kb() / 1024]
    s.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", action="append", required=True)
    ap.add_argument("--lines", type=int, default=10000)
    ap.add_argument("--big-lines", type=int, default=100000)
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--opens", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small, big = Path(tmp) / "small", Path(tmp) / "big"
        generate(args.lines, small)
        generate(args.big_lines, big)
        opens: dict[str, list[float]] = {b: [] for b in args.bin}
        peaks: dict[str, int] = {b: 0 for b in args.bin}
        for _ in range(args.opens):
            for b in args.bin:
                took, peak = measure_open(b, big)
                opens[b].append(took)
                peaks[b] = max(peaks[b], peak)
        for b in args.bin:
            print(f"== {b}")
            print(f"  open {args.big_lines}-line workspace → first diagnostics: {fmt(opens[b])}; peak memory {peaks[b] / 1024:.1f} MB")
            for name, xs in measure_editing(b, small, args.edits, args.queries).items():
                if name.startswith("peak"):
                    print(f"  {args.lines}-line workspace: peak memory {xs[0]:.1f} MB")
                else:
                    print(f"  {args.lines}-line workspace, {name:20}: {fmt(xs)}")


if __name__ == "__main__":
    main()
