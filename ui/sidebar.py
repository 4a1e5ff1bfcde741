"""Sidebar block: which models can be used offline right now."""

from __future__ import annotations

import streamlit as st

import models
from ui.i18n import t


@st.cache_data(ttl=30, show_spinner=False)
def _status() -> list[dict]:
    return models.status()


def models_sidebar() -> None:
    with st.sidebar.expander(t("models_offline"), expanded=False):
        rows = _status()
        if not rows:
            st.caption(t("no_models"))
        # one element, not one per model: the sidebar is redrawn on every rerun of every page
        st.markdown(
            "  \n".join(
                f"{'✅' if r['available'] else '⬜'} `{r['name']}` — "
                f"{t('available') if r['available'] else t('missing')}"
                for r in rows
            )
        )
