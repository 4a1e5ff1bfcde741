"""Cold start of the app vs bare ``import torch``, measured side by side in one run.

Prints: seconds for `python -c "import torch, torchvision"`, seconds from `make run` to a healthy server, and
seconds from `make run` to the end of the first home-page run seen by a client; ratios against the import.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server import ROOT, running_server
from stclient import StreamlitClient

PY = str(ROOT / ".venv" / "bin" / "python")


def bare_import_seconds() -> float:
    t0 = time.perf_counter()
    subprocess.run([PY, "-c", "import torch, torchvision"], check=True)
    return time.perf_counter() - t0


def main(repeats: int = 2) -> dict:
    imports, healthy, first_page = [], [], []
    for _ in range(repeats):
        imports.append(bare_import_seconds())
        t0 = time.perf_counter()
        with running_server() as (url, _proc, t_health):
            c = StreamlitClient(url)
            c.rerun()
            first_page.append(time.perf_counter() - t0)
            healthy.append(t_health)
            c.close()
    best = {k: min(v) for k, v in (("import", imports), ("healthy", healthy), ("first_page", first_page))}
    return {
        "bench": "cold_start",
        "import_torch_s": round(best["import"], 2),
        "server_healthy_s": round(best["healthy"], 2),
        "first_home_render_s": round(best["first_page"], 2),
        "ratio_first_render_vs_import": round(best["first_page"] / best["import"], 2),
    }


if __name__ == "__main__":
    print(json.dumps(main(), indent=1))
