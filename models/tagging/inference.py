"""A trained tagger ready to use: load a checkpoint, tag tokens with probabilities, evaluate on gold data."""

from __future__ import annotations

import os

import torch

from ..errors import WeightsCorruptError
from ..store import WeightsStore, default_store, safe_load
from .baselines import MostFrequentTagger
from .conllu_io import Sentence
from .model import LSTMTagger, TaggerConfig
from .types import TokenTag
from .vocab import Vocab, collate, encode_sentence


class NeuralTagger:
    """An LSTMTagger plus its vocabularies, in eval mode; never mutated after construction (shared safely)."""

    def __init__(self, model: LSTMTagger, vocab: Vocab, checkpoint: dict | None = None):
        self.model = model.eval()
        self.vocab = vocab
        self.checkpoint_meta = {k: v for k, v in (checkpoint or {}).items() if k not in ("state_dict",)}

    @property
    def arch(self) -> str:
        return "bilstm" if self.model.cfg.bidirectional else "unilstm"

    @classmethod
    def from_checkpoint(cls, ckpt: dict) -> NeuralTagger:
        if not isinstance(ckpt, dict) or ckpt.get("kind") != "lstm" or "state_dict" not in ckpt:
            raise WeightsCorruptError(
                "not a tagger checkpoint (expected a dict with kind 'lstm' and a state_dict)"
            )
        try:
            vocab = Vocab.from_dict(ckpt["vocab"])
            model = LSTMTagger(TaggerConfig(**ckpt["config"]))
            model.load_state_dict(ckpt["state_dict"])
        except (KeyError, TypeError, ValueError, RuntimeError) as exc:
            raise WeightsCorruptError(
                f"tagger checkpoint does not fit the network: {str(exc)[:200]}"
            ) from exc
        return cls(model, vocab, ckpt)

    @torch.inference_mode()
    def probabilities(self, sentences: list[list[str]], batch_size: int = 64) -> list[torch.Tensor]:
        """Per sentence a (words, tags) tensor of probabilities."""
        out = []
        for i in range(0, len(sentences), batch_size):
            chunk = sentences[i : i + batch_size]
            batch = collate([encode_sentence(self.vocab, words) for words in chunk])
            probs = torch.softmax(self.model(batch["words"], batch["chars"]), dim=-1)  # (batch, time, tags)
            out += [probs[b, : len(words)] for b, words in enumerate(chunk)]
        return out

    def tag_tokens(self, tokens: list[str]) -> list[TokenTag]:
        if not tokens:
            return []
        probs = self.probabilities([tokens])[0]  # (words, tags)
        top_p, top_i = probs.topk(3, dim=-1)
        return [
            TokenTag(
                w,
                self.vocab.tags[int(top_i[t, 0])],
                float(top_p[t, 0]),
                [(self.vocab.tags[int(i)], float(p)) for p, i in zip(top_p[t], top_i[t])],
                self.vocab.is_known(w),
            )
            for t, w in enumerate(tokens)
        ]

    def predict(self, sentences: list[list[str]]) -> list[list[str]]:
        return [[self.vocab.tags[int(i)] for i in p.argmax(-1)] for p in self.probabilities(sentences)]

    def known(self, word: str) -> bool:
        return self.vocab.is_known(word)


def evaluate_tagger(tagger, sentences: list[Sentence]) -> dict:
    """UPOS accuracy over all words and over out-of-vocabulary words (not seen in the tagger's training data).

    ``tagger`` is anything with ``predict(list of word lists) -> list of tag lists`` and ``known(word)``.
    """
    pred = tagger.predict([s.words for s in sentences])
    n = correct = n_oov = correct_oov = 0
    for s, p in zip(sentences, pred):
        for w, gold, guess in zip(s.words, s.tags, p):
            ok = gold == guess
            n += 1
            correct += ok
            if not tagger.known(w):
                n_oov += 1
                correct_oov += ok
    return {
        "sentences": len(sentences),
        "tokens": n,
        "upos_accuracy": correct / n if n else float("nan"),
        "oov_tokens": n_oov,
        "oov_accuracy": correct_oov / n_oov if n_oov else float("nan"),
    }


#: Bundled checkpoints (models/weights/<name>.pt), by architecture.
BUNDLED = {"bilstm": "tagger_bilstm", "unilstm": "tagger_unilstm", "mft": "tagger_mft"}
DEFAULT_MODEL = BUNDLED["bilstm"]


def tagger_from_checkpoint(ckpt: dict):
    """A NeuralTagger or a MostFrequentTagger, whichever the checkpoint holds."""

    if isinstance(ckpt, dict) and ckpt.get("kind") == "most-frequent-tag":
        return MostFrequentTagger.from_checkpoint(ckpt)
    return NeuralTagger.from_checkpoint(ckpt)


def load_tagger(name_or_path: str = DEFAULT_MODEL, store: WeightsStore = default_store):
    """A bundled tagger by name (tagger_bilstm, tagger_unilstm, tagger_mft) or a checkpoint file (.pt)."""
    if name_or_path.endswith(".pt") and os.path.isfile(name_or_path):
        return tagger_from_checkpoint(safe_load(name_or_path))
    if name_or_path not in BUNDLED.values():
        from ..errors import UnknownModelError

        raise UnknownModelError(
            f"unknown tagger {name_or_path!r}; choose one of: "
            f"{', '.join(BUNDLED.values())}, or a path to a .pt checkpoint"
        )
    return tagger_from_checkpoint(store.load(name_or_path))
