"""Image captioning (one-to-many): CNN encoder -> LSTM decoder with soft attention; greedy, beam, sampling."""

from __future__ import annotations

import streamlit as st

from models.caption.modes import decode
from models.errors import ModelsError
from ui.caption import URL, captioner_panel, decoding_panel, picture_panel
from ui.caption_results import about_panel, attention_panel, beams_panel, caption_panel, steps_panel
from ui.i18n import translator
from ui.text.caption import TEXT

tr = translator(TEXT)
st.title(tr("title"))
st.markdown(tr("intro"))
URL.apply()

which, cap = captioner_panel(tr)

# Two columns on a wide screen: the picture and the settings on the left, the caption right beside them, so
# that changing the scene shows the new caption without scrolling (1280x720 browser test); a phone stacks them.
controls, result = st.columns([3, 2], gap="large")
with controls:
    image, truth, legal = picture_panel(tr)
    settings = decoding_panel(tr)

if image is None:
    result.info(tr("no_image"))
    st.stop()
if cap is None:
    st.stop()

try:
    best, beams = decode(
        cap,
        image,
        settings.mode,
        settings.max_len,
        width=settings.width,
        temperature=settings.temperature,
        seed=settings.seed,
    )
except (ModelsError, ValueError) as exc:
    result.error(tr("error", error=exc))
    st.stop()

with result:
    caption_panel(best, image, truth, legal, which == "bundled", tr)
steps_panel(best, tr)
attention_panel(image, best, tr)
if beams is not None:
    beams_panel(beams, settings.width, tr)
about_panel(tr)
