#!/usr/bin/env bash
# Measures what sharding costs here (docs/SCALING.md, "Measured"): a one-machine run of SCENARIO with
# P patients, then for each N the N shards run one after another (CPU time and wall time of each,
# partial sizes) and merged, then the same N as a job array on the local Slurm cluster
# (scripts/slurm-local.sh). Prints one line per step; CPU seconds are user+sys of the process tree.
# Usage: scripts/measure-shards.sh [SCENARIO] [PATIENTS] [N...]   (default: default 20000 4 8 2)
set -euo pipefail
cd "$(dirname "$0")/.."
SCENARIO=${1:-default}
P=${2:-20000}
shift $(( $# < 2 ? $# : 2 ))
NS=("$@")
[[ ${#NS[@]} -eq 0 ]] && NS=(4 8 2)
W=$(mktemp -d /tmp/oncotwin-measure-XXXX)
ONCOTWIN=(node "$PWD/bin/oncotwin.js")
COMMON=(--patients "$P" --backend cpu --threads 2 --quiet)

timed() { # label, command… → "label: wall W s, cpu C s"
  local label=$1; shift
  /usr/bin/time -f "%e %U %S" -o "$W/t" "$@" >/dev/null
  read -r wall user sys <"$W/t"
  printf '%-34s wall %7.1f s  cpu %7.1f s\n' "$label" "$wall" "$(echo "$user + $sys" | bc)"
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $SCENARIO, $P patients, work dir $W"
timed "single run" "${ONCOTWIN[@]}" run "$SCENARIO" "${COMMON[@]}" --out "$W/single"
for N in "${NS[@]}"; do
  for ((k = 0; k < N; k++)); do
    timed "shard $k/$N" "${ONCOTWIN[@]}" run "$SCENARIO" "${COMMON[@]}" --shard "$k/$N" --out "$W/parts-$N"
  done
  echo "partials N=$N: $(du -cb "$W/parts-$N"/*.otpart | tail -1 | cut -f1) bytes in all"
  timed "merge N=$N" "${ONCOTWIN[@]}" merge "$W/parts-$N" --out "$W/merged-$N" --quiet
  cmp -s "$W/single/patients.csv" "$W/merged-$N/patients.csv" && cmp -s "$W/single/timecourse.csv" "$W/merged-$N/timecourse.csv" \
    && echo "merged N=$N: patients.csv and timecourse.csv byte-identical to the single run" \
    || echo "merged N=$N: DIFFERS from the single run"
done
if command -v sbatch >/dev/null; then
  for N in "${NS[@]}"; do
    timed "slurm N=$N (array + merge, wall)" "${ONCOTWIN[@]}" slurm "$SCENARIO" --shards "$N" --patients "$P" --out "$W/slurm-$N" --submit --wait
  done
fi
