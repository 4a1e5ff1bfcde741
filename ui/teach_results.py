"""The teach page's lower half: held-out results of the two learners, "try it" on a new picture with Grad-CAM,
and export / load of the linear head (the upper half is in ui.teach)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from models.errors import ModelsError
from models.teach.compare import WIN_POINTS, points_ahead, ranked
from models.teach.data import read_image
from models.teach.evaluate import evaluate
from models.teach.export import classes_json, head_bytes, load_head
from models.teach.features import Backbone, gradcam_image, predict_image
from models.teach.learners import (
    HeadConfig,
    ScratchConfig,
    head_trainer,
    probabilities,
    scratch_pixels,
    scratch_trainer,
)
from models.training.state import ENDED
from models.vision.explain import overlay
from models.vision.imageio import EXTENSIONS
from ui.charts import confusion_figure
from ui.live import session_runs
from ui.presenter import secondary, show_chart
from ui.teach import NS, URL, md
from ui.widgets import fmt, pct


def _evaluations(sess, runs, tr):
    """(probe evaluation, scratch evaluation), measured once per training session."""
    if sess["eval"] is None:
        k = len(sess["classes"])
        learners = (  # (inputs, run, how to train a fold's model)
            ("feats", "probe", lambda x, y: head_trainer(x, y, k, HeadConfig())),
            ("pixels", "scratch", lambda x, y: scratch_trainer(x, y, k, ScratchConfig())),
        )
        with st.spinner(tr("measuring")):
            sess["eval"] = tuple(
                evaluate(
                    sess[inputs],
                    sess["labels"],
                    sess["classes"],
                    sess["split"],
                    make,
                    trained=runs.get(sess[run]).trainer.model,
                )
                for inputs, run, make in learners
            )
    return sess["eval"]


def results_panel(state, tr) -> None:
    """Held-out accuracy of both learners once both have ended, the lesson, the confusion matrix, mistakes."""
    sess = state["session"]
    if sess is None:
        return
    st.subheader(tr("results"))
    runs = session_runs(NS)
    pr, sr = runs.get(sess["probe"]), runs.get(sess["scratch"])
    if pr is None or sr is None or pr.trainer.state not in ENDED or sr.trainer.state not in ENDED:
        st.info(tr("wait_results"))
        return
    pe, se = _evaluations(sess, runs, tr)
    classes = sess["classes"]
    m1, m2 = st.columns(2)
    m1.metric(tr("probe_acc"), pct(pe.accuracy), help=tr("tested_on", n=len(pe.index)))
    m2.metric(tr("scratch_acc"), pct(se.accuracy), help=tr("tested_on", n=len(se.index)))
    st.caption(
        tr("tested_on", n=len(pe.index))
        + " · "
        + tr(
            "per_class",
            rows=", ".join(f"{md(c)} {fmt(v, '.0%')}" for c, v in pe.per_class.items()),
        )
    )
    gap = points_ahead(pe, se)
    st.markdown(tr("lesson_win", pts=gap) if gap >= WIN_POINTS else tr("lesson_tie"))
    left, right = st.columns([3, 2])
    with left:
        st.caption(tr("confusion"))
        show_chart(
            confusion_figure(pe.matrix, classes, tr=tr),
            f"teach-confusion-{len(classes)}-classes",
            key="teach-cm",
        )
    with right:
        _mistakes(pe, classes, sess["items"], tr)


def _mistakes(pe, classes: list[str], items, tr) -> None:
    """The probe's most confident mistakes (up to 12), each with its true and predicted class."""
    st.caption(tr("mistakes"))
    wrong = pe.mistakes()[:12]
    if not wrong:
        st.success(tr("no_mistakes"))
        return
    st.image(
        [items[int(pe.index[r])].image for r in wrong],
        width=72,
        caption=[
            tr(
                "mistake_caption",
                t=classes[int(pe.y_true[r])],
                p=classes[int(pe.y_pred[r])],
                c=float(pe.confidence[r]),
            )
            for r in wrong
        ],
    )


def _current_head(state):
    """(head, classes, scratch model or None) used by "try it", or None."""
    if state["active"] == "loaded" and state["loaded"] is not None:
        head, classes = state["loaded"]
        return head, classes, None
    sess = state["session"]
    if sess is None:
        return None
    runs = session_runs(NS)
    pr, sr = runs.get(sess["probe"]), runs.get(sess["scratch"])
    if pr is None or pr.trainer.state not in ENDED or pr.trainer.step == 0:
        return None
    scratch = sr.trainer.model if sr is not None and sr.trainer.state in ENDED and sr.trainer.step else None
    return pr.trainer.model, sess["classes"], scratch


def try_panel(state, bb: Backbone, tr) -> None:
    """A new picture (upload or camera) through the current head: Grad-CAM, probabilities, the small CNN's say."""
    st.subheader(tr("try"))
    current = _current_head(state)
    if current is None:
        st.info(tr("no_model"))
        return
    head, classes, scratch = current
    mode = st.radio(
        tr("try"),
        URL.options("try"),
        key=URL.key("try"),
        horizontal=True,
        label_visibility="collapsed",
        format_func=lambda m: tr(f"try_{m}"),
    )
    up = (
        st.file_uploader(tr("try_upload"), type=list(EXTENSIONS), key="teach-try-upload")
        if mode == "upload"
        else st.camera_input(tr("try_camera"), key="teach-try-camera")
    )
    if up is None:
        return
    try:
        item = read_image(up.getvalue(), up.name)
        probs = predict_image(bb, head, item)  # (classes,)
        best = int(probs.argmax())
        heat, seen = gradcam_image(bb, head, item, best)
    except ModelsError as exc:
        st.error(tr("bad_image", error=md(exc)))
        return
    c1, c2 = st.columns([2, 3])
    c1.image(overlay(seen, heat), caption=tr("gradcam", label=classes[best]), width=260)
    with c2:
        st.markdown(tr("prediction", label=md(classes[best]), p=float(probs[best])))
        _probability_table(probs, classes, tr)
        if scratch is not None:
            sp = probabilities(scratch, scratch_pixels([item]))[0]
            st.caption(tr("scratch_says", label=md(classes[int(sp.argmax())]), p=float(sp.max())))
        st.image(seen, caption=tr("seen"), width=140)


def _probability_table(probs, classes: list[str], tr) -> None:
    """Every class with its probability as a bar, most probable first."""
    rows = ranked(probs, classes)
    st.dataframe(
        pd.DataFrame({tr("col_class"): [c for c, _ in rows], tr("col_probability"): [p for _, p in rows]}),
        hide_index=True,
        width="stretch",
        column_config={
            tr("col_probability"): st.column_config.ProgressColumn(
                format="percent", min_value=0.0, max_value=1.0
            )
        },
    )


def export_panel(state, tr) -> None:
    """Download the current head and its classes; load a head saved earlier (it becomes the current one)."""
    st.subheader(tr("export"))
    secondary(tr("export_help"))
    current = _current_head(state)
    if current is not None:
        head, classes, _ = current
        c1, c2 = st.columns(2)
        c1.download_button(
            tr("download_head"),
            head_bytes(head, classes),
            "teach-head.pt",
            "application/octet-stream",
            key="teach-dl-head",
            icon=":material/download:",
        )
        c2.download_button(
            tr("download_classes"),
            classes_json(classes),
            "teach-head.json",
            "application/json",
            key="teach-dl-classes",
            icon=":material/download:",
        )
    c1, c2 = st.columns(2)
    pt = c1.file_uploader(tr("load_head"), type=["pt"], key="teach-load-pt")
    js = c2.file_uploader(tr("load_classes"), type=["json"], key="teach-load-json")
    if pt is not None:
        sig = (pt.file_id, js.file_id if js is not None else None)
        if state.get("loaded_sig") != sig:
            try:
                text = js.getvalue().decode("utf-8", "replace") if js is not None else None
                head, classes, _ = load_head(pt.getvalue(), text)
            except ModelsError as exc:
                st.error(tr("bad_head", error=md(exc)))
                return
            state["loaded"], state["active"], state["loaded_sig"] = (head, classes), "loaded", sig
            st.rerun()  # so that "try it" above uses the loaded head in this same click
    if state["active"] == "loaded" and state["loaded"] is not None:
        classes = state["loaded"][1]
        st.success(tr("loaded", n=len(classes), names=", ".join(md(c) for c in classes)))
