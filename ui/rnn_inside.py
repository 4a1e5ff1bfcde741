"""The inside-the-RNN page (app_pages/rnn_inside.py): its URL parameters, cached gradient norms and its panels
(the vanilla step table, the gradient runs, the accuracy-vs-T sweep, lab #27). Its figures and the monitor of a
group of runs are in ui/rnn_inside_charts.py."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from models.rnn.gradients import decay_slope, norms_for
from models.rnn.memory_task import (
    INITS,
    LAB27_LENGTH,
    LAB27_STEPS,
    SWEEP_LR,
    MemoryRunConfig,
    MemoryTaskConfig,
    compare_with_sweep,
    load_sweep,
    memory_model,
)
from models.rnn.stats import (
    CELL_ORDER,
    accuracy_table,
    effective_init,
    lab27_rows,
    orthogonal_dip,
    sweep_epochs,
)
from models.rnn.vanilla_step import (
    TinyRNNConfig,
    max_difference,
    one_hot,
    tiny_rnn,
    torch_states,
    unroll,
    weights,
)
from models.training import RemoteRun
from models.training.jobs import memory_job
from models.training.state import TrainerState
from ui.live import live_panel
from ui.presenter import secondary, show_chart
from ui.rnn_inside_charts import grad_norm_figure, runs_overlay, sweep_figure
from ui.urlstate import Bool, Choice, Int, Multi, Text, UrlState
from ui.widgets import fmt

#: a run that ended with a trained model to measure (a failed run has none)
HAS_MODEL = frozenset({TrainerState.FINISHED, TrainerState.STOPPED})
LAB27_KEYS = {
    label: f"lab27_{i}" for i, (label, _) in enumerate(LAB27_STEPS)
}  # text key of each lab #27 step
LIVE_TS, LIVE_EPOCHS = (5, 20, 50), 4  # the small sweep re-run on the page

# URL parameters (ui/urlstate; README "Links, sharing and presenter mode"). Keys = the page's widget keys.
URL = UrlState(
    "rnn_inside",
    Text("text", "hell", max_len=12, key="step_text"),  # characters of the vanilla step (h, e, l, o)
    Choice("hid", (3, 4), key="step_hidden"),  # hidden size of the tiny RNN
    Int("seed", 0, 999, 0, key="step_seed"),  # its weights' seed
    Int("t", 5, 200, 50, step=5, key="T"),  # sequence length T of the memory task (names are lower case)
    Multi("cells", CELL_ORDER, key="cells"),  # cells compared
    Int("ep", 1, 20, sweep_epochs(load_sweep()), key="grad_epochs"),  # epochs of the side-by-side runs
    Choice("init", INITS, default="chrono", key="grad_init"),  # recurrent weight init
    Bool("clip", True, key="grad_clip"),  # gradient clipping (max norm 1)
    Int("rseed", 0, 99, 0, key="grad_seed"),  # model seed of the side-by-side runs
)


def column_name(col: str, tr) -> str:
    """A sweep column ("lstm (default init)") in the page's language."""
    return tr("col_" + col.replace(" (default init)", "_default"))


def lab27_name(label: str, tr) -> str:
    """A lab #27 step ("+ gradient clipping") in the page's language."""
    return tr(LAB27_KEYS[label]) if label in LAB27_KEYS else label


def fmt_runs(values) -> str:
    """One table cell: every run's accuracy ("1.00 · 0.54 · 0.52"), or the single value."""
    if isinstance(values, (int, float)):
        return fmt(values, ".3f")
    return " · ".join(fmt(v, ".2f") for v in values)


# -- 1. the vanilla step ------------------------------------------------------------------------------------------
def _vec(v) -> str:
    return "[" + " ".join(f"{a:+.3f}" for a in v) + "]"  # spaces: a table cell may wrap between numbers


def step_panel(cfg: TinyRNNConfig, tr) -> None:
    """The tiny RNN's weights, every step by hand next to torch.nn.RNN's h_t, and their largest difference."""
    rnn = tiny_rnn(cfg)
    x = one_hot(cfg)
    steps = unroll(rnn, x)
    ref = torch_states(rnn, x)  # (T, hidden)
    with st.expander(tr("weights"), expanded=False):
        w = weights(rnn)
        st.code(
            "W_x =\n"
            + "\n".join(_vec(r) for r in w["W_x"])
            + "\nW_h =\n"
            + "\n".join(_vec(r) for r in w["W_h"])
            + "\nb = b_ih + b_hh = "
            + _vec(w["b"])
        )
    rows = [
        {
            "t": s["t"],
            tr("char_col"): cfg.text[s["t"] - 1],
            "x_t": _vec(s["x_t"]),
            "h_{t-1}": _vec(s["h_prev"]),
            "W_x·x_t": _vec(s["Wx_x"]),
            "W_h·h_{t-1}": _vec(s["Wh_h"]),
            "b": _vec(s["b"]),
            "sum": _vec(s["sum"]),
            "h_t = tanh(sum)": _vec(s["h_t"]),
            tr("torch_h"): _vec(ref[i].tolist()),
        }
        for i, s in enumerate(steps)
    ]
    # a static table: cells wrap instead of being cut at the column's width (st.dataframe cut the b column)
    with st.container(key="step-table"):
        st.table(pd.DataFrame(rows).set_index("t"))
    st.caption(tr("max_diff", d=max_difference(steps, ref)))


# -- 2. vanishing gradients ---------------------------------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=64)
def init_norms(cell: str, length: int, init: str) -> list[float]:
    """‖∂L/∂h_t‖ of a freshly initialised memory-task model (the dotted curves)."""
    task = MemoryTaskConfig(length=length)
    return norms_for(memory_model(task, MemoryRunConfig(cell=cell, init=effective_init(cell, init))), task)


def table_line(run, sweep: dict | None, tr) -> str:
    """One sentence: this live run is the table's run (and both numbers), or how it differs from it."""
    ep = run.trainer.history.snapshot()["epochs"]
    if sweep is None or not ep:
        return ""
    cmp = compare_with_sweep(sweep, run.extra["run_config"], run.extra["T"])
    if cmp["table"] is not None:
        return tr(
            "same_as_table",
            label=run.label,
            seed=run.extra["run_config"].seed,
            table=cmp["table"],
            mine=ep[-1]["val_acc"],
        )

    def show(v):
        return tr("clip_off") if v is None else v

    diffs = "; ".join(
        tr(f"diff_{k}", mine=show(a), table=show(b)) for k, (a, b) in cmp["differences"].items()
    )
    return tr("differs_from_table", label=run.label, diffs=diffs)


def grad_norms_panel(cells: list[str], length: int, init: str, grad_runs, tr) -> None:
    """The dotted curves at initialisation, the solid ones of this T's finished runs, and the decay slopes."""
    curves = {f"{c} ({tr('at_init')})": init_norms(c, length, init) for c in cells}
    for _, run in grad_runs.items():
        if run.trainer.state in HAS_MODEL and run.extra.get("T") == length:
            if "trained_norms" not in run.extra:
                run.extra["trained_norms"] = norms_for(run.trainer.model, MemoryTaskConfig(length=length))
            curves[f"{run.extra['cell']} ({tr('trained')})"] = run.extra["trained_norms"]
    if cells:
        show_chart(
            grad_norm_figure(curves, tr, tr("norms_title", T=length)),
            f"rnn-inside-grad-norms-T{length}-{init}",
            key="norms",
        )
        slopes = ", ".join(f"{c}: {decay_slope(init_norms(c, length, init)):+.3f}" for c in cells)
        st.caption(tr("slope", rows=slopes))


def start_grad_runs(grad_runs, cells, length: int, init: str, epochs: int, clip: bool, seed: int) -> None:
    """Replace the session's side-by-side runs with one run per cell, each trained by a worker process."""
    grad_runs.clear()
    task = MemoryTaskConfig(length=length)
    for c in cells:
        rc = MemoryRunConfig(
            cell=c,
            init=effective_init(c, init),
            epochs=epochs,
            lr=SWEEP_LR,
            grad_clip=1.0 if clip else None,
            seed=seed,
        )
        trainer = RemoteRun(memory_job(task, rc, heartbeat_timeout=60))
        grad_runs.add(
            trainer, label=f"{c} T={length}", config={"cell": c, "T": length}, cell=c, T=length, run_config=rc
        )
        trainer.start()


def grad_run_panels(grad_runs, sweep: dict | None, tr) -> None:
    """A live panel per side-by-side run; an ended run says whether it is the table's run."""
    runs_now = grad_runs.items()
    if runs_now:
        for col, (run_id, run) in zip(st.columns(len(runs_now)), runs_now):
            with col:
                live_panel(run, key=run_id, tr=tr)
                if run.trainer.state in HAS_MODEL and "run_config" in run.extra:
                    st.caption(table_line(run, sweep, tr))


# -- 3. accuracy vs T ---------------------------------------------------------------------------------------------
def sweep_panel(sweep: dict, seeds: list[int], chance: float, tr) -> None:
    """The precomputed sweep: how it was made, the figure (mean line, single runs as dots) and the table."""
    secondary(tr("sweep_intro", cmd=sweep["command"], s=sweep.get("seconds", "?")))
    secondary(tr("sweep_seeds", n=len(seeds), seeds=", ".join(map(str, seeds))))
    by_seed = sweep.get("accuracy_by_seed", {})
    show_chart(
        sweep_figure(
            {column_name(c, tr): row for c, row in sweep["accuracy"].items()},
            chance,
            tr,
            by_seed={column_name(c, tr): row for c, row in by_seed.items()},
        ),
        "rnn-inside-accuracy-vs-T-sweep",
        key="sweep",
    )
    st.caption(tr("sweep_table") + (f" ({tr('seed_runs')}: {', '.join(map(str, seeds))})" if by_seed else ""))
    table = by_seed or sweep["accuracy"]
    st.table(
        pd.DataFrame(
            {column_name(c, tr): {f"T={t}": fmt_runs(v) for t, v in row.items()} for c, row in table.items()}
        ).T
    )


def start_live_sweep(sweep_runs, cells: list[str]) -> None:
    """Replace the session's small sweep: every T of LIVE_TS × every chosen cell, LIVE_EPOCHS each."""
    sweep_runs.clear()
    for t_len in LIVE_TS:
        for c in cells:
            rc = MemoryRunConfig(
                cell=c, init=effective_init(c, "chrono"), epochs=LIVE_EPOCHS, lr=SWEEP_LR, grad_clip=1.0
            )
            trainer = RemoteRun(memory_job(MemoryTaskConfig(length=t_len), rc, heartbeat_timeout=60))
            sweep_runs.add(trainer, label=f"{c} T={t_len}", cell=c, T=t_len)
            trainer.start()


def live_sweep_plot(runs, chance: float, tr) -> None:
    """Final accuracy vs T of the small sweep's finished runs (nothing until one has finished)."""
    finished = []
    for _, run in runs:
        ep = run.trainer.history.snapshot()["epochs"]
        if run.trainer.state == TrainerState.FINISHED and ep:
            finished.append((run.extra["cell"], run.extra["T"], ep[-1]["val_acc"]))
    table = accuracy_table(finished)
    if table:
        show_chart(sweep_figure(table, chance, tr), "rnn-inside-accuracy-vs-T-live", key="live-sweep-plot")


# -- 4. lab #27 ---------------------------------------------------------------------------------------------------
def lab27_table(lab: dict, seeds: list[int], chance: float, tr) -> None:
    """The precomputed lab #27 results, step by step, and the note on the "+ orthogonal init" dip."""
    st.caption(tr("lab_table"))
    rows = lab27_rows(lab)
    table = {
        tr("step"): [lab27_name(r["step"], tr) for r in rows],
        tr("mean"): [fmt(r["mean"], ".3f") for r in rows],
    }
    if lab.get("accuracy_by_seed"):
        table[f"{tr('seed_runs')} ({', '.join(map(str, seeds))})"] = [fmt_runs(r["runs"]) for r in rows]
        table[tr("learned")] = [f"{r['learned'][0]}/{r['learned'][1]}" for r in rows]
    st.dataframe(pd.DataFrame(table), hide_index=True)  # (st.table reads "+ ..." labels as markdown lists)
    dip = orthogonal_dip(lab, "+ orthogonal init", chance)
    if dip is not None:
        st.info(tr("orth_dip", c=chance, seed=seeds[dip["seed_index"]], **{k: dip[k] for k in "abr"}))


def start_lab27(lab_runs, epochs: int, tr) -> None:
    """Replace the session's lab #27 runs with the preset's six, each trained by a worker process."""
    lab_runs.clear()
    task = MemoryTaskConfig(length=LAB27_LENGTH)
    for label, kw in LAB27_STEPS:
        trainer = RemoteRun(
            memory_job(task, MemoryRunConfig(epochs=epochs, lr=SWEEP_LR, **kw), heartbeat_timeout=60)
        )
        lab_runs.add(trainer, label=lab27_name(label, tr), **kw)
        trainer.start()


def lab27_panels(lab_now, tr) -> None:
    """The preset's runs three to a row, each with its live panel, then their accuracies in one figure."""
    st.caption(tr("lab_live"))
    for i in range(0, len(lab_now), 3):
        for col, (run_id, run) in zip(st.columns(3), lab_now[i : i + 3]):
            with col:
                live_panel(run, key=run_id, tr=tr)
    st.caption(tr("lab_overlay"))
    show_chart(runs_overlay(lab_now, tr), "rnn-inside-lab27-runs", key="lab27-overlay")
