#!/usr/bin/env bash
# Build a release target of the workspace and print the path of its executable (as cargo
# reports it, so CARGO_TARGET_DIR and .cargo/config are honoured). Used by run.sh and report.sh.
#   bench/build.sh                          # the migc binary
#   bench/build.sh -p migc --example diagram_time
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(-p migc-cli --bin migc)
bin="$(cargo build --release "${args[@]}" --message-format=json-render-diagnostics \
    | python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable"):
        print(m["executable"])')"
[ -n "$bin" ] && [ -x "$bin" ] || { echo "build.sh: cargo did not report the executable" >&2; exit 2; }
echo "$bin"
