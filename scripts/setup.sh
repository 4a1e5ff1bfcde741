#!/usr/bin/env bash
# Idempotent set-up: virtual environment + requirements; with --test also the test requirements and
# Debian's Chromium for the browser tests. Fast when everything is already there (hash stamps).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
VENV=.venv
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating $VENV" >&2
  "$PY" -m venv "$VENV"
fi

install_reqs() {  # install a requirements file unless its hash matches the last successful install
  local file=$1 stamp="$VENV/.stamp-$(basename "$1")"
  local hash; hash=$(sha256sum "$file" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then return 0; fi
  echo "setup: installing $file (first time: a few minutes)" >&2
  "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$file" 2>&1 \
    | grep -v -E "^WARNING: Location .* is ignored" || true
  "$VENV/bin/python" -m pip check >/dev/null 2>&1 || true
  "$VENV/bin/python" -c "import torch, torchvision, streamlit" || { echo "setup: install of $file failed" >&2; exit 1; }
  echo "$hash" > "$stamp"
}

install_reqs requirements.txt
if [ $want_test = 1 ]; then
  install_reqs requirements-test.txt
  install_reqs requirements-ray.txt  # optional for the app (CLASSROOM_EXECUTOR=ray); the tests cover that path
  # the emoji font: pages show emoji as data (lecture-claims marks); without it Chromium draws empty boxes
  if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/truetype/noto ]; then
    echo "setup: installing Debian chromium and fonts for the browser tests" >&2
    SUDO=""; [ "$(id -u)" != 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
      chromium chromium-driver fonts-liberation fonts-nanum fonts-noto-color-emoji >/dev/null
  fi
fi

# nginx for `make serve` (replicas behind a sticky proxy) and its browser test
if [ "${1:-}" = "--serve" ] || [ $want_test = 1 ]; then
  if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    echo "setup: installing Debian nginx for make serve" >&2
    SUDO=""; [ "$(id -u)" != 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nginx-light >/dev/null
  fi
fi
