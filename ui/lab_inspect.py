"""Training lab page, after a run: which run to inspect, its confusion matrix with the misclassified examples of a
clicked cell, accuracy per class, the export row, and "try it on your own digit"."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from models.errors import ModelsError
from models.lab.inputs import to_model_input
from models.lab.lab import Analysis, analyse, cell_examples, checkpoint_bytes, config_json, predict
from models.training.state import ENDED
from models.vision.digits import preprocess_digit
from models.vision.imageio import EXTENSIONS, load_image
from ui.charts import confusion_figure, per_class_figure
from ui.lab import png_name
from ui.live import Run
from ui.presenter import big_result, show_chart
from ui.widgets import drawing_canvas, enlarge


def _analysis(run) -> Analysis:
    """Validation predictions of an ended run, computed once and kept with the run (this session only)."""
    lab = run.extra["lab"]
    key = ("analysis", run.trainer.step)
    if run.extra.get("analysis_key") != key:
        run.extra["analysis"] = analyse(lab.model, lab.data)
        run.extra["analysis_key"] = key
    return run.extra["analysis"]


def _cell_choice(a: Analysis, classes, event, rid: str, tr) -> tuple[int, int] | None:
    """The (true, predicted) cell: the clicked heatmap cell, else the selectbox of off-diagonal cells."""
    cells = [(int(t), int(p)) for t, p in zip(*np.nonzero(a.matrix)) if t != p]
    cells.sort(key=lambda c: -a.matrix[c])
    names = [str(c) for c in classes]
    clicked = None
    for pt in event.selection.points if event and event.selection else []:
        try:
            clicked = (names.index(str(pt["y"])), names.index(str(pt["x"])))
        except (KeyError, ValueError):
            continue
    if clicked is not None and clicked not in cells and clicked[0] != clicked[1]:
        cells.insert(0, clicked)
    if not cells:
        return None
    key = f"{rid}-cell"
    if clicked is not None and clicked[0] != clicked[1] and st.session_state.get(f"{key}-clicked") != clicked:
        st.session_state[f"{key}-clicked"] = clicked
        st.session_state[key] = clicked
    if st.session_state.get(key) not in cells:
        st.session_state.pop(key, None)
    return st.selectbox(
        tr("cell"),
        cells,
        key=key,
        format_func=lambda c: tr("cell_option", t=classes[c[0]], p=classes[c[1]], n=int(a.matrix[c])),
    )


def pick_ended_run(runs, tr) -> tuple[str, Run] | None:
    """The section's heading and the choice of an ended run (the newest by default); None while there is none."""
    ended = [(rid, r) for rid, r in runs.items() if r.trainer.state in ENDED and r.trainer.step > 0]
    st.subheader(tr("inspect"))
    if not ended:
        st.caption(tr("no_finished"))
        return None
    ids = [rid for rid, _ in ended]
    rid = st.selectbox(
        tr("inspect_run"),
        ids,
        index=len(ids) - 1,
        key="lab-inspect-id",
        format_func=lambda i: dict(ended)[i].label,
    )
    return rid, dict(ended)[rid]


def drill_down(rid: str, run, tr) -> None:
    """Validation accuracy, the confusion matrix (click a cell), that cell's examples, accuracy per class."""
    classes = list(run.extra["lab"].data.classes)
    a = _analysis(run)
    big_result(tr("col_val_acc"), f"{a.accuracy:.1%}", run.label)
    st.caption(tr("val_accuracy", acc=a.accuracy, n=len(a.y_true)))
    left, right = st.columns([3, 2])
    with left:
        st.caption(tr("confusion"))
        selected = st.session_state.get(f"{rid}-cell")
        event = show_chart(
            confusion_figure(a.matrix, classes, tr=tr, selected=selected),
            png_name("confusion", run),
            key=f"{rid}-cm",
            on_select="rerun",
            selection_mode="points",
        )
    with right:
        cell = _cell_choice(a, classes, event, rid, tr)
        if cell is None:
            st.success(tr("no_errors"))
        else:
            idx = cell_examples(a, *cell)
            st.caption(tr("cell_examples", n=len(idx), t=classes[cell[0]], p=classes[cell[1]]))
            x = run.extra["lab"].data.val.tensors[0]
            st.image(
                [enlarge(x[i, 0].numpy(), 84) for i in idx],
                caption=[f"{a.confidence[i]:.0%}" for i in idx],
                width=72,
            )
        st.caption(tr("per_class"))
        show_chart(per_class_figure(a.per_class, tr=tr), png_name("per-class", run), key=f"{rid}-perclass")


def export_row(rid: str, run, tr) -> None:
    """Downloads of the run: metrics per epoch and per batch (CSV), its config (JSON), its weights (.pt)."""
    lab = run.extra["lab"]
    st.markdown(f"**{tr('export')}**")
    c1, c2, c3, c4 = st.columns(4)
    hist = run.trainer.history
    for col, table in ((c1, "epochs"), (c2, "batches")):
        col.download_button(
            tr(f"download_{table}"),
            hist.to_csv(table),
            f"{rid}-{table}.csv",
            "text/csv",
            key=f"{rid}-dl-{table}",
            width="stretch",
        )
    c3.download_button(
        tr("download_config"),
        config_json(lab.config),
        f"{rid}-config.json",
        "application/json",
        key=f"{rid}-dl-config",
        width="stretch",
    )
    if "ckpt" not in run.extra:
        run.extra["ckpt"] = checkpoint_bytes(lab)
    c4.download_button(
        tr("download_ckpt"),
        run.extra["ckpt"],
        f"{rid}.pt",
        "application/octet-stream",
        key=f"{rid}-dl-ckpt",
        width="stretch",
    )


def try_digit(rid: str, run, tr) -> None:
    """An expander: draw or upload a digit, see what the network sees and what it predicts."""
    lab = run.extra["lab"]
    classes = list(lab.data.classes)
    with st.expander(tr("try"), expanded=False):
        if classes != [str(i) for i in range(10)]:
            st.info(tr("not_digits"))
            return
        st.caption(tr("try_help"))
        mode = st.radio(
            tr("try"),
            ("draw", "upload"),
            format_func=lambda m: tr(f"try_{m}"),
            horizontal=True,
            key=f"{rid}-try-mode",
            label_visibility="collapsed",
        )
        img = None
        try:
            if mode == "draw":
                st.caption(tr("draw_hint"))
                img = drawing_canvas(f"{rid}-canvas", size=224)
            else:
                up = st.file_uploader(tr("upload"), type=list(EXTENSIONS), key=f"{rid}-upload")
                if up is not None:
                    img = load_image(up.getvalue())
            if img is None:
                return
            x28 = preprocess_digit(img)  # (28, 28) in [0, 1], white on black
            x = to_model_input(x28, lab.data.input_shape)
            probs = predict(lab.model, x)[0]  # (classes,)
        except ModelsError as exc:
            st.error(tr("bad_image", error=exc))
            return
        best = int(probs.argmax())
        c1, c2 = st.columns([1, 3])
        c1.image(enlarge(x[0, 0].numpy(), 112), caption=tr("model_sees"))
        c2.markdown(f"### {tr('prediction', label=classes[best], p=float(probs[best]))}")
        c2.bar_chart(pd.DataFrame({tr("accuracy"): probs}, index=classes), height=180)
