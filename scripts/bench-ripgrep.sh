#!/usr/bin/env bash
# Ingest speed against ripgrep, warm-cache open time and peak memory, on a generated corpus.
#
#   scripts/bench-ripgrep.sh [N]        (default N=10000 articles, about 150 MB)
#
# Needs rg, hyperfine, jq and python3 (PyYAML for company aliases, optional). The corpus is made
# once by examples/gencorpus.rs into target/bench-corpus/N (shared with `cargo bench --bench
# ingest`). ripgrep gets every platform, company and feature name and alias as a fixed string:
# the cheapest possible "find the names in the files", a floor for socialscope, which also parses
# the HTML and front matter, extracts and dates the events and builds the model.
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:-10000}
root=target/bench-corpus
dir=$root/$n
aliases=$root/ALIASES
bin=target/release/socialscope
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT

cargo build --release --quiet --bin socialscope --example gencorpus --example open

if [[ ! -f $dir/SIZE ]]; then
  rm -rf "$dir"
  target/release/examples/gencorpus "$dir" "$n" --seed 1
fi
bytes=$(find "$dir" -type f -name '*.md' -printf '%s\n' | awk '{s+=$1} END {print s}')
echo "$bytes" > "$dir/SIZE"
mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b/1e6}')

# Every name and alias the knowledge base knows, one fixed-string pattern per line.
if python3 -c 'import yaml' 2>/dev/null; then
  python3 - "$aliases" <<'PY'
import sys, yaml
names = set()
for f in ("platforms", "companies", "features"):
    doc = yaml.safe_load(open(f"data/{f}.yaml", encoding="utf-8"))
    for it in (doc.get(f) if isinstance(doc, dict) else doc) or []:
        names.add(str(it["name"]))
        names.update(str(a) for a in it.get("aliases") or [])
open(sys.argv[1], "w", encoding="utf-8").write("".join(f"{x}\n" for x in sorted(names) if x))
PY
else
  # Without PyYAML: the export has platforms and features (company aliases are missing).
  "$bin" export --format json 2>/dev/null |
    jq -r '(.platforms[], .features[]) | .name, (.aliases // [])[]' | sort -u > "$aliases"
fi

nocache=()
if "$bin" --help 2>&1 | grep -q -- '--no-cache'; then nocache=(--no-cache); fi

echo "corpus: $dir, $n articles, $mb MB; $(wc -l < "$aliases") patterns; $(nproc) cores"
hyperfine --warmup 1 --runs 3 --export-json "$root/ingest.json" \
  -n ripgrep "rg -c -F -f $aliases $dir" \
  -n socialscope "$bin check --corpus $dir ${nocache[*]}" >&2

# Warm cache: fill it (twice: files written in the last two seconds are not cached yet).
target/release/examples/open "$dir" --cache "$cache" > /dev/null
target/release/examples/open "$dir" --cache "$cache" > /dev/null
hyperfine --warmup 1 --runs 5 --export-json "$root/open.json" \
  -n open-warm "target/release/examples/open $dir --cache $cache" >&2
target/release/examples/open "$dir" --cache "$cache"

rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}'; }
rss_cold=$(rss "$bin" check --corpus "$dir" "${nocache[@]}")
rss_warm=$(rss target/release/examples/open "$dir" --cache "$cache")

jq -r --argjson bytes "$bytes" --arg rss_cold "$rss_cold" --arg rss_warm "$rss_warm" \
   --slurpfile open "$root/open.json" '
  (.results | map({(.command): .}) | add) as $r
  | ($bytes / 1e6) as $mb
  | "ripgrep:      \($r.ripgrep.mean * 1000 | round) ms (\($mb / $r.ripgrep.mean | round) MB/s)",
    "socialscope:  \($r.socialscope.mean * 1000 | round) ms (\($mb / $r.socialscope.mean | round) MB/s), \(($r.socialscope.mean / $r.ripgrep.mean) * 100 | round / 100)x ripgrep",
    "open (warm):  \($open[0].results[0].mean * 1000 | round) ms",
    "peak RSS:     check \($rss_cold) MB, warm open \($rss_warm) MB (corpus \($mb | round) MB; limit 3x = \($mb * 3 | round) MB)"
' "$root/ingest.json"
