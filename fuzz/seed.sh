#!/usr/bin/env bash
# Fill fuzz/seeds/ (not committed) with the starting corpus: every .mig of the
# examples, the standard library, the UI fixtures and the regression corpus, one
# seed per file, plus each multi-file project joined into one input the way the
# fuzz target splits it (`\n---\n` between files a.mig, b.mig, c.mig).
set -euo pipefail
cd "$(dirname "$0")"
repo=..
out=seeds
rm -rf "$out"
mkdir -p "$out"

n=0
for f in "$repo"/examples/*/*.mig "$repo"/stdlib/*.mig "$repo"/tests/ui/*.mig "$repo"/tests/ui/*/*.mig \
    "$repo"/tests/fuzz/regressions/*; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    cp "$f" "$out/$(printf '%03d' "$n")-$(basename "$(dirname "$f")")-$(basename "$f")"
done

# A project: its model.mig (the entry) first, then the others, three at most;
# their import paths renamed to the names the fuzz target gives the parts.
for dir in "$repo"/examples/*/ "$repo"/tests/ui/*/; do
    files=$( (ls "$dir"model.mig 2>/dev/null; ls "$dir"*.mig | grep -v '/model\.mig$') | head -n 3)
    [ "$(echo "$files" | wc -l)" -ge 2 ] || continue
    names=(a.mig b.mig c.mig)
    rename=()
    i=0
    for f in $files; do
        rename+=(-e "s|\"$(basename "$f")\"|\"${names[$i]}\"|g")
        i=$((i + 1))
    done
    seed="$out/project-$(basename "$dir").mig"
    first=1
    for f in $files; do
        [ $first = 1 ] || printf -- '---\n' >>"$seed"
        first=0
        sed "${rename[@]}" "$f" >>"$seed"
        # Each part ends with a newline, so the separator is `\n---\n`.
        [ -z "$(tail -c 1 "$f")" ] || echo >>"$seed"
    done
done
echo "$(ls "$out" | wc -l) seeds in fuzz/$out"
