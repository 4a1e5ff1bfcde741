"""The guided lesson: a bar on top of any page when ``?lesson=<step>`` is in the URL.

The steps live in ``ui/lesson_steps.yaml`` (lecture order, EN/KO, each = page + preset URL parameters + notes), so
a teacher reorders or adds steps there without touching page code. Previous/next are links to the other step's
page with that step's parameters (plus ``lesson``, ``lang`` and ``present``), so students can follow on their
own devices and a reload keeps the step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import streamlit as st
import yaml

from ui.i18n import LANGUAGES, current_lang, translator

STEPS_FILE = Path(__file__).with_name("lesson_steps.yaml")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,15}$")

TEXT = {
    "en": {
        "lesson": "Lesson",
        "step_of": "Step {n} of {total} · lecture #{lecture}",
        "notes": "Presenter notes",
        "prev": "Previous",
        "next": "Next",
        "bad_step": "There is no lesson step {value} (steps 1–{total}).",
        "broken": "The lesson file cannot be used: {error}",
    },
    "ko": {
        "lesson": "수업",
        "step_of": "{total}단계 중 {n}단계 · 강의 #{lecture}",
        "notes": "발표자 노트",
        "prev": "이전",
        "next": "다음",
        "bad_step": "수업 {value}단계는 없습니다 (1–{total}단계).",
        "broken": "수업 파일을 쓸 수 없습니다: {error}",
    },
}


@dataclass(frozen=True)
class Step:
    lecture: int  # lecture number (#23 ...)
    page: str  # url_path of a page in ui/pages.py, or "home"
    params: dict  # the page's URL parameters for this step (str -> str)
    title: dict  # {"en": ..., "ko": ...}
    notes: dict  # {"en": [...], "ko": [...]}: what to point at, what to ask


def parse_steps(data) -> list[Step]:
    """Steps from the YAML document; ValueError naming the step and field when something is wrong."""
    if not isinstance(data, dict) or not isinstance(data.get("steps"), list) or not data["steps"]:
        raise ValueError("the file needs a non-empty list under 'steps'")
    steps = []
    for i, s in enumerate(data["steps"], 1):
        where = f"step {i}"
        if not isinstance(s, dict):
            raise ValueError(f"{where}: not a mapping")
        missing = {"lecture", "page", "title", "notes"} - set(s)
        if missing:
            raise ValueError(f"{where}: missing {', '.join(sorted(missing))}")
        params = s.get("params") or {}
        if not isinstance(params, dict):
            raise ValueError(f"{where}: params must be a mapping")
        for k, v in params.items():
            if not isinstance(k, str) or not _NAME.match(k) or k in ("lang", "present", "lesson"):
                raise ValueError(f"{where}: bad parameter name {k!r}")
            if not isinstance(v, (str, int, float, bool)):
                raise ValueError(f"{where}: parameter {k} must be a single value")
        for field in ("title", "notes"):
            if not isinstance(s[field], dict) or set(s[field]) != set(LANGUAGES):
                raise ValueError(f"{where}: {field} needs exactly the languages {', '.join(LANGUAGES)}")
        if any(
            not isinstance(n, list) or not 1 <= len(n) <= 3 or not all(isinstance(x, str) for x in n)
            for n in s["notes"].values()
        ):
            raise ValueError(f"{where}: notes must be one to three sentences per language")
        steps.append(
            Step(
                int(s["lecture"]),
                str(s["page"]),
                {k: str(int(v) if isinstance(v, bool) else v) for k, v in params.items()},
                dict(s["title"]),
                {k: list(v) for k, v in s["notes"].items()},
            )
        )
    return steps


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> tuple[Step, ...]:
    with open(path, encoding="utf-8") as f:
        return tuple(parse_steps(yaml.safe_load(f)))


def load_steps(path: Path = STEPS_FILE) -> tuple[Step, ...]:
    """The lesson's steps (re-read when the file changes, so a teacher's edit shows on the next rerun)."""
    return _load(str(path), path.stat().st_mtime)


def step_number(total: int) -> int | None:
    """``?lesson=`` as a step number 1..total, or None. A bad value gives a note and leaves the URL."""
    raw = st.query_params.get("lesson")
    if raw is None:
        return None
    if raw.isdigit() and 1 <= int(raw) <= total:
        return int(raw)
    st.caption(translator(TEXT)("bad_step", value=raw[:10], total=total))
    del st.query_params["lesson"]
    return None


def step_query(n: int, step: Step, *, presenting: bool) -> dict[str, str]:
    """The URL parameters that open step ``n``."""
    q = dict(step.params, lesson=str(n), lang=current_lang())
    if presenting:
        q["present"] = "1"
    return q


def lesson_bar(pages: dict, *, presenting: bool) -> None:
    """The bar: step title, notes (open in presenter mode, folded for students), previous/next links.
    ``pages`` maps url_path ("home" included) to the app's ``st.Page`` objects."""
    tr, lang = translator(TEXT), current_lang()
    try:
        steps = load_steps()
    except (OSError, ValueError, yaml.YAMLError) as exc:
        if "lesson" in st.query_params:
            st.error(tr("broken", error=str(exc)[:200]))
        return
    n = step_number(len(steps))
    if n is None:
        return
    step = steps[n - 1]
    with st.container(border=True):
        st.markdown(
            f"**{tr('lesson')} · {step.title[lang]}** · "
            f"<small>{tr('step_of', n=n, total=len(steps), lecture=step.lecture)}</small>",
            unsafe_allow_html=True,
        )
        with st.expander(tr("notes"), expanded=presenting):
            st.markdown("\n".join(f"- {note}" for note in step.notes[lang]))
        row = st.container(horizontal=True)
        for target, label, icon in (
            (n - 1, tr("prev"), ":material/arrow_back:"),
            (n + 1, tr("next"), ":material/arrow_forward:"),
        ):
            if 1 <= target <= len(steps) and steps[target - 1].page in pages:
                row.page_link(
                    pages[steps[target - 1].page],
                    label=f"{label}: {steps[target - 1].title[lang]}",
                    icon=icon,
                    query_params=step_query(target, steps[target - 1], presenting=presenting),
                )
