"""Teach the CNN your own classes (Streamlit side): classes from uploads / camera / sample sets -> frozen Lite0
features (progress bar, cached per picture) -> a linear head and the lab's small CNN trained side by side in the
background with live curves (``ui.live``) -> held-out accuracy by the stated split, confusion matrix, mistakes ->
try a new picture with Grad-CAM -> export / load the head. This module: the page's URL state, the shared backbone,
the session's state, the class editors and the training panel; ui.teach_results: results, "try it", export.

Everything a user adds or trains lives in this browser session (``st.session_state`` and ``session_runs``); only
the frozen backbone is shared (``st.cache_resource``, read-only, eval mode).
"""

from __future__ import annotations

import re

import numpy as np
import streamlit as st

from models.errors import ModelsError
from models.teach.data import (
    MAX_CLASSES,
    MAX_IMAGES_PER_CLASS,
    MIN_CLASSES,
    SAMPLE_SETS,
    TeachClass,
    TeachSet,
    sample_images,
)
from models.teach.evaluate import HOLDOUT_MIN, TEST_FRACTION, plan_split
from models.teach.features import Backbone, FeatureCache, extract
from models.teach.learners import (
    HeadConfig,
    ScratchConfig,
    head_trainer,
    scratch_pixels,
    scratch_trainer,
)
from models.teach.plan import training_sets
from models.training import RemoteRun
from models.training.jobs import teach_job
from models.vision.imageio import EXTENSIONS
from ui.live import live_panel, session_runs
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


def session_state() -> dict:
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


def _add_pictures(i: int, src: str, label: str, state, tr, notes: list, where) -> None:
    """The widgets of class ``i``'s picture source (in ``where``, the editor's right column); what they add goes
    into the class, and a report of it into ``notes``."""
    ts: TeachSet = state["set"]
    seen = state["seen"].setdefault(i, set())
    if src == "upload":
        files = where.file_uploader(
            tr("upload"), type=list(EXTENSIONS), accept_multiple_files=True, key=f"teach-up-{i}"
        )
        new = [f for f in files or [] if f.file_id not in seen]
        if new:
            seen.update(f.file_id for f in new)
            _report(label, ts.add(i, ((f.name, f.getvalue()) for f in new)), tr, notes)
        return
    if src == "camera":
        snap = where.camera_input(tr("camera"), key=f"teach-cam-{i}")
        if snap is not None and snap.file_id not in seen:
            seen.add(snap.file_id)
            _report(label, ts.add(i, [(snap.name or "camera.jpg", snap.getvalue())]), tr, notes)
        return
    c1, c2, c3 = where.columns([2, 2, 1], vertical_alignment="bottom")
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
    n = where.slider(tr("how_many"), **URL.range(f"count{i + 1}"), key=URL.key(f"count{i + 1}"))
    if c3.button(tr("add_samples"), key=f"teach-add-{i}", width="stretch"):
        state["sample_seed"] += 1  # each click draws new pictures
        pictures = sample_images(set_name, member, n, seed=state["sample_seed"])
        _report(label, ts.add_prepared(i, pictures), tr, notes)


def _class_editor(i: int, cls: TeachClass, state, tr, notes: list) -> None:
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
        _add_pictures(i, src, label, state, tr, notes, right)
        count_slot.caption(tr("images_in_class", n=len(cls.images)))
        if cls.images:
            right.image([im.image for im in cls.images[:16]], width=48)


def classes_panel(state, tr) -> None:
    """The quick start, the number of classes and one editor per class; notes about what was added below."""
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


def _features(state, bb: Backbone, items, tr) -> np.ndarray:
    """Frozen Lite0 features of every picture (N, D), with a progress bar; cached pictures are not redone."""
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
    return feats


def _remote(kind: str, x, y, k: int, config, val, name: str, local) -> RemoteRun:
    """A training job in a worker process (models.training); ``local``'s network receives the weights."""
    job = teach_job(kind, x, y, k, config, val=val, heartbeat_timeout=60, name=name)
    return RemoteRun(job, model=local.model)


def _start(state, bb: Backbone, tr) -> None:
    """Features (with a progress bar), the stated split, and the two background trainings."""
    ts: TeachSet = state["set"]
    items, labels = ts.labelled()
    classes = [c.name.strip() for c in ts.classes]
    feats = _features(state, bb, items, tr)
    split = plan_split(labels, seed=0, names=classes)
    k = len(classes)
    pixels = scratch_pixels(items)  # (N, 3, 32, 32)
    sets = training_sets(split, feats, pixels, labels)
    idx = sets.train
    runs = session_runs(NS)
    runs.clear()
    # both train in worker processes (models.training); the local trainers only provide the networks the
    # weights come back into
    local_probe = head_trainer(feats[idx], labels[idx], k, HeadConfig(), val=sets.probe_val)
    local_scratch = scratch_trainer(pixels[idx], labels[idx], k, ScratchConfig(), val=sets.scratch_val)
    probe = _remote(
        "head", feats[idx], labels[idx], k, HeadConfig(), sets.probe_val, "linear probe", local_probe
    )
    scratch = _remote(
        "scratch",
        pixels[idx],
        labels[idx],
        k,
        ScratchConfig(),
        sets.scratch_val,
        "small CNN from scratch",
        local_scratch,
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


def train_panel(state, bb: Backbone, tr) -> None:
    """The Train button (after checking the classes) and the two live runs side by side."""
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
