"""The classify page's two other views: the CNNs side by side on one picture (with their architecture figures)
and the lecture's claims checked against the modules."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from models.vision import imagenet, zoo
from models.vision.efficientnet import EFFICIENTNETS
from models.vision.results import timed_classify
from ui.classify import is_ready, lecture_claims, pick_image, topk_figure, try_classifier, zoo_figures
from ui.presenter import csv_download, secondary, show_chart


def figures_frame(names, tr, measured: dict | None = None) -> pd.DataFrame:
    """The side-by-side table: architecture figures for every model, top-1 and latency where measured."""
    rows = []
    for n in names:
        f = zoo_figures(n)
        row = {
            tr("col_model"): n,
            tr("col_year"): f["year"],
            tr("col_params"): f"{f['params'] / 1e6:.1f} M",
            tr("col_gmacs"): f"{f['gmacs']:.2f}",
            tr("col_depth"): f["depth"],
            tr("col_layers"): f["weighted_layers"],
            tr("col_pub"): "—" if f["published_top5_error"] is None else f"{f['published_top5_error']:.2f}%",
            tr("col_tv"): f"{f['torchvision_top5_error']:.2f}%",
        }
        if measured is not None:
            m = measured.get(n)
            row[tr("col_top1")] = (
                f"{m['preds'][0]['label']} ({m['preds'][0]['prob']:.0%})" if m else tr("no_weights")
            )
            row[tr("col_latency")] = f"{m['ms']:.0f} ms" if m else "—"
        rows.append(row)
    return pd.DataFrame(rows)


def claims_frame(tr) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                tr("col_model"): r["model"],
                tr("col_claim"): tr(f"claim_{r['key']}"),
                tr("col_measured"): tr(f"meas_{r['key']}", **r["values"]),
                tr("col_holds"): tr("holds_yes") if r["holds"] else tr("holds_no"),
            }
            for r in lecture_claims()
        ]
    )


def _run_side_by_side(image, missing: list[str], tr) -> dict:
    """Every side-by-side model with weights on one picture, a top-5 chart per column; their results by name."""
    measured = {}
    cols = st.columns(len(zoo.SIDE_BY_SIDE))
    for col, n in zip(cols, zoo.SIDE_BY_SIDE):
        if n in missing:
            continue
        clf, err = try_classifier(n)
        if clf is None:
            col.error(err)
            continue
        with st.spinner(tr("running", model=n)):
            preds, ms = timed_classify(clf, image)
        measured[n] = {"preds": preds, "ms": ms}
        with col:
            show_chart(topk_figure(preds, n), f"classify-compare-top5-{n}", key=f"cmp_{n}")
    return measured


def compare_view(tr) -> None:
    secondary(tr("compare_intro"))
    missing = [n for n in zoo.SIDE_BY_SIDE if not is_ready(n)]
    if missing:
        st.info(tr("compare_missing", models=", ".join(missing)))
    measured = None
    if len(missing) < len(zoo.SIDE_BY_SIDE):
        _, image, _ = pick_image(("photos", "upload", "camera"), "cmp", tr)
        if image is not None and st.button(tr("compare_run"), type="primary", key="cmp_go"):
            measured = _run_side_by_side(image, missing, tr)
    with st.spinner(tr("computing_figures")):
        table = figures_frame(zoo.SIDE_BY_SIDE, tr, measured)
        st.dataframe(table, hide_index=True, width="stretch")
        csv_download(table, "classify-side-by-side")
        st.caption(tr("figures_help"))
        st.markdown(f"**{tr('all_models')}**")
        st.dataframe(
            figures_frame((*imagenet.IMAGENET_MODELS, *EFFICIENTNETS), tr), hide_index=True, width="stretch"
        )


def claims_view(tr) -> None:
    st.markdown(tr("claims_intro"))
    with st.spinner(tr("computing_figures")):
        lite = zoo_figures("efficientnet_lite0")
        secondary(
            tr(
                "lite_intro",
                sep=lite["separable_cost"],
                params=lite["params"] / 1e6,
                gmacs=lite["gmacs"],
                depth=lite["depth"],
            )
        )
        st.dataframe(
            claims_frame(tr),
            hide_index=True,
            width="stretch",
            column_config={tr("col_holds"): st.column_config.TextColumn(width="small")},
        )
    st.caption(tr("claims_help"))
