"""Ray executor (``CLASSROOM_EXECUTOR=ray``): the same job specs trained by Ray actors, for more than one machine.

* With ``RAY_ADDRESS`` set, ``ray.init()`` joins that cluster (every node needs this project at the same path and
  its requirements, as the web replicas do). Otherwise a local Ray starts lazily at the first training: ``num_cpus``
  capped at the pool size, no dashboard, a small object store.
* One actor per pool slot (``num_cpus=1``, a threaded actor): it trains with the same :class:`~.worker.JobRunner`
  as a local worker, in a thread, and queues the messages; the server's dispatcher thread polls every busy actor a
  few times a second (``poll()``), so per-batch rows stream back as with the local pool. Pause, resume, stop, LR
  and heartbeats are actor calls. A dead actor (its node lost, its process killed) fails its run the same way
  a dead local worker does, and is replaced.
* The queue, one-job-per-session rule and ETAs are the local executor's (this class extends it).

``ray`` is an optional requirement (``requirements-ray.txt``); the default app never imports it.
"""

from __future__ import annotations

import atexit
import os
import threading
import time

from .local import ROOT, LocalExecutor, pool_size

POLL_SECONDS = 0.2
OBJECT_STORE_BYTES = 80 * 1024 * 1024  # Ray's minimum is 75 MB; jobs exchange small messages and weights only


def _actor_class():
    import ray

    @ray.remote(num_cpus=1, max_concurrency=4)
    class TrainActor:
        """Trains one job at a time in a thread; poll() hands over the messages queued since the last call."""

        def __init__(self):
            from ..runtime import configure_threads
            from .worker import _lower_priority

            _lower_priority()
            configure_threads()
            self._lock = threading.Lock()
            self._msgs: list[tuple] = []
            self._runners: dict = {}

        def pid(self) -> int:
            return os.getpid()

        def run(self, job_id: int, spec) -> None:
            from .worker import JobRunner

            def send(kind, data):
                with self._lock:
                    self._msgs.append((kind, job_id, data))

            runner = JobRunner(spec, send, worker=f"ray actor pid {os.getpid()}")
            self._runners[job_id] = runner
            threading.Thread(target=self._train, args=(job_id, runner), daemon=True).start()

        def _train(self, job_id, runner) -> None:
            try:
                runner.run()
            finally:
                self._runners.pop(job_id, None)

        def control(self, job_id: int, cmd: str, *args) -> None:
            r = self._runners.get(job_id)
            if r is not None:
                r.control(cmd, *args)

        def poll(self) -> list[tuple]:
            with self._lock:
                out, self._msgs = self._msgs, []
            return out

    return TrainActor


class _RayWorker:
    def __init__(self, actor):
        self.actor = actor
        self.run = None
        self.pid = None  # filled by the first poll round (the actor's process id, for tests and stats)
        self._pid_ref = actor.pid.remote()

    def send(self, msg: tuple) -> bool:
        kind = msg[0]
        if kind == "run":
            self.actor.run.remote(msg[1], msg[2])
        elif kind != "exit":
            self.actor.control.remote(msg[1], kind, *msg[2:])
        return True

    def close(self, wait: float = 0.0) -> None:
        import ray

        try:
            ray.kill(self.actor)
        except Exception:  # already gone
            pass


def ray_init(num_cpus: int | None = None) -> dict:
    """Join RAY_ADDRESS's cluster, or start a small local Ray (no dashboard); returns what it connected to."""
    import ray

    if not ray.is_initialized():
        env = {
            "env_vars": {
                "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
            }
        }
        if os.environ.get("RAY_ADDRESS"):
            ray.init(runtime_env=env, log_to_driver=False)
        else:
            ray.init(
                num_cpus=num_cpus or pool_size(),
                include_dashboard=False,
                log_to_driver=False,
                object_store_memory=OBJECT_STORE_BYTES,
                runtime_env=env,
                configure_logging=False,
            )
    return {"address": os.environ.get("RAY_ADDRESS") or "local", "cpus": ray.cluster_resources().get("CPU")}


class RayExecutor(LocalExecutor):
    def __init__(self, size: int | None = None):
        super().__init__(size)
        self._actor_cls = None

    def _spawn(self) -> _RayWorker:
        if self._actor_cls is None:
            ray_init(self.size)
            atexit.register(
                self.shutdown
            )  # again, after ray.init's own: atexit runs it first, while Ray is up
            self._actor_cls = _actor_class()
        w = _RayWorker(self._actor_cls.remote())
        self._workers.append(w)
        return w

    def _loop(self) -> None:
        import ray
        from ray.exceptions import RayActorError, RayError

        while not self._closed:
            with self._lock:
                workers = list(self._workers)
            if not workers:
                time.sleep(POLL_SECONDS)
                continue
            try:
                refs = {w.actor.poll.remote(): w for w in workers}
            except Exception:  # shutting down, or an actor already gone (the next round sees which)
                if self._closed:
                    return
                refs = {}
            for w in workers:
                if w.pid is None:
                    try:
                        w.pid = ray.get(w._pid_ref, timeout=0) if w._pid_ref else None
                    except Exception:
                        pass
            for ref, w in refs.items():
                try:
                    msgs = ray.get(ref, timeout=30)
                except (RayActorError, RayError):
                    self._lost(w)
                    continue
                except Exception:  # a slow node: try again next round
                    continue
                for kind, job_id, data in msgs:
                    self._dispatch(w, kind, job_id, data)
            self._expire()
            time.sleep(POLL_SECONDS)

    def stats(self) -> dict:
        out = super().stats()
        out["executor"] = "ray"
        return out
