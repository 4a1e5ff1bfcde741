"""A page's state in the URL: short documented names, validated like any user input, language-independent.

Usage on a page (declare once at the top, before the widgets; the widgets take no ``index``/``value``):

    P = UrlState("classify", Choice("m", ("efficientnet", "alexnet"), key="cls_model"), Int("k", 1, 10, 5))
    P.apply()                                           # URL -> state (bad values: one short note), Reset button
    model = st.selectbox(tr("model"), P.options("m"), format_func=tr, key=P.key("m"))
    k = st.slider(tr("top_k"), **P.range("k"), key=P.key("k"))
    view = P.get("k"); P.set("k", 3)                   # values that are not widgets (example, view): same rules

Why not ``bind="query-params"``: a bound radio/selectbox writes its *displayed label* to the URL, so a link made
in Korean (``?view=비교``) is an invalid value in English, and Streamlit drops invalid values silently where the
issue wants a note. Here the URL always holds the option itself (``?view=compare``), values equal to the default
are left out, and the browser's URL follows the widgets on every rerun.

How it decides each run, per parameter: if the URL value differs from the one this page last wrote, the URL was
changed from outside (first visit, a shared link, the lesson's next/previous) and it wins; otherwise the widget's
value (``st.session_state[key]``) wins and is written back to the URL.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import streamlit as st

from ui.i18n import translator

# Parameters owned by the app's chrome rather than a page (ui/i18n, ui/presenter, ui/lesson) and Streamlit's own.
GLOBAL_PARAMS = frozenset({"lang", "present", "lesson", "embed", "embed_options"})
_MAX_TEXT = 500  # longest text value accepted from a URL

TEXT = {
    "en": {
        "url_ignored": "Ignored in the link: {items}.",
        "url_unknown": "{name} (unknown)",
        "url_invalid": "{name}={value} (not valid here)",
        "reset": "Reset",
        "reset_help": "Back to this page's defaults (other pages and your finished training runs are kept).",
    },
    "ko": {
        "url_ignored": "링크에서 무시한 값: {items}.",
        "url_unknown": "{name} (알 수 없는 이름)",
        "url_invalid": "{name}={value} (이 페이지에서 쓸 수 없는 값)",
        "reset": "초기화",
        "reset_help": "이 페이지를 기본값으로 되돌립니다 (다른 페이지와 끝난 학습 기록은 그대로).",
    },
}

_local = threading.local()  # per script thread (= per session run): where the chrome wants the Reset button


def set_reset_slot(container) -> None:
    """Called by the app's chrome before the page runs: the container the page's Reset button goes into."""
    _local.reset_slot = container


# ------------------------------------------------------------------------------------------------
# parameter kinds: each turns a URL string into a value (ValueError when invalid) and back


@dataclass(frozen=True)
class Param:
    name: str  # the short name in the URL
    default: Any  # value when the URL does not say
    key: str | None = None  # st.session_state / widget key (default: "<page>_<name>")

    def parse(self, raw: str) -> Any:
        raise NotImplementedError

    def dump(self, value: Any) -> str:
        return str(value)

    def valid(self, value: Any) -> bool:
        try:
            return self.parse(self.dump(value)) == value
        except (ValueError, TypeError):
            return False


@dataclass(frozen=True)
class Choice(Param):
    options: tuple = ()  # allowed values (str, int or float; the URL holds str(option))

    def __init__(self, name: str, options, default: Any = None, key: str | None = None):
        options = tuple(options)
        object.__setattr__(self, "options", options)
        super().__init__(name, options[0] if default is None else default, key)

    def parse(self, raw: str) -> Any:
        for o in self.options:
            if str(o) == raw:
                return o
        raise ValueError(raw)

    def valid(self, value: Any) -> bool:
        return value in self.options


@dataclass(frozen=True)
class Multi(Param):
    options: tuple = ()  # allowed values; the URL holds them comma-separated

    def __init__(self, name: str, options, default=None, key: str | None = None):
        options = tuple(options)
        object.__setattr__(self, "options", options)
        super().__init__(name, list(options if default is None else default), key)

    def parse(self, raw: str) -> list:
        by_text = {str(o): o for o in self.options}
        items = [s for s in raw.split(",") if s] if raw else []
        if any(s not in by_text for s in items) or len(set(items)) != len(items):
            raise ValueError(raw)
        return [by_text[s] for s in items]

    def dump(self, value) -> str:
        return ",".join(str(v) for v in value)

    def valid(self, value) -> bool:
        return (
            isinstance(value, list)
            and all(v in self.options for v in value)
            and len(set(value)) == len(value)
        )


@dataclass(frozen=True)
class Int(Param):
    lo: int = 0
    hi: int = 0
    step: int = 1

    def __init__(self, name: str, lo: int, hi: int, default: int, step: int = 1, key: str | None = None):
        object.__setattr__(self, "lo", lo)
        object.__setattr__(self, "hi", hi)
        object.__setattr__(self, "step", step)
        super().__init__(name, default, key)

    def parse(self, raw: str) -> int:
        v = int(raw)
        if not self.lo <= v <= self.hi or (v - self.lo) % self.step:
            raise ValueError(raw)
        return v


@dataclass(frozen=True)
class Float(Param):
    lo: float = 0.0
    hi: float = 0.0

    def __init__(self, name: str, lo: float, hi: float, default: float, key: str | None = None):
        object.__setattr__(self, "lo", lo)
        object.__setattr__(self, "hi", hi)
        super().__init__(name, default, key)

    def parse(self, raw: str) -> float:
        v = float(raw)
        if not self.lo <= v <= self.hi:  # also rejects nan
            raise ValueError(raw)
        return v

    def dump(self, value) -> str:
        return f"{value:.6g}"

    def valid(self, value) -> bool:
        return isinstance(value, (int, float)) and self.lo <= value <= self.hi


@dataclass(frozen=True)
class Bool(Param):
    def __init__(self, name: str, default: bool = False, key: str | None = None):
        super().__init__(name, default, key)

    def parse(self, raw: str) -> bool:
        if raw not in ("0", "1"):
            raise ValueError(raw)
        return raw == "1"

    def dump(self, value) -> str:
        return "1" if value else "0"


@dataclass(frozen=True)
class Text(Param):
    max_len: int = _MAX_TEXT

    def __init__(self, name: str, default: str = "", max_len: int = _MAX_TEXT, key: str | None = None):
        object.__setattr__(self, "max_len", max_len)
        super().__init__(name, default, key)

    def parse(self, raw: str) -> str:
        if len(raw) > self.max_len or any(ord(c) < 32 and c not in "\t\n" for c in raw):
            raise ValueError(raw[:20])
        return raw


# ------------------------------------------------------------------------------------------------


class UrlState:
    """The URL parameters of one page. ``page`` is the page's url_path (ui/pages.py)."""

    def __init__(self, page: str, *params: Param):
        self.page = page
        self.params = {}
        for p in params:
            if p.name in GLOBAL_PARAMS or p.name in self.params:
                raise ValueError(f"URL parameter name {p.name!r} is reserved or repeated on page {page!r}")
            if not p.name.isidentifier() or len(p.name) > 16:
                raise ValueError(f"URL parameter name {p.name!r}: use a short identifier (≤ 16 characters)")
            self.params[p.name] = p

    # names and defaults for the page's widgets ----------------------------------------------------
    def key(self, name: str) -> str:
        p = self.params[name]
        return p.key or f"{self.page}_{p.name}"

    def options(self, name: str) -> list:
        return list(self.params[name].options)

    def range(self, name: str) -> dict:
        p = self.params[name]
        return {"min_value": p.lo, "max_value": p.hi}

    @property
    def _last(self) -> dict:
        """What this page last wrote to the URL, per parameter (None = absent)."""
        return st.session_state.setdefault("_urlstate_last", {}).setdefault(self.page, {})

    # the two directions -----------------------------------------------------------------------------
    def apply(self, *, reset_button: bool = True, note: bool = True) -> dict[str, Any]:
        """Reconcile URL and state for every parameter; show one short note for ignored values; place Reset.
        Returns the current values by URL name. Never raises on a bad URL."""
        tr = translator(TEXT)
        qp, ss, last, ignored = st.query_params, st.session_state, self._last, []
        for raw_name in list(qp.keys()):
            if raw_name not in self.params and raw_name not in GLOBAL_PARAMS:
                ignored.append(tr("url_unknown", name=raw_name[:30]))
                del qp[raw_name]
        values, linked = {}, False
        for name, p in self.params.items():
            key, raw = self.key(name), qp.get(name)
            if raw is not None and raw != last.get(name):  # changed from outside: the URL wins
                try:
                    value = p.parse(raw)
                    linked = True
                except (ValueError, TypeError):
                    ignored.append(tr("url_invalid", name=name, value=str(raw)[:30]))
                    value = p.default
            elif raw is None and name in last and last[name] is not None:  # URL lost it (navigation): default
                value = p.default
            else:  # the widget's (or page's) current value wins
                value = ss.get(key, p.default)
                if not p.valid(value):
                    value = p.default
            ss[key] = value
            self._write(name, value)
            values[name] = value
        ss[f"_urlstate_linked_{self.page}"] = linked
        if ignored and note:
            st.caption(tr("url_ignored", items=", ".join(ignored)))
        if reset_button:
            slot = getattr(_local, "reset_slot", None) or st
            slot.button(
                tr("reset"),
                key=f"_reset_{self.page}",
                help=tr("reset_help"),
                on_click=self.reset,
                icon=":material/restart_alt:",
            )
        return values

    @property
    def linked(self) -> bool:
        """True in the run where a link (first visit, shared link, lesson step) set at least one parameter: a page
        may then show its result at once, as the person who shared the link saw it."""
        return bool(st.session_state.get(f"_urlstate_linked_{self.page}"))

    def _write(self, name: str, value: Any) -> None:
        p = self.params[name]
        text = None if value == p.default else p.dump(value)
        qp = st.query_params
        if qp.get(name) != text:
            if text is None:
                del qp[name]
            else:
                qp[name] = text
        self._last[name] = text

    def get(self, name: str) -> Any:
        p = self.params[name]
        value = st.session_state.get(self.key(name), p.default)
        return value if p.valid(value) else p.default

    def set(self, name: str, value: Any) -> None:
        """For values that are not widgets (chosen example, view/tab). Invalid values raise ValueError: a bug."""
        p = self.params[name]
        if not p.valid(value):
            raise ValueError(f"{name}={value!r} is not a valid value")
        st.session_state[self.key(name)] = value
        self._write(name, value)

    def reset(self) -> None:
        """This page's parameters back to their defaults and out of the URL (a button callback). Nothing else
        is touched: other pages' keys, the language, presenter mode, the lesson step, training runs."""
        for name, p in self.params.items():
            st.session_state[self.key(name)] = p.default
            if name in st.query_params:
                del st.query_params[name]
            self._last[name] = None

    def query(self, **overrides) -> dict[str, str]:
        """The URL parameters (non-default values only) of the current state, with overrides: for links."""
        out = {}
        for name, p in self.params.items():
            v = overrides.get(name, self.get(name))
            if v != p.default:
                out[name] = p.dump(v)
        return out
