"""Teach the CNN your own classes (Streamlit side): classes from uploads / camera / sample sets -> frozen Lite0
features (progress bar, cached per picture) -> a linear head and the lab's small CNN trained side by side in the
background with live curves (``ui.live``) -> held-out accuracy by the stated split, confusion matrix, mistakes ->
try a new picture with Grad-CAM -> export / load the head.

Everything a user adds or trains lives in this browser session (``st.session_state`` and ``session_runs``); only
the frozen backbone is shared (``st.cache_resource``, read-only, eval mode).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import streamlit as st

from models.errors import ModelsError
from models.teach.data import (
    MAX_CLASSES,
    MAX_IMAGES_PER_CLASS,
    MIN_CLASSES,
    SAMPLE_SETS,
    TeachClass,
    TeachSet,
    read_image,
    sample_images,
)
from models.teach.evaluate import HOLDOUT_MIN, TEST_FRACTION, evaluate, plan_split
from models.teach.export import classes_json, head_bytes, load_head
from models.teach.features import Backbone, FeatureCache, extract, gradcam_image, predict_image
from models.teach.learners import (
    HeadConfig,
    ScratchConfig,
    head_trainer,
    probabilities,
    scratch_pixels,
    scratch_trainer,
)
from models.training import RemoteRun
from models.training.jobs import teach_job
from models.training.state import ENDED
from models.vision.explain import overlay
from models.vision.imageio import EXTENSIONS
from ui.charts import confusion_figure
from ui.i18n import translator
from ui.live import live_panel, runtime_setup, session_runs
from ui.presenter import secondary, show_chart
from ui.text.teach import TEXT
from ui.urlstate import Choice, Int, UrlState

NS = "teach"  # session_runs namespace
QUICK_START = ("shapes", ("circle", "square", "triangle"), 12)


def _class_params(k: int) -> list:
    """URL parameters of class ``k`` (1-based): where its pictures come from, which sample set, how many."""
    return [
        Choice(f"src{k}", ("samples", "upload", "camera"), key=f"teach-src-{k - 1}"),
        Choice(f"set{k}", tuple(SAMPLE_SETS), key=f"teach-set-{k - 1}"),
        Int(f"count{k}", 2, 40, 12, key=f"teach-count-{k - 1}"),
    ]


#: The page's URL parameters (README "Links, sharing and presenter mode"). The pictures themselves, the class
#: names and the trained models are this session's own and are not in a link.
URL = UrlState(
    "teach",
    Int("n", MIN_CLASSES, MAX_CLASSES, MIN_CLASSES, key="teach-n"),  # number of classes
    *(p for k in range(1, MAX_CLASSES + 1) for p in _class_params(k)),
    Choice("try", ("upload", "camera"), key="teach-try-mode"),  # "try it": upload or camera
)


def md(text) -> str:
    """User text (class names, file names) made inert for markdown: every markup character backslash-escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", str(text))


@st.cache_resource(show_spinner=False)
def shared_backbone() -> Backbone:
    """The frozen Lite0 (ImageNet) with its preprocessing, loaded once per server, never trained."""
    return Backbone()


def _state() -> dict:
    """This session's classes, processed uploads, feature cache, current training and loaded head."""
    if "teach-state" not in st.session_state:
        st.session_state["teach-state"] = {
            "set": TeachSet([]),
            "seen": {},
            "cache": FeatureCache(2048),
            "session": None,
            "loaded": None,
            "active": None,
            "sample_seed": 100,
        }
    return st.session_state["teach-state"]


def _report(name: str, rep, tr, notes: list) -> None:
    name = md(name)
    if rep.added:
        notes.append(("success", tr("added", name=name, n=rep.added)))
    if rep.duplicates:
        notes.append(("info", tr("duplicates", name=name, n=rep.duplicates)))
    if rep.over_limit:
        notes.append(("warning", tr("over_limit", name=name, max=MAX_IMAGES_PER_CLASS, n=rep.over_limit)))
    if rep.unreadable:
        files = "; ".join(f"{md(n)} ({md(why)})" for n, why in rep.unreadable[:5]) + (
            " …" if len(rep.unreadable) > 5 else ""
        )
        notes.append(("error", tr("unreadable", name=name, n=len(rep.unreadable), files=files)))


def _quick_start(state, tr) -> None:
    set_name, members, n = QUICK_START
    ts = TeachSet(members)
    for i, m in enumerate(members):
        ts.add_prepared(i, sample_images(set_name, m, n, seed=1))
        st.session_state[f"teach-name-{i}"] = m
    st.session_state["teach-n"] = len(members)
    state["set"], state["seen"] = ts, {}


def _class_editor(i: int, cls: TeachClass, state, tr, notes: list) -> None:
    ts: TeachSet = state["set"]
    with st.container(border=True):
        left, right = st.columns([2, 3])
        st.session_state.setdefault(f"teach-name-{i}", tr("default_name", i=i + 1))
        cls.name = left.text_input(tr("class_name", i=i + 1), key=f"teach-name-{i}", max_chars=40)
        count_slot = left.empty()  # filled last: this run's additions count
        if left.button(tr("clear"), key=f"teach-clear-{i}", icon=":material/delete:"):
            cls.images.clear()
        label = cls.name.strip() or str(i + 1)
        src = right.radio(
            tr("source"),
            URL.options(f"src{i + 1}"),
            key=URL.key(f"src{i + 1}"),
            horizontal=True,
            format_func=lambda s: tr(f"src_{s}"),
        )
        seen = state["seen"].setdefault(i, set())
        if src == "upload":
            files = right.file_uploader(
                tr("upload"), type=list(EXTENSIONS), accept_multiple_files=True, key=f"teach-up-{i}"
            )
            new = [f for f in files or [] if f.file_id not in seen]
            if new:
                seen.update(f.file_id for f in new)
                _report(label, ts.add(i, ((f.name, f.getvalue()) for f in new)), tr, notes)
        elif src == "camera":
            snap = right.camera_input(tr("camera"), key=f"teach-cam-{i}")
            if snap is not None and snap.file_id not in seen:
                seen.add(snap.file_id)
                _report(label, ts.add(i, [(snap.name or "camera.jpg", snap.getvalue())]), tr, notes)
        else:
            c1, c2, c3 = right.columns([2, 2, 1], vertical_alignment="bottom")
            set_name = c1.selectbox(
                tr("sample_set"),
                URL.options(f"set{i + 1}"),
                key=URL.key(f"set{i + 1}"),
                format_func=lambda s: tr(f"set_{s}"),
            )
            member = c2.selectbox(
                tr("member"),
                SAMPLE_SETS[set_name],
                key=f"teach-member-{i}-{set_name}",
                index=min(i, len(SAMPLE_SETS[set_name]) - 1),
            )
            n = right.slider(tr("how_many"), **URL.range(f"count{i + 1}"), key=URL.key(f"count{i + 1}"))
            if c3.button(tr("add_samples"), key=f"teach-add-{i}", width="stretch"):
                state["sample_seed"] += 1  # each click draws new pictures
                _report(
                    label,
                    ts.add_prepared(i, sample_images(set_name, member, n, seed=state["sample_seed"])),
                    tr,
                    notes,
                )
        count_slot.caption(tr("images_in_class", n=len(cls.images)))
        if cls.images:
            right.image([im.image for im in cls.images[:16]], width=48)


def _classes(state, tr) -> None:
    st.subheader(tr("classes"))
    if st.button(tr("example"), key="teach-example", icon=":material/bolt:"):
        _quick_start(state, tr)
    # (no value=: the default is in URL, and the quick start above changes the value)
    n = st.number_input(tr("n_classes"), **URL.range("n"), key=URL.key("n"))
    ts: TeachSet = state["set"]
    while len(ts.classes) < n:
        ts.classes.append(TeachClass(""))
    del ts.classes[int(n) :]
    notes: list = []
    for i, cls in enumerate(ts.classes):
        _class_editor(i, cls, state, tr, notes)
    for kind, text in notes:
        getattr(st, kind)(text)


def _start(state, bb: Backbone, tr) -> None:
    """Features (with a progress bar), the stated split, and the two background trainings."""
    ts: TeachSet = state["set"]
    items, labels = ts.labelled()
    classes = [c.name.strip() for c in ts.classes]
    bar = st.progress(0.0, text=tr("extracting", done=0, total=len(items)))
    cache: FeatureCache = state["cache"]
    misses0 = cache.misses
    feats = extract(
        bb,
        items,
        cache,
        progress=lambda d, t: bar.progress(d / max(t, 1), text=tr("extracting", done=d, total=t)),
    )
    new = cache.misses - misses0
    bar.progress(1.0, text=tr("extracted", n=len(items), new=new, cached=len(items) - new))
    split = plan_split(labels, seed=0, names=classes)
    k = len(classes)
    pixels = scratch_pixels(items)  # (N, 3, 32, 32)
    if split.kind == "holdout":
        tr_idx, te_idx = split.folds[0]
        probe_val, scratch_val = (feats[te_idx], labels[te_idx]), (pixels[te_idx], labels[te_idx])
    else:
        tr_idx, probe_val, scratch_val = np.arange(len(items)), None, None
    runs = session_runs(NS)
    runs.clear()
    # both train in worker processes (models.training); the local trainers only provide the networks the
    # weights come back into
    local_probe = head_trainer(feats[tr_idx], labels[tr_idx], k, HeadConfig(), val=probe_val)
    local_scratch = scratch_trainer(pixels[tr_idx], labels[tr_idx], k, ScratchConfig(), val=scratch_val)
    probe = RemoteRun(
        teach_job(
            "head",
            feats[tr_idx],
            labels[tr_idx],
            k,
            HeadConfig(),
            val=probe_val,
            heartbeat_timeout=60,
            name="linear probe",
        ),
        model=local_probe.model,
    )
    scratch = RemoteRun(
        teach_job(
            "scratch",
            pixels[tr_idx],
            labels[tr_idx],
            k,
            ScratchConfig(),
            val=scratch_val,
            heartbeat_timeout=60,
            name="small CNN from scratch",
        ),
        model=local_scratch.model,
    )
    state["session"] = {
        "items": items,
        "labels": labels,
        "classes": classes,
        "feats": feats,
        "pixels": pixels,
        "split": split,
        "probe": runs.add(probe, tr("probe_run"), HeadConfig().to_dict()),
        "scratch": runs.add(scratch, tr("scratch_run"), ScratchConfig().to_dict()),
        "eval": None,
    }
    state["active"] = "trained"
    probe.start()
    scratch.start()


def _split_text(split, n_test: int, tr) -> str:
    if split.kind == "holdout":
        return tr("split_holdout", min=HOLDOUT_MIN, pct=f"{TEST_FRACTION:.0%}", n=n_test, seed=split.seed)
    return tr("split_kfold", min=HOLDOUT_MIN, k=split.k, seed=split.seed)


def _train(state, bb: Backbone, tr) -> None:
    st.subheader(tr("train_section"))
    if st.button(tr("train"), key="teach-train", type="primary", icon=":material/school:"):
        ts: TeachSet = state["set"]
        problems = ts.problems() or ts.measure_problems()
        for code, params in problems:
            st.error(tr(f"problem_{code}", **{k: md(v) if k == "name" else v for k, v in params.items()}))
        if not problems:
            try:
                _start(state, bb, tr)
            except ModelsError as exc:
                st.error(tr("bad_image", error=exc))
    sess = state["session"]
    if sess is None:
        return
    st.caption(_split_text(sess["split"], len(sess["split"].folds[0][1]), tr))
    runs = session_runs(NS)
    cols = st.columns(2)
    for col, key in zip(cols, ("probe", "scratch")):
        run = runs.get(sess[key])
        if run is not None:
            with col:
                st.markdown(f"**{run.label}**")
                live_panel(run, key=sess[key], tr=tr)


def _evaluations(sess, runs, tr):
    """(probe evaluation, scratch evaluation), measured once per training session."""
    if sess["eval"] is None:
        probe, scratch = runs.get(sess["probe"]).trainer, runs.get(sess["scratch"]).trainer
        k, split = len(sess["classes"]), sess["split"]
        with st.spinner(tr("measuring")):
            pe = evaluate(
                sess["feats"],
                sess["labels"],
                sess["classes"],
                split,
                lambda x, y: head_trainer(x, y, k, HeadConfig()),
                trained=probe.model,
            )
            se = evaluate(
                sess["pixels"],
                sess["labels"],
                sess["classes"],
                split,
                lambda x, y: scratch_trainer(x, y, k, ScratchConfig()),
                trained=scratch.model,
            )
        sess["eval"] = (pe, se)
    return sess["eval"]


def _results(state, tr) -> None:
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
    classes, items = sess["classes"], sess["items"]
    m1, m2 = st.columns(2)
    m1.metric(tr("probe_acc"), f"{pe.accuracy:.1%}", help=tr("tested_on", n=len(pe.index)))
    m2.metric(tr("scratch_acc"), f"{se.accuracy:.1%}", help=tr("tested_on", n=len(se.index)))
    st.caption(
        tr("tested_on", n=len(pe.index))
        + " · "
        + tr(
            "per_class",
            rows=", ".join(f"{md(c)} {'–' if v is None else f'{v:.0%}'}" for c, v in pe.per_class.items()),
        )
    )
    gap = (pe.accuracy - se.accuracy) * 100
    st.markdown(tr("lesson_win", pts=gap) if gap >= 10 else tr("lesson_tie"))
    left, right = st.columns([3, 2])
    with left:
        st.caption(tr("confusion"))
        show_chart(
            confusion_figure(pe.matrix, classes, tr=tr),
            f"teach-confusion-{len(classes)}-classes",
            key="teach-cm",
        )
    with right:
        st.caption(tr("mistakes"))
        wrong = pe.mistakes()[:12]
        if not wrong:
            st.success(tr("no_mistakes"))
        else:
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


def _try(state, bb: Backbone, tr) -> None:
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
        order = np.argsort(-probs)
        st.dataframe(
            pd.DataFrame(
                {
                    tr("col_class"): [classes[i] for i in order],
                    tr("col_probability"): [float(probs[i]) for i in order],
                }
            ),
            hide_index=True,
            width="stretch",
            column_config={
                tr("col_probability"): st.column_config.ProgressColumn(
                    format="percent", min_value=0.0, max_value=1.0
                )
            },
        )
        if scratch is not None:
            sp = probabilities(scratch, scratch_pixels([item]))[0]
            st.caption(tr("scratch_says", label=md(classes[int(sp.argmax())]), p=float(sp.max())))
        st.image(seen, caption=tr("seen"), width=140)


def _export(state, tr) -> None:
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


def render() -> None:
    """The whole page."""
    tr = translator(TEXT)
    runtime_setup()
    st.title(tr("title"))
    st.markdown(tr("intro"))
    URL.apply()
    try:
        bb = shared_backbone()
    except ModelsError as exc:
        st.error(tr("no_weights", advice=exc))
        return
    state = _state()
    _classes(state, tr)
    _train(state, bb, tr)
    _results(state, tr)
    _try(state, bb, tr)
    _export(state, tr)
