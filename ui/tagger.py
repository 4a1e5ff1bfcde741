"""The tagging page's URL state, cached bundled taggers, HTML chips (user text always escaped), the side-by-side
comparison table and the panels above "train your own" (that part: ui/tagger_train.py; texts: ui/text/tagger.py)."""

from __future__ import annotations

import html
import re

import pandas as pd
import streamlit as st

from models import default_store
from models.errors import ModelsError
from models.tagging.conllu_io import heldout_split, read_conllu
from models.tagging.examples import CONTEXT_EXAMPLES, HONEST_FAILURE, form_summary, gold_tags
from models.tagging.inference import BUNDLED, load_tagger
from models.tagging.tokenize import tokenize_sentences
from models.tagging.treebank import find_file
from ui.text.tagger import TEXT
from ui.urlstate import Choice, Int, Text, UrlState

EXAMPLES = (
    CONTEXT_EXAMPLES  # held-out sentences found by models/tagging/examples.py; the taggers run on them live
)

#: Background colour per UPOS tag (Okabe-Ito-like, readable with black text); PROPN gets a strong border too.
TAG_COLORS = {
    "NOUN": "#9ecae1",
    "PROPN": "#fdae6b",
    "VERB": "#a1d99b",
    "AUX": "#c7e9c0",
    "ADJ": "#fde0ef",
    "ADV": "#e5d8bd",
    "PRON": "#dadaeb",
    "DET": "#efedf5",
    "ADP": "#f0f0f0",
    "CCONJ": "#fee391",
    "SCONJ": "#fff7bc",
    "PART": "#d9f0d3",
    "NUM": "#c6dbef",
    "PUNCT": "#ffffff",
    "SYM": "#f7f7f7",
    "INTJ": "#fcbba1",
    "X": "#e0e0e0",
}


class _ModelChoice(Choice):
    """The tagger box: a link may name a bundled tagger only; this session's own trained runs ("tagger-3") are
    valid state too (kept while the tab lives, not reproducible from a link: the page says so like uploads)."""

    def valid(self, value) -> bool:
        return value in self.options or (
            isinstance(value, str) and re.fullmatch(r"tagger-\d+", value) is not None
        )


class _BoxText(Text):
    """The text box may hold more than a link carries (the page refuses over 1,000 words itself): any text typed
    is kept, and the URL gets its first ``max_len`` characters. A link's own text is checked as usual."""

    def valid(self, value) -> bool:
        return isinstance(value, str)

    def dump(self, value) -> str:
        return str(value)[: self.max_len]


DEFAULT_TEXT = TEXT["en"]["default_text"]  # the sentence the page opens with (the same in both languages)
URL = UrlState(
    "tagger",
    _BoxText("text", DEFAULT_TEXT, max_len=1000, key="tagger_text"),  # the sentence(s) to tag
    _ModelChoice("model", tuple(BUNDLED.values()), key="tagger_model"),  # which tagger tags them
    Choice("src", ("sample", "upload"), key="tagger_src"),  # training data (a file is not in links)
    Int("n", 100, 2000, 500, step=50, key="tagger_sample_n"),  # sentences from the sample
    Choice("arch", ("bilstm", "unilstm"), key="tagger_arch"),  # network trained
    Int("ep", 1, 20, 4, key="tagger_epochs"),
)  # epochs


@st.cache_resource(show_spinner=False)
def bundled_tagger(name: str):
    """A bundled tagger, loaded once per server (read-only: eval mode, inference_mode inside)."""
    return load_tagger(name)


def try_bundled(name: str):
    """(tagger, None) or (None, error message)."""
    try:
        return bundled_tagger(name), None
    except ModelsError as exc:
        return None, str(exc)


def _esc(s: str) -> str:
    return html.escape(str(s), quote=True)


def chips_html(rows, tr) -> str:
    """Tagged tokens as coloured chips. Every piece of user text goes through html.escape (quote=True)."""
    parts = []
    for r in rows:
        color = TAG_COLORS.get(r.tag, "#eeeeee")
        alts = " · ".join(f"{t} {p:.0%}" for t, p in r.top)
        title = f"{r.token}: {alts}" + ("" if r.known else f" · {tr('unknown_word')}")
        border = (
            "2px solid #d94801"
            if r.tag == "PROPN"
            else ("2px dashed #555" if not r.known else "1px solid #bbb")
        )
        badge = f"<span class='tg-name'>{_esc(tr('name_badge'))}</span>" if r.tag == "PROPN" else ""
        unk = "<sup class='tg-unk'>?</sup>" if not r.known else ""
        parts.append(
            f"<span class='tg-chip' data-tag='{_esc(r.tag)}' title='{_esc(title)}' "
            f"style='background:{color};border:{border}'>"
            f"<span><span class='tg-word'>{_esc(r.token)}</span>{unk}</span>"
            f"<span class='tg-tag'>{_esc(r.tag)} {r.prob:.0%}</span>{badge}</span>"
        )
    style = (
        "<style>.tg-wrap{display:flex;flex-wrap:wrap;gap:6px;line-height:1.2}"
        ".tg-chip{display:inline-flex;flex-direction:column;align-items:center;padding:4px 8px;"
        "border-radius:8px;color:#111;font-family:sans-serif;cursor:help}"
        ".tg-word{font-size:1.05em;font-weight:600}.tg-tag{font-size:.75em;opacity:.8}"
        ".tg-name{font-size:.65em;background:#d94801;color:#fff;border-radius:4px;padding:0 4px}</style>"
    )
    return style + "<div class='tg-wrap' translate='no'>" + "".join(parts) + "</div>"


def names_html(rows, tr) -> str:
    """'Is this word a name?': the distinct PROPN tokens, escaped."""
    names = list(dict.fromkeys(r.token for r in rows if r.tag == "PROPN"))
    if not names:
        return f"<p>{_esc(tr('no_names'))}</p>"
    shown = ", ".join(f"<b>{_esc(n)}</b>" for n in names)
    return "<p>" + _esc(tr("names", names="\x00")).replace("\x00", shown) + "</p>"


def details_frame(rows, tr) -> pd.DataFrame:
    return pd.DataFrame(
        {
            tr("col_token"): [r.token for r in rows],
            tr("col_tag"): [r.tag for r in rows],
            tr("col_conf"): [round(r.prob, 3) for r in rows],
            tr("col_top3"): [", ".join(f"{t} {p:.0%}" for t, p in r.top) for r in rows],
            tr("col_known"): [r.known for r in rows],
        }
    )


def comparison_html(
    tokens: list[str], taggers: dict, labels: dict, gold: list[str] | None = None, gold_label: str = "gold"
) -> str:
    """A table: the sentence's words across, one row per tagger (escaped); columns where they disagree marked ≠;
    with ``gold``, a first row of gold tags and every tag that differs from it struck through (class tg-wrong)."""
    preds = {name: tg.predict([tokens])[0] for name, tg in taggers.items()}
    differ = [len({p[i] for p in preds.values()}) > 1 for i in range(len(tokens))]
    head = "".join(
        f"<th class='{'tg-diff' if d else ''}'>{_esc(w)}{' ≠' if d else ''}</th>"
        for w, d in zip(tokens, differ)
    )

    def cell(i: int, t: str) -> str:
        wrong = gold is not None and t != gold[i]
        return (
            f"<td class='{'tg-wrong' if wrong else ''}' data-tag='{_esc(t)}' "
            f"style='background:{TAG_COLORS.get(t, '#eee')}'>{_esc(t)}</td>"
        )

    rows = "".join(
        f"<tr><th>{_esc(labels.get(name, name))}</th>"
        + "".join(cell(i, t) for i, t in enumerate(tags))
        + "</tr>"
        for name, tags in preds.items()
    )
    if gold is not None:
        rows = (
            f"<tr class='tg-gold'><th>{_esc(gold_label)}</th>"
            + "".join(f"<td data-tag='{_esc(t)}'>{_esc(t)}</td>" for t in gold)
            + "</tr>"
            + rows
        )
    style = (
        "<style>.tg-cmp{border-collapse:collapse;font-family:sans-serif;font-size:.85em;margin-bottom:.8em}"
        ".tg-cmp th,.tg-cmp td{border:1px solid #ccc;padding:3px 6px;text-align:center;color:#111}"
        ".tg-cmp .tg-diff{background:#ffe4cc}.tg-scroll{overflow-x:auto}"
        ".tg-cmp .tg-gold td{font-weight:700;background:#fff}"
        ".tg-cmp td.tg-wrong{text-decoration:line-through;text-decoration-thickness:2px;"
        "outline:2px solid #b30000;outline-offset:-2px}</style>"
    )
    return (
        f"{style}<div class='tg-scroll' translate='no'><table class='tg-cmp'><tr><th></th>{head}</tr>{rows}"
        "</table></div>"
    )


@st.cache_resource(show_spinner=False)
def treebank_split():
    """(train, held-out) of the UD EWT dev file when it is on this machine, else None (read once per server)."""
    path = find_file()
    return heldout_split(read_conllu(path)) if path is not None else None


def example_gold(tokens: list[str]) -> list[str] | None:
    split = treebank_split()
    return gold_tags(tokens, split[1]) if split else None


def honest_failure_line(tr) -> str:
    """One line on why "I can can a can." fails, with the counts read from the training part when available."""
    split = treebank_split()
    if not split:
        return tr("honest_why_nodata")
    return tr("honest_why", **form_summary("can", split[0]))


def bundled_tagger_names() -> tuple[str, ...]:
    """The bundled taggers' weight names (tagger_bilstm, tagger_unilstm, tagger_mft)."""
    return tuple(BUNDLED.values())


def tagger_options(runs, tr) -> tuple[dict, dict]:
    """({name: tagger} of the bundled taggers that load and this session's finished runs, {name: label});
    a warning for each bundled tagger that does not load."""
    options: dict[str, object] = {}
    errors = []
    for name in bundled_tagger_names():
        tagger, err = try_bundled(name)
        if tagger is not None:
            options[name] = tagger
        else:
            errors.append(err)
    for run_id, run in runs.items():
        if run.extra.get("tagger") is not None:
            options[run_id] = run.extra["tagger"]
    for err in errors:
        st.warning(tr("weights_missing", error=err))
    labels = {
        k: (tr("my_model", label=runs.get(k).label) if runs.get(k) else tr(f"lbl_{k}")) for k in options
    }
    return options, labels


def tagged_text_panel(tagger, text: str, tr) -> None:
    """The text's words as tag chips, the names found, and a table of tags, confidences and alternatives."""
    try:
        sentences = tokenize_sentences(text)
    except ModelsError as exc:
        st.error(str(exc))
        sentences = []
    rows = [r for s in sentences for r in tagger.tag_tokens(s)]
    if rows:
        st.html(chips_html(rows, tr))
        st.html(names_html(rows, tr))
        st.caption(tr("unknown_legend"))
        with st.expander(tr("details")):
            st.dataframe(details_frame(rows, tr), hide_index=True, width="stretch")


def examples_panel(options: dict, tr) -> None:
    """The bundled taggers side by side on the context examples and the honest failure, and their held-out
    accuracy from the manifest."""
    bundled = {n: options[n] for n in bundled_tagger_names() if n in options}
    if not bundled:
        return
    st.caption(tr("examples_caption"))
    labels = {name: tr(f"lbl_{name}") for name in bundled}
    for example in EXAMPLES:
        tokens = tokenize_sentences(example)[0]
        st.html(
            comparison_html(tokens, bundled, labels, gold=example_gold(tokens), gold_label=tr("gold_row"))
        )
    st.markdown(f"**{tr('honest_title')}**")
    st.html(comparison_html(tokenize_sentences(HONEST_FAILURE)[0], bundled, labels))
    st.caption(honest_failure_line(tr))
    manifest = default_store.manifest()
    st.markdown(f"**{tr('heldout')}**")
    for mc, name in zip(st.columns(len(bundled)), bundled):
        m = manifest.get(name, {}).get("metrics", {})
        if m:
            mc.metric(f"{labels[name]} · {tr('metric_all')}", f"{m['heldout_upos_accuracy']:.1%}")
            mc.caption(f"{tr('metric_oov')}: {m['heldout_oov_accuracy']:.1%} ({m['heldout_oov_tokens']})")
