"""A run's history: per-batch, per-epoch and event rows, safe to read while another thread appends."""

from __future__ import annotations

import csv
import io
import threading


class History:
    """Lock-protected per-batch, per-epoch and event rows; safe to read while a thread appends."""

    def __init__(self):
        self._lock = threading.Lock()
        self.batches: list[dict] = []
        self.epochs: list[dict] = []
        self.events: list[dict] = []

    def add(self, kind: str, row: dict) -> None:
        with self._lock:
            getattr(self, kind).append(row)

    def snapshot(self) -> dict[str, list[dict]]:
        """Copies of all rows (cheap: rows are small dicts)."""
        with self._lock:
            return {"batches": list(self.batches), "epochs": list(self.epochs), "events": list(self.events)}

    def to_csv(self, kind: str = "batches") -> str:
        """CSV text of one kind of row ("batches", "epochs" or "events")."""
        rows = self.snapshot()[kind]
        buf = io.StringIO()
        if rows:
            fields = list(dict.fromkeys(k for r in rows for k in r))
            w = csv.DictWriter(buf, fieldnames=fields)
            w.writeheader()
            w.writerows(rows)
        return buf.getvalue()
