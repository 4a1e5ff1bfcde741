"""Part-of-speech tagging (many-to-many, aligned): BiLSTM tagger on UD English-EWT; names; train your own."""

from __future__ import annotations

import streamlit as st

from models import default_store
from models.errors import ModelsError
from models.tagging import conllu_io, treebank
from models.tagging.inference import NeuralTagger, evaluate_tagger
from models.tagging.tokenize import tokenize_sentences
from models.tagging.train import TrainSettings, checkpoint, make_trainer
from models.training import RemoteRun, Trainer
from models.training.jobs import tagger_job
from ui.i18n import translator
from ui.live import live_panel, session_runs
from ui.presenter import big_result, secondary
from ui.tagger import (
    EXAMPLES,
    HONEST_FAILURE,
    TEXT,
    URL,
    bundled_names,
    checkpoint_bytes,
    chips_html,
    comparison_html,
    details_frame,
    example_gold,
    honest_failure_line,
    names_html,
    try_bundled,
)

tr = translator(TEXT)
runs = session_runs("tagger")
st.title(tr("title"))
URL.apply()
st.markdown(tr("intro"))

# -- which tagger: bundled ones that load, plus this session's finished runs ------------------------------
options: dict[str, object] = {}
errors = []
for name in bundled_names().values():
    tagger, err = try_bundled(name)
    if tagger is not None:
        options[name] = tagger
    else:
        errors.append(err)
for run_id, run in runs.items():
    if run.extra.get("tagger") is not None:
        options[run_id] = run.extra["tagger"]
for err in errors:
    st.warning(tr("weights_missing", error=err))
labels = {k: (tr("my_model", label=runs.get(k).label) if runs.get(k) else tr(f"lbl_{k}")) for k in options}
if st.session_state.get("tagger_model") not in options:
    st.session_state.pop("tagger_model", None)

# -- tag a text --------------------------------------------------------------------------------------------
with st.form("tag-form"):
    c1, c2 = st.columns([3, 1])
    text = c1.text_area(tr("input"), key=URL.key("text"), height=90)
    choice = c2.selectbox(tr("model"), list(options), format_func=labels.get, key=URL.key("model"))
    c2.form_submit_button(tr("tag_button"), type="primary", width="stretch")

if choice is not None:
    try:
        sentences = tokenize_sentences(text)
    except ModelsError as exc:
        st.error(str(exc))
        sentences = []
    rows = [r for s in sentences for r in options[choice].tag_tokens(s)]
    if rows:
        st.html(chips_html(rows, tr))
        st.html(names_html(rows, tr))
        st.caption(tr("unknown_legend"))
        with st.expander(tr("details")):
            st.dataframe(details_frame(rows, tr), hide_index=True, width="stretch")

# -- examples: BiLSTM beside the baselines ------------------------------------------------------------------
st.subheader(tr("examples"))
bundled = {n: options[n] for n in bundled_names().values() if n in options}
if bundled:
    st.caption(tr("examples_caption"))
    labels = {name: tr(f"lbl_{name}") for name in bundled}
    for example in EXAMPLES:
        tokens = tokenize_sentences(example)[0]
        st.html(
            comparison_html(tokens, bundled, labels, gold=example_gold(tokens), gold_label=tr("gold_row"))
        )
    st.markdown(f"**{tr('honest_title')}**")
    st.html(comparison_html(tokenize_sentences(HONEST_FAILURE)[0], bundled, labels))
    st.caption(honest_failure_line(tr))
    manifest = default_store.manifest()
    st.markdown(f"**{tr('heldout')}**")
    mcols = st.columns(len(bundled))
    for mc, name in zip(mcols, bundled):
        m = manifest.get(name, {}).get("metrics", {})
        if m:
            mc.metric(f"{labels[name]} · {tr('metric_all')}", f"{m['heldout_upos_accuracy']:.1%}")
            mc.caption(f"{tr('metric_oov')}: {m['heldout_oov_accuracy']:.1%} ({m['heldout_oov_tokens']})")

# -- train your own -----------------------------------------------------------------------------------------
st.subheader(tr("train_title"))
secondary(tr("train_intro"))
sample_path = treebank.find_file()
src = st.radio(
    tr("source"),
    URL.options("src"),
    horizontal=True,
    key=URL.key("src"),
    format_func=lambda s: tr("source_sample") if s == "sample" else tr("source_upload"),
)
upload = None
if src == "sample":
    if sample_path is None:
        st.info(tr("sample_missing"))
    n_sample = st.slider(tr("sample_size"), **URL.range("n"), step=50, key=URL.key("n"))
else:
    upload = st.file_uploader(
        tr("upload"), type=["conllu", "txt"], key="tagger_upload", help=tr("uploader_help")
    )
c1, c2 = st.columns(2)
arch = c1.selectbox(
    tr("arch"), URL.options("arch"), format_func=lambda a: tr(f"arch_{a}"), key=URL.key("arch")
)
epochs = c2.slider(tr("epochs"), **URL.range("ep"), key=URL.key("ep"))

if st.button(tr("start_training"), type="primary", key="tagger_start"):
    try:
        if src == "sample":
            if sample_path is None:
                raise ModelsError(tr("sample_missing"))
            sents = conllu_io.read_conllu(sample_path)[:n_sample]
            source_name = f"EWT×{len(sents)}"
        else:
            if upload is None:
                raise ModelsError(tr("need_file"))
            sents = conllu_io.parse_bytes(upload.getvalue(), upload.name)
            source_name = upload.name
        train, test = conllu_io.heldout_split(sents)
        if not test:
            raise ModelsError(f"{len(sents)} sentences: at least 10 are needed to hold out every 10th")
        settings = TrainSettings(arch=arch, epochs=epochs, seed=len(runs))
        trainer, vocab = make_trainer(train, test, settings, heartbeat_timeout=60, name="tagger")
        trainer = RemoteRun(
            tagger_job(train, test, settings, heartbeat_timeout=60), model=trainer.model
        )  # a worker
    except (ModelsError, ValueError) as exc:
        st.error(tr("bad_file", error=exc))
    else:
        st.success(tr("data_summary", train=len(train), test=len(test), words=sum(map(len, sents))))
        runs.add(
            trainer,
            label=f"{arch}, {epochs} ep, {source_name}",
            config={"arch": arch, "epochs": epochs},
            vocab=vocab,
            test=test,
            settings=settings,
        )
        trainer.start()


def _use(run_id: str) -> None:
    st.session_state["tagger_model"] = run_id


for run_id, run in reversed(runs.items()):
    with st.container(border=True):
        live_panel(run, key=run_id, tr=tr, chart_name=f"tagger-curves-{run.label}")
        trainer: Trainer = run.trainer
        if trainer.state in ("finished", "stopped") and trainer.step > 0:
            if "result" not in run.extra:
                tagger = NeuralTagger(trainer.model, run.extra["vocab"])
                run.extra["result"] = evaluate_tagger(tagger, run.extra["test"])
                run.extra["tagger"] = tagger
                run.extra["ckpt"] = checkpoint_bytes(
                    checkpoint(
                        trainer.model, run.extra["vocab"], run.extra["settings"], metrics=run.extra["result"]
                    )
                )
                st.rerun()
            r = run.extra["result"]
            big_result(tr("run_acc"), f"{r['upos_accuracy']:.1%}", run.label)
            st.caption(
                tr(
                    "run_result",
                    acc=r["upos_accuracy"],
                    n=r["tokens"],
                    oov=r["oov_accuracy"],
                    n_oov=r["oov_tokens"],
                )
            )
            b1, b2 = st.columns(2)
            b1.button(tr("use_it"), key=f"{run_id}-use", on_click=_use, args=(run_id,), width="stretch")
            b2.download_button(
                tr("download"),
                run.extra["ckpt"],
                file_name=f"{run_id}.pt",
                mime="application/octet-stream",
                key=f"{run_id}-dl",
                width="stretch",
            )

st.caption(tr("credit"))
