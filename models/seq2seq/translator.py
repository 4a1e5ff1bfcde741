"""Inference: a bundled checkpoint -> :class:`Translator` -> ``translate(text)`` with the decoding steps, the
attention matrix and honest notes when the input is outside the domain (the model still answers)."""

from __future__ import annotations

from . import corpus
from .decode import beam_search, greedy
from .model import UNK_ID, Seq2Seq, Seq2SeqConfig

# note codes -> English text (the page translates the codes itself)
NOTE_TEXT = {
    "truncated": "the input was cut to its first {max} tokens",
    "unknown_tokens": "these tokens are not in the model's vocabulary and were read as <unk>: {tokens}",
    "wrong_script": "the text looks like {lang}, but this direction reads {src}",
    "not_a_number_phrase": "the input is not a phrase num2words writes for a number 0-999,999, so the output "
    "is a guess (the model only knows number phrases)",
    "translation_invalid": "the output is not a well-formed number phrase",
    "no_eos": "decoding stopped at the length bound before <eos>",
}

_KO_DIGITS = {c: i for i, c in enumerate("영일이삼사오육칠팔구")}
_KO_UNITS = {"십": 10, "백": 100, "천": 1000}
_EN_SMALL = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen".split()
    )
}
_EN_TENS = {
    w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)
}


def parse_words(text: str, lang: str, *, loose: bool = False) -> int | None:
    """The number a phrase names, only when it is *exactly* what num2words writes for it; else None.
    ``loose=True`` also accepts the other ways people write the same phrase: commas, hyphens, "and" and spacing
    may differ (English), spaces may differ (Korean); :func:`corpus.loose_form` decides what counts as the same."""
    text = corpus.normalize(text, lang)
    total, section, num = 0, 0, 0
    if lang == "ko":
        for ch in text.replace(" ", ""):
            if ch in _KO_DIGITS:
                num = _KO_DIGITS[ch]
            elif ch in _KO_UNITS:
                section += (num or 1) * _KO_UNITS[ch]
                num = 0
            elif ch == "만":
                total += ((section + num) or 1) * 10_000
                section = num = 0
            else:
                return None
        n = total + section + num
    else:
        for tok in corpus.tokenize(text, "en"):
            if tok in _EN_SMALL:
                num += _EN_SMALL[tok]
            elif tok in _EN_TENS:
                num += _EN_TENS[tok]
            elif tok == "hundred":
                num *= 100
            elif tok == "thousand":
                total += num * 1000
                num = 0
            elif tok not in ("and", "-", ","):
                return None
        n = total + num
    if not (0 <= n <= corpus.MAX_NUMBER):
        return None
    written = corpus.to_words(n, lang)
    if loose:
        return n if text and corpus.loose_form(written, lang) == corpus.loose_form(text, lang) else None
    return n if written == text else None


class Translator:
    """A trained model plus its vocabularies; ``translate`` never mutates the model (safe to share)."""

    def __init__(self, model: Seq2Seq, direction: str, src_vocab: list[str], tgt_vocab: list[str]):
        self.model = model.eval()
        self.direction = direction
        self.src_lang, self.tgt_lang = corpus.direction_langs(direction)
        self.src_vocab, self.tgt_vocab = list(src_vocab), list(tgt_vocab)
        self._src_index = {t: i for i, t in enumerate(self.src_vocab)}

    @property
    def attention(self) -> bool:
        return self.model.cfg.attention

    def translate(self, text: str, beam: int = 1, max_len: int | None = None) -> dict:
        # Stays whole (issue 17): one decoder loop that fills the returned dict step by step, read top to bottom.
        """{"source", "typed", "respelled", "translation", "tokens", "source_tokens", "steps": [{"token", "prob"}],
        "attention"
        (target steps incl. <eos> x source tokens, or None), "ended", "number", "notes": [codes], "note_text",
        "unknown": [source tokens outside the vocabulary]}.
        Raises InputError when nothing readable is left (empty input, only digits or symbols)."""
        from ..errors import InputError

        notes: list[str] = []
        detail: dict[str, str] = {}
        raw = "" if text is None else str(text)
        if len(raw) > corpus.MAX_INPUT_CHARS:
            notes.append("truncated")
        typed = corpus.normalize(raw, self.src_lang)
        # The model was trained on num2words' spelling only ("twelve thousand, four hundred and five"): a phrase
        # that names a number in another spelling ("twelve thousand four hundred five") is rewritten to it first.
        typed_number = parse_words(raw, self.src_lang, loose=True)
        if typed_number is not None:
            raw = corpus.to_words(typed_number, self.src_lang)
        src_tokens = corpus.tokenize(raw, self.src_lang)
        if not src_tokens:
            hint = "'twenty-three'" if self.src_lang == "en" else "'이십삼'"
            other = corpus.detect_lang(raw) != self.src_lang and raw.strip()
            raise InputError(
                f"the input has no words to translate (type a number phrase, e.g. {hint})"
                + (
                    f"; it looks like {'Korean' if self.src_lang == 'en' else 'English'}: "
                    f"try the other direction"
                    if other
                    else ""
                )
            )
        if len(src_tokens) > corpus.MAX_INPUT_TOKENS:
            src_tokens = src_tokens[: corpus.MAX_INPUT_TOKENS]
            if "truncated" not in notes:
                notes.append("truncated")
        looks = corpus.detect_lang(raw)
        if looks != self.src_lang:
            notes.append("wrong_script")
            detail["lang"], detail["src"] = looks, self.src_lang
        unknown = sorted({t for t in src_tokens if t not in self._src_index})
        if unknown:
            notes.append("unknown_tokens")
            detail["tokens"] = ", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")
        ids = [self._src_index.get(t, UNK_ID) for t in src_tokens]
        dec = greedy(self.model, ids, max_len) if beam == 1 else beam_search(self.model, ids, beam, max_len)
        out_tokens = [self.tgt_vocab[i] for i in dec.ids]
        translation = corpus.detokenize(out_tokens, self.tgt_lang)
        steps = [
            {"token": t, "prob": p} for t, p in zip(out_tokens + (["<eos>"] if dec.ended else []), dec.probs)
        ]
        number = parse_words(translation, self.tgt_lang)
        source = corpus.normalize(raw, self.src_lang)
        if number is None:
            notes.append("translation_invalid")
        if typed_number is None or number is None or corpus.to_words(number, self.src_lang) != source:
            notes.append("not_a_number_phrase")
        if not dec.ended:
            notes.append("no_eos")
        return {
            "source": source,  # the phrase the model read (num2words' spelling when the input named a number)
            "typed": typed,  # what the user typed, normalised as the model's input is (case, spaces, length)
            "respelled": typed_number is not None and typed != source,
            "translation": translation,
            "tokens": out_tokens,
            "source_tokens": src_tokens,
            "steps": steps,
            "attention": dec.attention,
            "ended": dec.ended,
            "number": number,
            "notes": notes,
            "unknown": unknown,
            "note_text": [
                NOTE_TEXT[c].format(max=corpus.MAX_INPUT_TOKENS, **detail)
                if c != "truncated"
                else NOTE_TEXT[c].format(max=corpus.MAX_INPUT_TOKENS)
                for c in notes
            ],
        }


def from_checkpoint(ck: dict) -> Translator:
    model = Seq2Seq(Seq2SeqConfig(**ck["model_config"]))
    model.load_state_dict(ck["state_dict"])
    return Translator(model, ck["direction"], ck["src_vocab"], ck["tgt_vocab"])


def load_translator(direction: str, attention: bool = True, store=None) -> Translator:
    """The bundled translator for ``direction`` (sha256-checked, weights_only load)."""
    from ..store import default_store
    from .train import weights_name

    return from_checkpoint((store or default_store).load(weights_name(direction, attention)))
