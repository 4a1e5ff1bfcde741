#!/usr/bin/env bash
# The measurements of issue 15 (trainings in worker processes), ready to re-run on a quiet machine.
# Each load scenario starts the app with `make run`, needs ~4-5 minutes, and prints one JSON object.
# Both classify paths: photos (re-encoded wheel photos -> EfficientNet-Lite0, the page's automatic model, what a
# class uses) and digits (MNIST digits -> the digits CNN). Output: bench/issue15-results/*.json, one per scenario.
# About 70 minutes in all; `bash bench/issue15.sh quick` runs only the headline scenario on both paths.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
OUT=bench/issue15-results
mkdir -p "$OUT"
load() {  # load NAME ARGS...: one scenario (5 trainers, 30-epoch LeNet-5 each) into $OUT/NAME.json
  local name=$1
  shift
  echo "$(date -u +%H:%M:%S) $name (load average $(cut -d' ' -f1 /proc/loadavg))" >&2
  $PY bench/load.py --trainers 5 --seconds 180 "$@" > "$OUT/$name.json"
}
if [ "${1:-}" = quick ]; then
  load load_30_think5_photos --students 30 --think 5 --path photos
  load load_30_think5_digits --students 30 --think 5 --path digits
  echo "results in $OUT" >&2
  exit 0
fi
$PY bench/train_overhead.py --rounds 8 > "$OUT/train_overhead.json"            # worker vs bare loop (goal >= 0.90)
$PY bench/executors.py --jobs 3 > "$OUT/executors.json"                         # in-process vs local pool vs Ray
# the headline (issue 15's goals), then the size of the class and the pace, on both paths
for path in photos digits; do
  load "load_30_think5_$path" --students 30 --think 5 --path "$path"
  load "load_30_think2.5_$path" --students 30 --think 2.5 --path "$path"
  load "load_10_think5_$path" --students 10 --think 5 --path "$path"
  load "load_60_think5_$path" --students 60 --think 5 --path "$path"
done
# the knobs around the defaults (one worker per core, at nice 19): pool size and the workers' nice value
CLASSROOM_WORKER_NICE=5 load load_30_think5_photos_pool1_nice5 --students 30 --think 5 --path photos --cap 1  # before
load load_30_think5_photos_pool1 --students 30 --think 5 --path photos --cap 1
load load_30_think5_photos_pool5 --students 30 --think 5 --path photos --cap 5
load load_30_think5_digits_pool5 --students 30 --think 5 --path digits --cap 5
CLASSROOM_WORKER_NICE=0 load load_30_think5_photos_nice0 --students 30 --think 5 --path photos
CLASSROOM_WORKER_NICE=10 load load_30_think5_photos_nice10 --students 30 --think 5 --path photos
# the web tier: 2 replicas behind nginx (make serve REPLICAS=2); the JSON's "nginx" part says whether every
# simulated student stayed on one replica
load load_30_think5_photos_2replicas --students 30 --think 5 --path photos --replicas 2
echo "results in $OUT" >&2
