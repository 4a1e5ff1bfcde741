"""A training job as a description, not a live object: :class:`JobSpec` (builder name + plain config + seed).

Any process can turn a spec into a ready :class:`~.loop.Trainer` with :func:`build_trainer`: a worker process of
the local pool, a Ray actor on another machine, or the server itself (to rebuild a finished run's network before
loading the weights that came back). Specs pickle; the builders import their domain module only when called, so
this module imports nothing but the standard library and the loop.

Every page that trains has a builder here (the registry is explicit, like torchvision's ``get_model``):

==========  =====================================================  ==========================================
builder     what it trains                                         made by
==========  =====================================================  ==========================================
lab         a training-lab CNN/MLP (``models.lab.lab.build_run``)    :func:`lab_job`
names       the names classifier, packed or naive                  :func:`names_job`
memory      the long-memory task of "Inside the RNN"               :func:`memory_job`
forecast    one forecaster (keeps its best-validation weights)     :func:`forecast_job`
translate   a number-words translator                              :func:`translate_job`
tagger      a POS tagger on the given sentences                    :func:`tagger_job`
teach       the teach page's linear probe or from-scratch CNN      :func:`teach_job`
==========  =====================================================  ==========================================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from .loop import Trainer


@dataclass(frozen=True)
class JobSpec:
    builder: str  # a name in job_builders()
    config: dict = field(default_factory=dict)  # the builder's keyword arguments: plain values, lists, dicts
    seed: int = 0  # model init and data order (the builder puts it into its own config)
    name: str = "run"  # a label for logs and the trainer
    heartbeat_timeout: float | None = (
        None  # the run stops itself when nobody watched it for this many seconds
    )

    def __post_init__(self):
        if self.builder not in _BUILDERS:
            raise ValueError(
                f"unknown training job {self.builder!r}; choose one of {', '.join(sorted(_BUILDERS))}"
            )


# -- builders: (config kwargs, seed, heartbeat_timeout) -> Trainer, run in whatever process trains -------------
def _lab(*, config: dict, seed: int, heartbeat_timeout, validate: bool = True) -> Trainer:
    from models.lab.lab import LabConfig, build_run

    cfg = LabConfig.from_dict({**config, "seed": seed})
    trainer = build_run(cfg, heartbeat_timeout=heartbeat_timeout).trainer
    if not validate:  # throughput benchmarks: training steps only
        trainer.val_data = None
    return trainer


def _names(
    *, cell: str, mode: str, trainer_config: dict, model_config: dict, seed: int, heartbeat_timeout
) -> Trainer:
    from models.rnn.train import NamesModelConfig, names_trainer

    from .loop import TrainerConfig

    tc = TrainerConfig(**{**trainer_config, "seed": seed, "heartbeat_timeout": heartbeat_timeout})
    return names_trainer(cell, mode, config=tc, model_config=NamesModelConfig(**model_config))[0]


def _memory(*, task: dict, run: dict, seed: int, heartbeat_timeout) -> Trainer:
    from models.rnn.memory_task import MemoryRunConfig, MemoryTaskConfig, memory_trainer

    return memory_trainer(
        MemoryTaskConfig(**task),
        MemoryRunConfig(**{**run, "seed": seed}),
        heartbeat_timeout=heartbeat_timeout,
    )


def _forecast(*, kind: str, values: list, cfg: dict, seed: int, heartbeat_timeout) -> Trainer:
    from models.forecast.train import ForecastConfig, make_job
    from models.forecast.windows import prepare

    fc = ForecastConfig(**{**cfg, "seed": seed})
    prepared = prepare(values, fc.window, fc.horizon, fc.mode, val_frac=fc.val_frac, test_frac=fc.test_frac)
    job = make_job(kind, prepared, fc, heartbeat_timeout=heartbeat_timeout)

    def _keep(trainer: Trainer) -> None:  # the best epoch's weights travel back with the run
        trainer.results.update(
            best_epoch=job.keeper.best_epoch, best_loss=job.keeper.best_loss, best_state=job.keeper._state
        )

    job.trainer.add_callback("on_finished", _keep)
    return job.trainer


def _translate(*, cfg: dict, val_limit: int | None, seed: int, heartbeat_timeout) -> Trainer:
    from models.seq2seq.train import TranslatorTrainConfig, make_trainer

    return make_trainer(
        TranslatorTrainConfig(**{**cfg, "seed": seed}),
        heartbeat_timeout=heartbeat_timeout,
        val_limit=val_limit,
    )


def _tagger(*, train: list, val: list, settings: dict, seed: int, heartbeat_timeout) -> Trainer:
    from models.tagging.conllu_io import Sentence
    from models.tagging.train import TrainSettings, make_trainer

    def sents(rows):
        return [Sentence(list(w), list(t)) for w, t in rows]

    return make_trainer(
        sents(train),
        sents(val) or None,
        TrainSettings(**{**settings, "seed": seed}),
        heartbeat_timeout=heartbeat_timeout,
    )[0]


def _teach(*, kind: str, x, y: list, classes: int, cfg: dict, val, seed: int, heartbeat_timeout) -> Trainer:
    import torch

    from models.teach.learners import HeadConfig, ScratchConfig, head_trainer, scratch_trainer

    def tensor(packed: dict) -> torch.Tensor:
        return torch.frombuffer(bytearray(packed["data"]), dtype=torch.float32).reshape(packed["shape"])

    val_t = (tensor(val[0]), val[1]) if val is not None else None
    if kind == "head":
        return head_trainer(
            tensor(x),
            y,
            classes,
            HeadConfig(**{**cfg, "seed": seed}),
            val=val_t,
            heartbeat_timeout=heartbeat_timeout,
        )
    return scratch_trainer(
        tensor(x),
        y,
        classes,
        ScratchConfig(**{**cfg, "seed": seed}),
        val=val_t,
        heartbeat_timeout=heartbeat_timeout,
    )


_BUILDERS: dict[str, Callable[..., Trainer]] = {
    "lab": _lab,
    "names": _names,
    "memory": _memory,
    "forecast": _forecast,
    "translate": _translate,
    "tagger": _tagger,
    "teach": _teach,
}


def job_builders() -> list[str]:
    return sorted(_BUILDERS)


def build_trainer(spec: JobSpec) -> Trainer:
    """A ready (not started) Trainer for ``spec``, in this process."""
    trainer = _BUILDERS[spec.builder](**spec.config, seed=spec.seed, heartbeat_timeout=spec.heartbeat_timeout)
    trainer.name = spec.name
    return trainer


# -- spec makers: what pages and the CLI call (dataclasses in, plain dicts out) -----------------------------
def lab_job(cfg, *, heartbeat_timeout: float | None = None, validate: bool = True) -> JobSpec:
    """``cfg``: a models.lab.lab.LabConfig; ``validate=False``: no validation pass per epoch (benchmarks)."""
    extra = {} if validate else {"validate": False}
    return JobSpec(
        "lab",
        {"config": asdict(cfg), **extra},
        seed=cfg.seed,
        name=cfg.label(),
        heartbeat_timeout=heartbeat_timeout,
    )


def names_job(cell: str, mode: str, config, model_config) -> JobSpec:
    """``config``: a TrainerConfig (its heartbeat_timeout and seed go to the spec); ``model_config``: a
    models.rnn.train.NamesModelConfig. The names data set is rebuilt by the worker (``load_names()``)."""
    tc = {k: v for k, v in asdict(config).items() if k not in ("seed", "heartbeat_timeout")}
    return JobSpec(
        "names",
        {"cell": cell, "mode": mode, "trainer_config": tc, "model_config": asdict(model_config)},
        seed=config.seed,
        name=f"names-{cell}-{mode}",
        heartbeat_timeout=config.heartbeat_timeout,
    )


def memory_job(task, run, *, heartbeat_timeout: float | None = None) -> JobSpec:
    """``task``, ``run``: models.rnn.memory_task.MemoryTaskConfig and MemoryRunConfig."""
    return JobSpec(
        "memory",
        {"task": asdict(task), "run": asdict(run)},
        seed=run.seed,
        name=f"memory-{run.cell}-T{task.length}",
        heartbeat_timeout=heartbeat_timeout,
    )


def forecast_job(kind: str, prepared, cfg, *, heartbeat_timeout: float | None = None) -> JobSpec:
    """``prepared``: the page's models.forecast.windows.Prepared (its raw values travel, the worker prepares them
    again with the same window, horizon, mode and split); ``cfg``: a ForecastConfig."""
    c = {**asdict(cfg), "window": prepared.window, "horizon": prepared.horizon, "mode": prepared.mode}
    return JobSpec(
        "forecast",
        {"kind": kind, "values": [float(v) for v in prepared.values], "cfg": c},
        seed=cfg.seed,
        name=f"forecast-{kind}",
        heartbeat_timeout=heartbeat_timeout,
    )


def forecast_adopt(job) -> Callable[[dict], None]:
    """For RemoteRun(on_result=...): put the best epoch that came back into the page's local forecast Job."""

    def _adopt(results: dict) -> None:
        keeper = job.keeper
        keeper.best_epoch, keeper.best_loss = (
            results.get("best_epoch"),
            results.get("best_loss", float("inf")),
        )
        keeper._state = results.get("best_state")

    return _adopt


def translate_job(
    cfg, *, heartbeat_timeout: float | None = None, val_limit: int | None = None, name: str = "translator"
) -> JobSpec:
    """``cfg``: a models.seq2seq.train.TranslatorTrainConfig."""
    return JobSpec(
        "translate",
        {"cfg": asdict(cfg), "val_limit": val_limit},
        seed=cfg.seed,
        name=name,
        heartbeat_timeout=heartbeat_timeout,
    )


def tagger_job(
    train, val, settings, *, heartbeat_timeout: float | None = None, name: str = "tagger"
) -> JobSpec:
    """``train``/``val``: lists of models.tagging Sentence (sent as (words, tags) pairs); ``settings``:
    TrainSettings."""

    def rows(sents) -> list[Any]:
        return [(list(s.words), list(s.tags)) for s in (sents or [])]

    return JobSpec(
        "tagger",
        {"train": rows(train), "val": rows(val), "settings": asdict(settings)},
        seed=settings.seed,
        name=name,
        heartbeat_timeout=heartbeat_timeout,
    )


def teach_job(
    kind: str,
    x,
    y,
    classes: int,
    cfg,
    val=None,
    *,
    heartbeat_timeout: float | None = None,
    name: str = "teach",
) -> JobSpec:
    """``kind``: "head" (x: pooled features (N, 1280)) or "scratch" (x: pixels (N, 3, S, S)); ``cfg``: the
    models.teach.learners HeadConfig / ScratchConfig; ``val``: (x, y) or None. Tensors travel as float32 bytes
    with their shape (plain values that pickle and compare)."""
    import numpy as np

    def arr(t) -> dict:
        a = np.ascontiguousarray(
            t.detach().cpu().numpy() if hasattr(t, "detach") else np.asarray(t), np.float32
        )
        return {"data": a.tobytes(), "shape": list(a.shape)}

    if kind not in ("head", "scratch"):
        raise ValueError(f"unknown teach job {kind!r}; choose head or scratch")
    v = (arr(val[0]), [int(i) for i in val[1]]) if val is not None else None
    return JobSpec(
        "teach",
        {
            "kind": kind,
            "x": arr(x),
            "y": [int(i) for i in y],
            "classes": int(classes),
            "cfg": asdict(cfg),
            "val": v,
        },
        seed=cfg.seed,
        name=name,
        heartbeat_timeout=heartbeat_timeout,
    )
