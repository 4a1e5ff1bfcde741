"""Tagger network, masking, tokenizer and baseline: unit tests on tiny data made here."""

from __future__ import annotations

import pytest
import torch

from models.errors import InputError
from models.store import safe_load
from models.tagging.baselines import MostFrequentTagger
from models.tagging.conllu_io import Sentence
from models.tagging.inference import NeuralTagger, evaluate_tagger, tagger_from_checkpoint
from models.tagging.model import LSTMTagger, TaggerConfig, masked_step
from models.tagging.tokenize import MAX_TOKENS, tokenize, tokenize_sentences
from models.tagging.train import TrainSettings, checkpoint, make_trainer
from models.tagging.vocab import IGNORE, Vocab, collate, encode_sentence

TOY = [
    Sentence("the dog runs".split(), ["DET", "NOUN", "VERB"]),
    Sentence("a cat sleeps .".split(), ["DET", "NOUN", "VERB", "PUNCT"]),
    Sentence("Anna sees the cat".split(), ["PROPN", "VERB", "DET", "NOUN"]),
    Sentence("dogs run".split(), ["NOUN", "VERB"]),
] * 3


def _net(bidirectional=True, **kw):
    v = Vocab.build(TOY)
    torch.manual_seed(0)
    return LSTMTagger(
        TaggerConfig(
            len(v.words),
            len(v.chars),
            hidden=12,
            word_dim=10,
            char_dim=6,
            char_channels=7,
            bidirectional=bidirectional,
            **kw,
        )
    ), v


@pytest.mark.parametrize("bi", [True, False])
def test_shapes_with_non_default_sizes(bi):
    net, v = _net(bi)
    batch = collate([encode_sentence(v, s.words, s.tags) for s in TOY[:3]])
    assert batch["chars"].shape[:2] == batch["words"].shape == (3, 4)
    assert net(batch["words"], batch["chars"]).shape == (3, 4, 17)


def test_padding_changes_nothing_and_is_masked():
    net, v = _net(True, dropout=0.0)
    net.eval()
    alone = collate([encode_sentence(v, TOY[3].words, TOY[3].tags)])
    padded = collate(
        [encode_sentence(v, TOY[3].words, TOY[3].tags), encode_sentence(v, TOY[2].words, TOY[2].tags)]
    )
    a = net(alone["words"], alone["chars"])[0]  # (2, tags)
    b = net(padded["words"], padded["chars"])[0, :2]  # same sentence, padded to 4 words in the batch
    assert torch.allclose(a, b, atol=1e-5)  # the backward direction does not read the padding
    assert (padded["tags"][0, 2:] == IGNORE).all()
    r = masked_step(net, padded)
    assert r.count == 6 and r.samples == 2  # only the real words count


def test_left_to_right_baseline_cannot_see_the_future():
    for bi, sees in ((False, False), (True, True)):
        net, v = _net(bi, dropout=0.0)
        net.eval()
        x1 = collate([encode_sentence(v, "the dog runs".split())])
        x2 = collate([encode_sentence(v, "the dog sleeps".split())])
        y1, y2 = net(x1["words"], x1["chars"]), net(x2["words"], x2["chars"])
        assert torch.allclose(y1[0, :2], y2[0, :2], atol=1e-6) != sees


def test_trainer_overfits_a_tiny_set_and_checkpoint_round_trips(tmp_path):
    s = TrainSettings(
        epochs=25, hidden=16, word_dim=12, char_channels=8, dropout=0.0, lr=0.02, schedule="constant"
    )
    trainer, vocab = make_trainer(TOY, TOY[:4], s)
    trainer.run()
    tagger = NeuralTagger(trainer.model, vocab)
    assert evaluate_tagger(tagger, TOY[:4])["upos_accuracy"] == 1.0
    path = tmp_path / "t.pt"
    torch.save(checkpoint(trainer.model, vocab, s), path)
    again = tagger_from_checkpoint(safe_load(path))  # weights_only=True
    assert again.predict([TOY[2].words]) == tagger.predict([TOY[2].words])
    rows = again.tag_tokens(["Anna", "sees", "Zorblax"])
    assert [r.known for r in rows] == [True, True, False]
    assert all(len(r.top) == 3 and r.top[0][0] == r.tag and 0 < r.prob <= 1 for r in rows)


def test_tokenizer_splits_like_ud_and_caps_input():
    assert tokenize("I don't know, Mr. Smith!") == ["I", "do", "n't", "know", ",", "Mr.", "Smith", "!"]
    assert tokenize('She said "hi".') == ["She", "said", '"', "hi", '"', "."]
    assert len(tokenize_sentences("One. Two? Three!")) == 3
    assert tokenize("서울 😀 café") == ["서울", "😀", "café"]
    for bad in ("", "   \n", None):
        with pytest.raises(InputError, match="empty"):
            tokenize(bad)
    with pytest.raises(InputError, match=f"{MAX_TOKENS:,}"):
        tokenize("word " * 10_000)
    with pytest.raises(InputError, match="tokens"):
        tokenize("a,b," * 300)  # under the word cap before splitting, over it after


def test_most_frequent_tag_baseline_and_fallbacks():
    mft = MostFrequentTagger.fit(TOY + [Sentence(["runs"], ["NOUN"])])
    assert mft.predict([["the", "dog", "runs"]]) == [["DET", "NOUN", "VERB"]]  # VERB 3x beats NOUN 1x
    assert mft.predict([["Zed", "1,234", "?!", "blorf"]]) == [["PROPN", "NUM", "PUNCT", mft.fallback]]
    back = MostFrequentTagger.from_checkpoint(safe_load_roundtrip(mft.to_checkpoint()))
    assert back.predict([["The", "cat"]]) == mft.predict([["The", "cat"]])
    assert back.tag_tokens(["runs"])[0].prob == pytest.approx(0.75)


def safe_load_roundtrip(ckpt):
    import io

    buf = io.BytesIO()
    torch.save(ckpt, buf)
    return safe_load(buf.getvalue())
