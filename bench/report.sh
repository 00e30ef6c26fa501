#!/usr/bin/env bash
# Benchmark of `migc report` and `migc export` on generated models (not part of `cargo test`).
#
#   bench/report.sh                                   # 10k and 100k lines, all formats, 10 runs
#   RUNS=20 BASELINE=/work/bin/migc-old bench/report.sh   # old and new side by side (md,csv)
#   FORMATS=md,csv bench/report.sh                    # only some formats
#
# Builds the release binary and the diagram_time example, generates the models into bench/out/
# (git-ignored) with bench/gen_model.py (and a 130k-line model, about 1,000 assets, for the
# 全体構成図), then runs bench/report_bench.py. Results: bench/out/report-results.md; the figures
# go to docs/performance.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/out"
runs="${RUNS:-10}"
sizes="${SIZES:-10000 100000}"
seed="${SEED:-1}"
formats="${FORMATS:-md,csv,html,xlsx}"
diagram_lines="${DIAGRAM_LINES:-130000}"
extra=()
if [ -n "${BASELINE:-}" ]; then
    [ -x "$BASELINE" ] || { echo "report.sh: BASELINE=$BASELINE is not an executable file" >&2; exit 2; }
    extra+=(--baseline "$BASELINE")
fi
echo "== building the release binary and diagram_time" >&2
bin="$("$here/build.sh")"
diagram_bin="$("$here/build.sh" -p migc --example diagram_time)"
mkdir -p "$out"
dirs=()
for n in $sizes; do
    d="$out/model-$n"
    python3 "$here/gen_model.py" --seed "$seed" --lines "$n" --out "$d"
    dirs+=("$d")
done
dm="$out/model-$diagram_lines"
python3 "$here/gen_model.py" --seed "$seed" --lines "$diagram_lines" --out "$dm"
exec python3 "$here/report_bench.py" --bin "$bin" --runs "$runs" --formats "$formats" \
    --diagram-bin "$diagram_bin" --diagram-model "$dm" --report "$out/report-results.md" "${extra[@]}" "${dirs[@]}"
