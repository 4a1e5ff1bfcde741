#!/usr/bin/env bash
# The measurements of issue 15 (trainings in worker processes), ready to re-run on a quiet machine.
# Each load scenario starts the app with `make run`, needs ~4-5 minutes, and prints one JSON object.
# Output: bench/issue15-results/*.json (one file per scenario).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
OUT=bench/issue15-results
mkdir -p "$OUT"
$PY bench/train_overhead.py --rounds 8 > "$OUT/train_overhead.json"            # worker vs bare loop (goal >= 0.90)
$PY bench/executors.py --jobs 3 > "$OUT/executors.json"                         # in-process vs local pool vs Ray
$PY bench/load.py --students 30 --trainers 5 --seconds 180 --think 5 > "$OUT/load_30_think5.json"
$PY bench/load.py --students 30 --trainers 5 --seconds 180 --think 2.5 > "$OUT/load_30_think2.5.json"
$PY bench/load.py --students 10 --trainers 5 --seconds 180 --think 5 > "$OUT/load_10_think5.json"
$PY bench/load.py --students 60 --trainers 5 --seconds 180 --think 5 > "$OUT/load_60_think5.json"
# knobs: the pool size and the workers' nice value
$PY bench/load.py --students 30 --trainers 5 --seconds 180 --think 5 --cap 5 > "$OUT/load_30_think5_cap5.json"
CLASSROOM_WORKER_NICE=0 $PY bench/load.py --students 30 --trainers 5 --seconds 180 --think 5 > "$OUT/load_30_think5_nice0.json"
CLASSROOM_WORKER_NICE=10 $PY bench/load.py --students 30 --trainers 5 --seconds 180 --think 5 > "$OUT/load_30_think5_nice10.json"
# the web tier: 2 replicas behind nginx (make serve REPLICAS=2); the JSON's "nginx" part says whether every
# simulated student stayed on one replica
$PY bench/load.py --students 30 --trainers 5 --seconds 180 --think 5 --replicas 2 > "$OUT/load_30_think5_2replicas.json"
echo "results in $OUT" >&2
