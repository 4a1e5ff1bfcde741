"""A tiny page for the URL-state tests: a translated radio, a slider, a multiselect and a value that is not a
widget, declared the way the recipe tells every page to."""

import streamlit as st

from ui.i18n import translator
from ui.presenter import big_result, presenter_toggle, secondary
from ui.urlstate import Choice, Int, Multi, UrlState

tr = translator({"en": {"a": "Apple", "b": "Banana"}, "ko": {"a": "사과", "b": "바나나"}})
P = UrlState(
    "demo",
    Choice("fruit", ("a", "b", "c")),
    Int("n", 1, 10, 3),
    Multi("tags", ("x", "y", "z"), ["x"]),
    Choice("ex", ("one", "two")),
)
presenter_toggle()
P.apply()
fruit = st.radio("fruit", P.options("fruit"), format_func=tr, key=P.key("fruit"))
n = st.slider("n", **P.range("n"), key=P.key("n"))
tags = st.multiselect("tags", P.options("tags"), key=P.key("tags"))
if st.button("second example", key="pick_two"):
    P.set("ex", "two")
big_result("result", f"{fruit}-{n}-{'+'.join(tags)}-{P.get('ex')}")
secondary("secondary text")
st.session_state.setdefault("other_page_key", "kept")
