"""The tagging page's "train your own tagger" part: the data and settings, starting a run in a worker, and a
card per run (live curves, then its held-out accuracy, "use it above" and the checkpoint download)."""

from __future__ import annotations

import streamlit as st

from models.errors import ModelsError
from models.tagging import conllu_io, treebank
from models.tagging.train import TrainSettings, make_trainer
from models.tagging.trained import finish_run, split_for_training
from models.training import RemoteRun, Trainer
from models.training.jobs import tagger_job
from models.training.state import TrainerState
from ui.live import live_panel
from ui.presenter import big_result
from ui.tagger import URL

_SCORED = (TrainerState.FINISHED, TrainerState.STOPPED)  # runs whose model is evaluated (not failed ones)


def _sentences(src: str, sample_path, n_sample: int, upload, tr) -> tuple[list, str]:
    """(sentences, a short name of where they came from); ModelsError / ValueError when there are none."""
    if src == "sample":
        if sample_path is None:
            raise ModelsError(tr("sample_missing"))
        sents = conllu_io.read_conllu(sample_path)[:n_sample]
        return sents, f"EWT×{len(sents)}"
    if upload is None:
        raise ModelsError(tr("need_file"))
    return conllu_io.parse_bytes(upload.getvalue(), upload.name), upload.name


def _start(runs, sents: list, source_name: str, arch: str, epochs: int, tr) -> None:
    """Split the sentences, start a worker run and add it to the session's runs (an error says why not)."""
    try:
        train, test = split_for_training(sents)
        settings = TrainSettings(arch=arch, epochs=epochs, seed=len(runs))
        trainer, vocab = make_trainer(train, test, settings, heartbeat_timeout=60, name="tagger")
        trainer = RemoteRun(
            tagger_job(train, test, settings, heartbeat_timeout=60), model=trainer.model
        )  # a worker
    except (ModelsError, ValueError) as exc:
        st.error(tr("bad_file", error=exc))
        return
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


def training_panel(runs, tr) -> None:
    """Training data (a sample of the treebank or an uploaded CoNLL-U file), network, epochs, Start."""
    sample_path = treebank.find_file()
    src = st.radio(
        tr("source"),
        URL.options("src"),
        horizontal=True,
        key=URL.key("src"),
        format_func=lambda s: tr("source_sample") if s == "sample" else tr("source_upload"),
    )
    upload, n_sample = None, 0
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
            sents, source_name = _sentences(src, sample_path, n_sample, upload, tr)
        except (ModelsError, ValueError) as exc:
            st.error(tr("bad_file", error=exc))
        else:
            _start(runs, sents, source_name, arch, epochs, tr)


def _use(run_id: str) -> None:
    st.session_state["tagger_model"] = run_id


def run_card(run_id: str, run, tr) -> None:
    """One run: live curves; once ended, its held-out accuracy, "use it above" and the checkpoint download."""
    live_panel(run, key=run_id, tr=tr, chart_name=f"tagger-curves-{run.label}")
    trainer: Trainer = run.trainer
    if trainer.state not in _SCORED or trainer.step == 0:
        return
    if "result" not in run.extra:
        extra = run.extra
        extra["tagger"], extra["result"], extra["ckpt"] = finish_run(
            trainer.model, extra["vocab"], extra["settings"], extra["test"]
        )
        st.rerun()
    r = run.extra["result"]
    big_result(tr("run_acc"), f"{r['upos_accuracy']:.1%}", run.label)
    st.caption(
        tr("run_result", acc=r["upos_accuracy"], n=r["tokens"], oov=r["oov_accuracy"], n_oov=r["oov_tokens"])
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
