#!/usr/bin/env bash
# End-to-end benchmark of `migc check` on generated models (not part of `cargo test`).
#
#   bench/run.sh                      # 1k, 10k, 100k lines, seed 1, 10 timed runs each
#   RUNS=20 SIZES="10000 100000" bench/run.sh
#   RUNS=30 VIOLATIONS="100000:200" bench/run.sh   # also model-100000-v200 with 200 planted problems
#   RUNS=30 SIZES="100000 1000000" BASELINE=/work/bin/migc-old bench/run.sh   # old and new side by side
#   TARGETS=v1 bench/run.sh            # judge against earlier targets (see TARGET_SETS in measure.py)
#
# Builds the release binary, generates the models into bench/out/ (git-ignored) with
# bench/gen_model.py, checks that each clean model has no error or warning (and that every
# problem planted in a model with violations is reported), then measures wall time
# (hyperfine if installed, else a Python timing loop) and peak memory (GNU time's
# "Maximum resident set size", else getrusage of a child). The table is printed and
# written to bench/out/results.md. See docs/performance.md for the targets.
# BASELINE=/path/to/old/migc times an old build side by side with the new one in the same run
# (measure.py --baseline); the checks and the verdicts stay on the new build. Generating the
# 1M-line model (SIZES="... 1000000") takes about 30 s.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="$here/out"
runs="${RUNS:-10}"
sizes="${SIZES:-1000 10000 100000}"
seed="${SEED:-1}"
violations="${VIOLATIONS:-}"   # SIZE:COUNT pairs, e.g. "10000:40 100000:200"
baseline="${BASELINE:-}"       # an old migc binary to time side by side with the new one
targets="${TARGETS:-}"         # a target set of measure.py (default: its newest)

extra=()
if [ -n "$baseline" ]; then
    [ -f "$baseline" ] && [ -x "$baseline" ] || { echo "run.sh: BASELINE=$baseline is not an executable file" >&2; exit 2; }
    extra+=(--baseline "$(cd "$(dirname "$baseline")" && pwd)/$(basename "$baseline")")
fi
[ -z "$targets" ] || extra+=(--targets "$targets")

cd "$root"
echo "== building the release binary" >&2
bin="$("$here/build.sh")"
mkdir -p "$out"
dirs=()
for n in $sizes; do
    d="$out/model-$n"
    echo "== generating $n lines (seed $seed) -> ${d#"$root"/}" >&2
    python3 "$here/gen_model.py" --seed "$seed" --lines "$n" --out "$d"
    dirs+=("$d")
done
for pair in $violations; do
    n="${pair%%:*}" v="${pair##*:}"
    d="$out/model-$n-v$v"
    echo "== generating $n lines (seed $seed) with $v violations -> ${d#"$root"/}" >&2
    python3 "$here/gen_model.py" --seed "$seed" --lines "$n" --violations "$v" --out "$d"
    dirs+=("$d")
done

exec python3 "$here/measure.py" --bin "$bin" --runs "$runs" --report "$out/results.md" "${extra[@]}" "${dirs[@]}"
