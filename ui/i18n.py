"""The one translation layer: a dict per language. Every page defines its own ``TEXT = {"en": {...}, "ko": {...}}``
and gets a translator with ``tr = translator(TEXT)``; keys missing on a page fall back to the shared ``COMMON``.

The language is chosen in the sidebar and remembered in the URL query string (``?lang=ko``).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

LANGUAGES = {"en": "English", "ko": "한국어"}
DEFAULT_LANG = "en"

COMMON: dict[str, dict[str, str]] = {
    "en": {
        "app_title": "CNN & RNN classroom lab",
        "language": "Language",
        "nav_home": "Lecture map",
        "nav_cnn": "CNN",
        "nav_rnn": "RNN",
        "nav_lab": "Lab",
        "models_offline": "Models available offline",
        "available": "available",
        "missing": "weights missing",
        "no_models": "No models registered yet.",
        "error_prefix": "Something went wrong",
        "start": "Start",
        "stop": "Stop",
        "pause": "Pause",
        "resume": "Resume",
        "state": "State",
        "queued_at": "Waiting for a free training slot: position {pos} in the queue.",
        "state_created": "not started",
        "state_queued": "queued",
        "state_running": "running",
        "state_paused": "paused",
        "state_stopped": "stopped",
        "state_finished": "finished",
        "state_failed": "failed",
        "training_failed": "Training failed: {error}. The curves so far are kept.",
        "queued_eta": "Starts in about {eta}.",
        "worker_lost": "the training process ended unexpectedly",
        "loss": "loss",
        "accuracy": "accuracy",
        "step": "step",
        "epoch": "epoch",
        "train": "train",
        "validation": "validation",
        "learning_rate": "learning rate",
        "smoothing": "Smoothing",
        "elapsed": "elapsed",
        "eta": "ETA",
        "throughput": "samples/s",
        "download_csv": "Download metrics (CSV)",
    },
    "ko": {
        "app_title": "CNN & RNN 수업 실험실",
        "language": "언어",
        "nav_home": "강의 지도",
        "nav_cnn": "CNN",
        "nav_rnn": "RNN",
        "nav_lab": "실험실",
        "models_offline": "오프라인에서 쓸 수 있는 모델",
        "available": "사용 가능",
        "missing": "가중치 없음",
        "no_models": "아직 등록된 모델이 없습니다.",
        "error_prefix": "문제가 생겼습니다",
        "start": "시작",
        "stop": "정지",
        "pause": "일시정지",
        "resume": "계속",
        "state": "상태",
        "queued_at": "학습 자리가 나기를 기다리는 중: 대기열 {pos}번째.",
        "state_created": "시작 전",
        "state_queued": "대기 중",
        "state_running": "학습 중",
        "state_paused": "일시정지됨",
        "state_stopped": "정지됨",
        "state_finished": "완료",
        "state_failed": "실패",
        "training_failed": "학습 실패: {error}. 지금까지의 곡선은 남아 있습니다.",
        "queued_eta": "약 {eta} 뒤에 시작합니다.",
        "worker_lost": "학습 프로세스가 예기치 않게 끝났습니다",
        "loss": "손실",
        "accuracy": "정확도",
        "step": "스텝",
        "epoch": "에폭",
        "train": "학습",
        "validation": "검증",
        "learning_rate": "학습률",
        "smoothing": "스무딩",
        "elapsed": "경과",
        "eta": "남은 시간",
        "throughput": "샘플/초",
        "download_csv": "지표 내려받기 (CSV)",
    },
}


def current_lang() -> str:
    """The language of this session: sidebar choice, else ``?lang=`` in the URL, else English."""
    lang = st.session_state.get("lang")
    if lang not in LANGUAGES:
        lang = st.query_params.get("lang", DEFAULT_LANG)
    return lang if lang in LANGUAGES else DEFAULT_LANG


def translator(text: dict[str, dict[str, str]] | None = None) -> Callable[..., str]:
    """``tr(key, **fmt)`` for the current language; page strings first, then COMMON, then English."""
    text = text or {}
    lang = current_lang()

    def tr(key: str, **fmt) -> str:
        for table in (text.get(lang, {}), COMMON[lang], text.get("en", {}), COMMON["en"]):
            if key in table:
                s = table[key]
                return s.format(**fmt) if fmt else s
        return key

    return tr


def t(key: str, **fmt) -> str:
    """Shared strings only."""
    return translator()(key, **fmt)


def language_selector() -> str:
    """Sidebar radio; keeps the choice in session state and in the URL query string."""
    lang = current_lang()
    st.session_state["lang"] = lang
    st.sidebar.radio(
        COMMON[lang]["language"],
        options=list(LANGUAGES),
        format_func=LANGUAGES.get,
        key="lang",
        horizontal=True,
    )
    st.query_params["lang"] = st.session_state["lang"]
    return st.session_state["lang"]
