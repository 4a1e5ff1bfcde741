"""Training lab page, set-up side: the URL declaration, the knobs, and the panels that start runs (Start, the watch
preset, the lecture experiments) in a worker process (:mod:`models.lab` jobs), plus the live panels of the runs.

The page script is ``app_pages/train_lab.py``; comparing runs is in ``ui/lab_compare.py``, the post-run drill-down
(confusion matrix, export, try a digit) in ``ui/lab_inspect.py``, the words in ``ui/text/lab.py``.
Runs live in this browser session only (``ui.live.session_runs``); nothing here trains inside the script run.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from models.lab.datasets import get_dataset_spec, list_datasets, load_data
from models.lab.experiments import EXPERIMENTS, Experiment
from models.lab.lab import PLATEAU, PLATEAU_MIN_FACTOR, LabConfig, build_model, build_run
from models.lab.nets import ACTIVATIONS, ARCH_TITLES, ARCHITECTURES, layer_table
from models.training import OPTIMIZERS, SCHEDULES, RemoteRun
from models.training.jobs import lab_job
from models.training.state import ACTIVE, ENDED, LIVE, TrainerState
from ui.live import live_panel
from ui.urlstate import Bool, Choice, Float, Int, UrlState

NS = "lab"  # session_runs namespace
MAX_RUNS = 12  # runs kept per tab (each holds a small model and its history)
LRS = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.05, 0.1, 0.3, 1.0, 1.5)
BATCH_SIZES = (16, 32, 64, 128, 256)


@st.cache_data(show_spinner=False, max_entries=64)
def layer_info(
    dataset: str, model: str, activation: str, dropout: float, batch_norm: bool
) -> tuple[list, dict]:
    """torchinfo layer rows + totals of the network these knobs build (pure function of the knobs)."""
    cfg = LabConfig(
        dataset=dataset, model=model, activation=activation, dropout=dropout, batch_norm=batch_norm
    )
    data = load_data(dataset)
    return layer_table(build_model(cfg, data), data.input_shape)


@st.cache_data(show_spinner=False)
def pool_size(dataset: str) -> int:
    return load_data(dataset).pool_size


EPOCHS_RANGE = (1, 30)
STEP_FLOORS = (0.0, 0.1, 0.25, 0.5, 1.0)
WATCH = dict(
    dataset="mnist5k",
    model="lenet5",
    activation="relu",
    dropout=0.5,
    batch_norm=False,
    optimizer="sgdm",
    batch_size=128,
    lr=0.03,
    schedule="plateau",
    epochs=20,
    seed=0,
    min_step_seconds=0.25,
)
URL = UrlState(
    "train_lab",
    Choice("ds", tuple(list_datasets()), key="lab-dataset"),  # data set
    Int("size", 0, 1_000_000, 0, step=10, key="lab-url-size"),  # training examples (0 = whole pool)
    Choice("arch", ARCHITECTURES, default="lenet5", key="lab-model"),  # network
    Choice("act", ACTIVATIONS, key="lab-activation"),  # activation
    Bool("bn", key="lab-bn"),  # batch norm
    Float("drop", 0.0, 0.5, 0.5, key="lab-dropout"),  # dropout
    Choice("opt", OPTIMIZERS, default="sgdm", key="lab-optimizer"),  # optimizer
    Choice("bs", BATCH_SIZES, default=128, key="lab-batch"),  # batch size
    Choice("lr", LRS, default=0.03, key="lab-lr"),  # learning rate
    Choice("sched", SCHEDULES, default="plateau", key="lab-schedule"),  # LR schedule
    Int("ep", *EPOCHS_RANGE, 5, key="lab-epochs"),  # epochs
    Int("seed", 0, 9999, 0, key="lab-seed"),  # seed
    Choice("floor", STEP_FLOORS, default=0.0, key="lab-step-floor"),  # seconds per step at least
    Float("smooth", 0.0, 0.95, 0.6, key="lab-smoothing"),
)  # curve smoothing
WIDGET_KEYS = {
    "dataset": "lab-dataset",
    "model": "lab-model",
    "activation": "lab-activation",
    "dropout": "lab-dropout",
    "batch_norm": "lab-bn",
    "optimizer": "lab-optimizer",
    "batch_size": "lab-batch",
    "lr": "lab-lr",
    "schedule": "lab-schedule",
    "epochs": "lab-epochs",
    "seed": "lab-seed",
    "min_step_seconds": "lab-step-floor",
}
RUN_COUNT_KEY = (
    "lab-runs-started"  # session_state: runs started in this tab so far (numbers the labels #1, #2, ...)
)
WATCH_START_KEY = (
    "lab-watch-start"  # session_state: the watch preset was clicked, start its run in this rerun
)


def data_label(tr, name: str) -> str:
    """A short option label (the long description is shown under the box); unknown data sets keep their name."""
    label = tr(f"data_{name}")
    return name if label == f"data_{name}" else label


def apply_watch() -> None:
    """on_click of the watch preset: set the knobs (before they are drawn) and ask for a start."""
    for field_name, value in WATCH.items():
        st.session_state[WIDGET_KEYS[field_name]] = value
    st.session_state.pop(f"lab-train-size-{WATCH['dataset']}", None)  # back to the whole training pool
    st.session_state[URL.key("size")] = 0
    st.session_state[WATCH_START_KEY] = True


def watch_requested() -> bool:
    """True once after the watch preset was clicked (the flag is consumed)."""
    return st.session_state.pop(WATCH_START_KEY, False)


def watch_minutes() -> int:
    """Wall time of the watch preset at its floor, rounded up to whole minutes."""
    pool = len(load_data(WATCH["dataset"]).train)
    steps = -(-pool // WATCH["batch_size"]) * WATCH["epochs"]
    return -(-int(steps * WATCH["min_step_seconds"]) // 60)


# -- the knobs: one function per column, drawn left to right ------------------------------------------------
def _data_knobs(col, tr) -> tuple[str, int, int]:
    """Data set and training-set size; returns (dataset, chosen size, the data set's pool size)."""
    dataset = col.selectbox(
        tr("dataset"), URL.options("ds"), key=URL.key("ds"), format_func=lambda n: data_label(tr, n)
    )
    desc = tr(f"data_desc_{dataset}")
    col.caption(get_dataset_spec(dataset).description if desc == f"data_desc_{dataset}" else desc)
    pool = pool_size(dataset)
    # the slider's key is per data set (each remembers its size); the URL's ``size`` (0 = whole pool) sets it
    # when the link changed it from outside (or Reset), and follows the slider otherwise
    size_key, want = f"lab-train-size-{dataset}", URL.get("size")
    lo_size = min(50, pool)
    if st.session_state.get("_lab_size_seen") != want or size_key not in st.session_state:
        st.session_state[size_key] = pool if want == 0 else min(max(want, lo_size), pool)
    train_size = col.slider(
        tr("train_size"),
        lo_size,
        pool,
        step=50 if pool > 500 else 10,
        key=size_key,
        help=tr("train_size_help"),
    )
    size = 0 if train_size >= pool else int(train_size)
    if URL.params["size"].valid(size):
        URL.set("size", size)
    st.session_state["_lab_size_seen"] = URL.get("size")
    return dataset, train_size, pool


def _network_knobs(col, tr) -> dict:
    model = col.selectbox(tr("model"), URL.options("arch"), key=URL.key("arch"), format_func=ARCH_TITLES.get)
    activation = col.radio(tr("activation"), URL.options("act"), key=URL.key("act"), horizontal=True)
    batch_norm = col.toggle(tr("batch_norm"), key=URL.key("bn"))
    return dict(model=model, activation=activation, batch_norm=bool(batch_norm))


def _optimizer_knobs(col, tr) -> dict:
    dropout = col.slider(tr("dropout"), **URL.range("drop"), step=0.1, key=URL.key("drop"))
    optimizer = col.selectbox(
        tr("optimizer"), URL.options("opt"), key=URL.key("opt"), format_func=lambda o: tr(f"opt_{o}")
    )
    batch_size = col.select_slider(tr("batch_size"), URL.options("bs"), key=URL.key("bs"))
    floor = col.select_slider(
        tr("step_floor"), URL.options("floor"), key=URL.key("floor"), help=tr("step_floor_help")
    )
    return dict(
        dropout=float(dropout), optimizer=optimizer, batch_size=int(batch_size), min_step_seconds=float(floor)
    )


def _schedule_knobs(col, tr) -> dict:
    lr = col.select_slider(tr("lr"), URL.options("lr"), key=URL.key("lr"))
    schedule = col.selectbox(
        tr("schedule"), URL.options("sched"), key=URL.key("sched"), format_func=lambda s: tr(f"sched_{s}")
    )
    if schedule == "plateau":
        col.caption(
            tr(
                "plateau_note",
                th=round(100 * PLATEAU["threshold"], 1),
                p=PLATEAU["patience"] + 1,
                c=PLATEAU["cooldown"],
                floor=round(1 / PLATEAU_MIN_FACTOR),
            )
        )
    e1, e2 = col.columns([3, 2])
    lo, hi = EPOCHS_RANGE
    epochs = e1.number_input(
        tr("epochs_range", lo=lo, hi=hi),
        **URL.range("ep"),
        key=URL.key("ep"),
        help=tr("epochs_help", lo=lo, hi=hi),
    )
    seed = e2.number_input(tr("seed"), **URL.range("seed"), key=URL.key("seed"))
    return dict(lr=float(lr), schedule=schedule, epochs=int(epochs), seed=int(seed))


def knobs(tr) -> LabConfig | None:
    """The set-up widgets; returns the config, or None (after an st.error) when it cannot be used."""
    c1, c2, c3, c4 = st.columns(4)
    dataset, train_size, pool = _data_knobs(c1, tr)
    network, optimizer, schedule = _network_knobs(c2, tr), _optimizer_knobs(c3, tr), _schedule_knobs(c4, tr)
    try:
        return LabConfig(
            dataset=dataset,
            train_size=None if train_size >= pool else int(train_size),
            **network,
            **optimizer,
            **schedule,
        )
    except ValueError as exc:
        st.error(tr("bad_config", error=exc))
        return None


def model_summary(cfg: LabConfig, tr) -> None:
    rows, totals = layer_info(cfg.dataset, cfg.model, cfg.activation, cfg.dropout, cfg.batch_norm)
    m1, m2 = st.columns(2)
    m1.metric(tr("params"), f"{totals['trainable']:,}")
    m2.metric(tr("mult_adds"), f"{totals['mult_adds']:,}")
    with st.expander(tr("layer_table")):
        st.dataframe(
            pd.DataFrame(rows).rename(
                columns={"layer": tr("col_layer"), "output": tr("col_output"), "params": tr("col_params")}
            ),
            hide_index=True,
            width="stretch",
        )


# -- starting runs ---------------------------------------------------------------------------------------------
def start_run(runs, cfg: LabConfig, tr, **extra) -> str:
    """Build and start one run in the background; keep at most MAX_RUNS per tab."""
    items = runs.items()
    if len(items) >= MAX_RUNS:
        ended = [rid for rid, r in items if r.trainer.state in ENDED]
        if ended:
            runs.delete(ended[0])
            st.toast(tr("too_many", n=MAX_RUNS))
    lab = build_run(cfg, heartbeat_timeout=60)
    lab.trainer = RemoteRun(lab_job(cfg, heartbeat_timeout=60), model=lab.model)  # trains in a worker process
    n = st.session_state.get(RUN_COUNT_KEY, 0) + 1
    st.session_state[RUN_COUNT_KEY] = n
    run_id = runs.add(lab.trainer, f"#{n} {ARCH_TITLES[cfg.model]}", cfg.to_dict(), lab=lab, **extra)
    lab.trainer.start()
    return run_id


def _verdict(exp: Experiment, pair: list, tr) -> None:
    """Whether the lecture's prediction held for the experiment's last two runs (drawn in the current column)."""
    if any(r.trainer.state in ACTIVE for r in pair):
        st.caption(tr("verdict_wait"))
    elif any(r.trainer.state == TrainerState.STOPPED for r in pair):
        st.caption(tr("verdict_stopped"))
    elif exp.expect(pair[0].trainer.history.snapshot(), pair[1].trainer.history.snapshot()):
        st.success(tr("verdict_ok"), icon=":material/check_circle:")
    else:
        st.warning(tr("verdict_no"))


def experiments_panel(runs, tr) -> None:
    """One row per lecture experiment: what to expect, a Run button (two runs), and the verdict."""
    st.subheader(tr("experiments"))
    for key, exp in EXPERIMENTS.items():
        with st.container(border=True):
            c1, c2, c3 = st.columns([5, 2, 3], vertical_alignment="center")
            c1.markdown(f"**{tr(f'exp_{key}_title')}**  \n{tr(f'exp_{key}_expect')}")
            if c2.button(
                tr("run_experiment"), key=f"lab-exp-{key}", width="stretch", icon=":material/science:"
            ):
                for cfg in exp.pair():
                    start_run(runs, cfg, tr, experiment=key)
            pair = [r for _, r in runs.items() if r.extra.get("experiment") == key][-2:]
            if len(pair) == 2:
                with c3:
                    _verdict(exp, pair, tr)


# -- the live panels -------------------------------------------------------------------------------------------
def png_name(what: str, run) -> str:
    """PNG file name of a run's chart: ``train-lab-curves-run3-LeNet-5`` for run "#3 LeNet-5"."""
    return f"train-lab-{what}-run{run.label.lstrip('#')}"


def _lr_control(run_id: str, tr):
    """The live panel's extra row for run ``run_id``: a new learning rate, applied from the next batch on."""

    def extra(run):
        trainer = run.trainer
        if trainer.state not in LIVE:
            return
        c1, c2 = st.columns([2, 1], vertical_alignment="bottom")
        new = c1.select_slider(
            tr("new_lr"),
            LRS,
            value=min(LRS, key=lambda v: abs(v - trainer.lr)),
            key=f"{run_id}-newlr",
        )
        if c2.button(tr("set_lr"), key=f"{run_id}-setlr", width="stretch"):
            trainer.set_lr(float(new))
            st.toast(tr("lr_set", lr=new))

    return extra


def live_panels(runs, tr) -> None:
    """The training runs (else the last one) two per row, each with curves, controls and a learning-rate row."""
    st.subheader(tr("live"))
    items = runs.items()
    if not items:
        st.info(tr("no_runs"))
        return
    st.slider(tr("smoothing"), **URL.range("smooth"), step=0.05, key=URL.key("smooth"))
    shown = [(rid, r) for rid, r in items if r.trainer.state in ACTIVE] or [items[-1]]
    for i in range(0, len(shown), 2):
        cols = st.columns(2) if len(shown) > 1 else [st.container()]
        for col, (rid, run) in zip(cols, shown[i : i + 2]):
            with col:
                live_panel(
                    run,
                    key=rid,
                    tr=tr,
                    smoothing_key="lab-smoothing",
                    extra=_lr_control(rid, tr),
                    export=False,
                    chart_name=png_name("curves", run),
                )  # the lab has its own export row
