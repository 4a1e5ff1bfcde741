"""The captioning page's results: the caption beside the picture, the words step by step, attention per word,
every beam and the beam tree, and what the bundled captioner was trained on."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from PIL import Image

from models import default_store
from models.caption.beamtree import tree_edges, tree_positions
from models.caption.inference import attention_overlay, looks_like_shapes_world
from models.errors import ModelsError
from ui.presenter import big_result, secondary, show_chart
from ui.widgets import pct


def caption_panel(best, image: Image.Image, truth: str | None, legal: bool, bundled: bool, tr) -> None:
    """The caption in big, checked against the true caption when known, warnings, the picture itself."""
    big_result(tr("caption"), f"“{best.caption}”", None if best.finished else tr("cut").replace("`", ""))
    if truth is not None:
        st.markdown(tr("truth", caption=truth))
        (st.success if best.caption == truth else st.warning)(
            tr("match" if best.caption == truth else "mismatch")
        )
    if not legal:
        st.warning(tr("overlap"))
    if bundled and not looks_like_shapes_world(image):
        st.info(tr("outside"))
    st.image(image, width="stretch")  # (a fixed width made a 1 px tall thumbnail of a very wide image)


def steps_panel(best, tr) -> None:
    st.subheader(tr("steps"))
    st.caption(tr("steps_help"))
    st.dataframe(steps_frame(best, tr), hide_index=True, width="stretch")


def attention_panel(image: Image.Image, best, tr) -> None:
    """A word picker with that word's attention map, and every word's overlay in a grid."""
    st.subheader(tr("attention"))
    st.caption(tr("attention_help"))
    if not best.steps:
        return
    words = [f"{i}. {s.word}" for i, s in enumerate(best.steps, 1)]
    word_key = "cap_word_" + "_".join(s.word for s in best.steps)  # a new caption gets a fresh slider
    pick = (
        st.select_slider(tr("pick_word"), words, value=words[0], key=word_key) if len(words) > 1 else words[0]
    )
    step = best.steps[words.index(pick)]
    a1, a2 = st.columns([1, 1])
    with a1:
        show_chart(
            attention_figure(image, step.attention, step.word),
            f"caption-attention-{step.word}",
            key="cap_attn",
        )
    with a2:
        tiles = overlays(image, best)
        per_row = 4
        for r in range(0, len(tiles), per_row):
            cols = st.columns(per_row)
            for col, (img, word) in zip(cols, tiles[r : r + per_row]):
                col.image(img, caption=word, width="stretch")


def beams_panel(beams, width: int, tr) -> None:
    st.subheader(tr("beams"))
    st.dataframe(beams_frame(beams.beams, tr), hide_index=True, width="stretch")
    st.markdown(f"**{tr('tree')}**")
    secondary(tr("tree_help"))
    show_chart(
        beam_tree_figure(beams.tree, beams.beams, tr), f"caption-beam-tree-width{width}", key="cap_tree"
    )


def about_panel(tr) -> None:
    """The shapes world, and the bundled captioner's training and scores from the weights manifest."""
    with st.expander(tr("about")):
        st.markdown(tr("about_world"))
        try:
            entry = default_store.entry("captioner_shapes")
            m = entry["metrics"]
            st.markdown(
                tr(
                    "about_body",
                    scenes=m["training_scenes"],
                    minutes=m["train_seconds"] / 60,
                    em_var=m["exact_match_variations"],
                    bleu_var=m["bleu4_variations"],
                    em_plain=m["exact_match_plain"],
                    bleu_plain=m["bleu4_plain"],
                    command=entry["command"],
                )
            )
        except (ModelsError, KeyError):
            pass
        st.markdown(tr("outside"))


def steps_frame(decoded, tr) -> pd.DataFrame:
    rows = []
    for i, s in enumerate(decoded.steps, 1):
        rows.append(
            {
                tr("col_step"): i,
                tr("col_word"): s.word,
                tr("col_prob"): pct(s.prob),
                tr("col_top"): " · ".join(f"{w} {pct(p)}" for w, p in s.top),
            }
        )
    return pd.DataFrame(rows)


def attention_figure(image: Image.Image, attention, word: str, size: int = 256) -> go.Figure:
    """The picture as the model saw it with the (grid, grid) attention map on top (low weights transparent)."""
    a = np.asarray(attention, dtype=np.float32)  # (g, g)
    g = a.shape[0]
    base = np.asarray(image.convert("RGB").resize((size, size), Image.Resampling.BILINEAR))
    cell = size / g
    fig = go.Figure(go.Image(z=base))
    scale = [[0.0, "rgba(255,230,0,0)"], [0.25, "rgba(255,170,0,0.35)"], [1.0, "rgba(220,0,0,0.85)"]]
    fig.add_trace(
        go.Heatmap(
            z=a,
            x0=cell / 2,
            dx=cell,
            y0=cell / 2,
            dy=cell,
            colorscale=scale,
            zsmooth="best",
            zmin=0,
            showscale=True,
            name=word,
            hovertemplate="weight %{z:.3f}<extra></extra>",
        )
    )
    fig.update_layout(
        title=f"“{word}”",
        height=340,
        margin=dict(l=0, r=0, t=36, b=0),
        xaxis=dict(visible=False),
        yaxis=dict(visible=False, autorange="reversed", scaleanchor="x"),
    )
    return fig


def overlays(image: Image.Image, decoded, size: int = 128) -> list[tuple[Image.Image, str]]:
    return [(attention_overlay(image, s.attention, size), s.word) for s in decoded.steps]


TREE_FONT = 14  # px: the beam tree's words (plotly's default drew them at ~11 px)


def beam_tree_figure(tree: list[dict], beams, tr) -> go.Figure:
    """Nodes at (step, rank within the step), a line from each node to its parent; colour = log-probability."""
    pos = tree_positions(tree)
    xs, ys = tree_edges(tree, pos)
    fig = go.Figure()
    fig.add_scatter(
        x=xs, y=ys, mode="lines", line=dict(color="#bbbbbb", width=1), hoverinfo="skip", showlegend=False
    )
    fig.add_scatter(
        x=[0],
        y=[0],
        mode="markers+text",
        text=["<start>"],
        textposition="bottom center",
        textfont=dict(size=TREE_FONT),
        marker=dict(size=10, color="#444"),
        showlegend=False,
        hoverinfo="skip",
    )
    fig.add_scatter(
        x=[pos[n["id"]][0] for n in tree],
        y=[pos[n["id"]][1] for n in tree],
        mode="markers+text",
        text=[n["word"] for n in tree],
        textposition="top center",
        textfont=dict(size=TREE_FONT),
        marker=dict(
            size=[14 if n["final"] else 9 for n in tree],
            symbol=["diamond" if n["final"] else "circle" for n in tree],
            color=[n["logprob"] for n in tree],
            colorscale="Viridis",
            showscale=True,
            colorbar=dict(title=tr("col_logprob")),
        ),
        customdata=[n["logprob"] for n in tree],
        hovertemplate="%{text}: %{customdata:.3f}<extra></extra>",
        showlegend=False,
    )
    fig.update_layout(
        height=400,
        margin=dict(l=10, r=10, t=10, b=10),
        xaxis=dict(
            title=tr("col_step"), dtick=1, range=[-0.6, max((x for x, _ in pos.values()), default=1) + 0.6]
        ),
        yaxis=dict(visible=False),
    )
    return fig


def beams_frame(beams, tr) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                tr("col_rank"): i,
                tr("col_caption"): b.caption,
                tr("col_logprob"): round(b.logprob, 3),
                tr("col_finished"): "✓" if b.finished else "–",
            }
            for i, b in enumerate(beams, 1)
        ]
    )
