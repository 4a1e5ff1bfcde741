"""Finding the page's "Why context matters" examples: held-out sentences where the bundled BiLSTM uses context
correctly and the context-blind baselines do not.

A candidate word is *ambiguous*: its lower-cased form carries more than one gold UPOS tag in the training part of
the treebank. A sentence qualifies when, at such a word, the BiLSTM's tag is the gold tag while the left-to-right
LSTM or the most-frequent-tag baseline gives another one. ``python -m models.tagging.examples`` prints them
(shortest first); the page shows a few of them and runs the taggers live on each.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .conllu_io import Sentence
from .vocab import word_key

#: Held-out sentences picked with ``python -m models.tagging.examples`` (the taggers are run on them live; the
#: test re-checks that each still shows the BiLSTM right where a baseline is wrong).
CONTEXT_EXAMPLES: tuple[str, ...] = (
    "It had been eating dog food the whole time.",  # "had": AUX only because "been" follows
    "I would really appreciate that.",  # "that": PRON only because nothing follows it
    "Great with SEO as well.",  # "as": ADV only because "well" follows
)
#: The lecture's classic, kept as an honest failure: every tagger calls all three "can" AUX.
HONEST_FAILURE = "I can can a can."


def gold_tags(words: list[str], sentences: list[Sentence]) -> list[str] | None:
    """The gold tags of the treebank sentence with exactly these words, or None."""
    for s in sentences:
        if s.words == words:
            return list(s.tags)
    return None


def tag_counts(form: str, sentences: list[Sentence]) -> dict[str, int]:
    """How often the lower-cased ``form`` carries each gold tag in ``sentences``."""
    counts: dict[str, int] = defaultdict(int)
    for s in sentences:
        for w, t in zip(s.words, s.tags):
            if word_key(w) == word_key(form):
                counts[t] += 1
    return dict(counts)


@dataclass
class Hit:
    words: list[str]  # the held-out sentence
    position: int  # index of the ambiguous word
    gold: str  # its gold tag (= the BiLSTM's)
    uni: str  # the left-to-right LSTM's tag
    mft: str  # the most-frequent-tag baseline's tag
    tags_seen: tuple[str, ...]  # the tags this word form had in training

    @property
    def both_wrong(self) -> bool:
        return self.uni != self.gold and self.mft != self.gold


def form_summary(form: str, sentences: list[Sentence]) -> dict:
    """How often ``form`` occurs in ``sentences`` and with which tags: {sents, n, tags} (tags sorted, joined)."""
    counts = tag_counts(form, sentences)
    return {"sents": len(sentences), "n": sum(counts.values()), "tags": ", ".join(sorted(counts))}


def ambiguous_forms(train: list[Sentence]) -> dict[str, set[str]]:
    """Lower-cased word form -> its gold tags in ``train``, for forms with more than one tag."""
    seen: dict[str, set[str]] = defaultdict(set)
    for s in train:
        for w, t in zip(s.words, s.tags):
            seen[word_key(w)].add(t)
    return {w: tags for w, tags in seen.items() if len(tags) > 1}


def find_hits(test: list[Sentence], train: list[Sentence], bilstm, uni, mft) -> list[Hit]:
    """Every (sentence, ambiguous word) where the BiLSTM is right and a baseline is wrong."""
    amb = ambiguous_forms(train)
    words = [s.words for s in test]
    pb, pu, pm = bilstm.predict(words), uni.predict(words), mft.predict(words)
    hits = []
    for s, b, u, m in zip(test, pb, pu, pm):
        for i, (w, gold) in enumerate(zip(s.words, s.tags)):
            if word_key(w) in amb and b[i] == gold and (u[i] != gold or m[i] != gold):
                hits.append(Hit(s.words, i, gold, u[i], m[i], tuple(sorted(amb[word_key(w)]))))
    return hits


def main() -> (
    None
):  # pragma: no cover - a search tool, its choice is checked by tests/test_tagging_examples.py
    from .inference import BUNDLED, load_tagger
    from .treebank import load_split

    train, test = load_split()
    taggers = [load_tagger(BUNDLED[k]) for k in ("bilstm", "unilstm", "mft")]
    hits = sorted(find_hits(test, train, *taggers), key=lambda h: (not h.both_wrong, len(h.words)))
    for h in hits[:60]:
        print(
            f"{len(h.words):3d} {'BOTH' if h.both_wrong else '    '} {h.words[h.position]!r:12} gold={h.gold:5} "
            f"uni={h.uni:5} mft={h.mft:5} seen={','.join(h.tags_seen)} | {' '.join(h.words)}"
        )


if __name__ == "__main__":
    main()
