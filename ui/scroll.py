"""Bring a new result into view: after a click whose result appears far below the button (a tall page, a
1280x720 laptop), the browser scrolls to it once. Streamlit has no scroll API; ``st.html`` with
``unsafe_allow_javascript`` runs a few lines in the page that find the keyed container (class ``st-key-KEY``)."""

from __future__ import annotations

import json

import streamlit as st

_JS = """<script>
(() => {
  const sel = %s;
  let tries = 0;
  const go = () => {
    const el = document.querySelector(sel);
    if (el && el.getBoundingClientRect().height > 0) {
      el.scrollIntoView({block: "start", behavior: "instant"});
    } else if (tries++ < 40) {
      setTimeout(go, 100);
    }
  };
  setTimeout(go, 150);
})();
</script>"""


def scroll_to_once(key: str, token: str) -> None:
    """Scroll the container made with ``st.container(key=key)`` into view, once per ``token`` (a new result):
    later reruns of the same result leave the reader's scroll position alone."""
    done = st.session_state.setdefault("_scrolled", {})
    if done.get(key) == token:
        return
    done[key] = token
    st.html(_JS % json.dumps(f".st-key-{key}"), unsafe_allow_javascript=True, width="content")
