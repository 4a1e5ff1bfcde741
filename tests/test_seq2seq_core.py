"""Translation backend without bundled weights: corpus, splits, model, decoding, teacher forcing, notes."""

from __future__ import annotations

import random

import pytest
import torch

from models.errors import InputError
from models.seq2seq import corpus
from models.seq2seq.decode import beam_search, default_max_len, greedy, greedy_batch
from models.seq2seq.model import EOS_ID, PAD_ID, Seq2Seq, Seq2SeqConfig
from models.seq2seq.train import (
    TranslatorTrainConfig,
    collate,
    exact_match,
    make_pairs,
    make_step_fn,
    make_trainer,
)
from models.seq2seq.translator import Translator, parse_words
from models.training import TrainingSlots, seeded

SAMPLE = sorted(
    set(random.Random(7).sample(range(1_000_000), 3000))
    | set(range(1200))
    | {10_000, 10_001, 12_345, 100_000, 123_456, 700_007, 999_999}
)


@pytest.mark.parametrize("lang", corpus.LANGS)
def test_tokenisation_round_trips_num2words(lang):
    vocab = set(corpus.vocab(lang))
    for n in SAMPLE:
        text = corpus.to_words(n, lang)
        toks = corpus.tokenize(text, lang)
        assert corpus.detokenize(toks, lang) == text, n
        assert set(toks) <= vocab, n  # the vocabulary is closed over the domain
    assert corpus.tokenize("twenty-three thousand, one", "en") == [
        "twenty",
        "-",
        "three",
        "thousand",
        ",",
        "one",
    ]
    assert corpus.tokenize("만 일", "ko") == ["만", corpus.KO_SPACE, "일"]
    assert (
        corpus.to_words(123_456, "en") == "one hundred and twenty-three thousand, four hundred and fifty-six"
    )
    assert corpus.to_words(123_456, "ko") == "십이만 삼천사백오십육"


def test_splits_are_disjoint_and_cover_every_length():
    sp = corpus.splits()
    train, val, test = (set(sp[k]) for k in ("train", "val", "test"))
    assert len(train) == len(sp["train"]) and len(test) == len(sp["test"])  # no duplicates inside a split
    assert not (train & val) and not (train & test) and not (val & test)
    assert 60_000 <= len(train) <= 150_000 and 2_000 <= len(test) <= 5_000
    assert {len(str(n)) for n in test} == {1, 2, 3, 4, 5, 6}
    assert all(0 <= n <= corpus.MAX_NUMBER for n in train | val | test)
    assert corpus.splits() == corpus.splits(corpus.SplitConfig())  # fixed seed: the same every time


def test_bad_arguments_list_options():
    with pytest.raises(ValueError, match="en-ko, ko-en"):
        corpus.direction_langs("en-fr")
    with pytest.raises(ValueError, match="en, ko"):
        corpus.tokenize("x", "fr")
    with pytest.raises(InputError):
        corpus.to_words(1_000_000, "en")


def test_parse_words_accepts_only_num2words_text():
    for n in SAMPLE[::7]:
        for lang in corpus.LANGS:
            assert parse_words(corpus.to_words(n, lang), lang) == n
    assert parse_words("twenty three", "en") is None  # num2words writes "twenty-three"
    assert parse_words("일만", "ko") is None  # num2words writes "만"
    assert parse_words("one million", "en") is None


def _model(attention=True, emb=12, hidden=18, seed=0):
    with seeded(seed):
        return Seq2Seq(
            Seq2SeqConfig(len(corpus.vocab("en")), len(corpus.vocab("ko")), emb, hidden, attention)
        ).eval()


def _batch(numbers=(5, 12_345, 999_999, 100)):
    return collate(make_pairs(numbers, "en-ko"))


@pytest.mark.parametrize("attention", [True, False])
def test_shapes_and_attention_rows_sum_to_one(attention):
    model = _model(attention)
    src, src_len, tgt_in, _tgt_out = _batch()
    logits = model(src, src_len, tgt_in)
    assert logits.shape == (4, tgt_in.shape[1], len(corpus.vocab("ko")))
    H, z, s, mask = model.encode(src, src_len)
    assert H.shape == (4, src.shape[1], 18) and z.shape == (4, 18)
    _, _, attn = model.decoder.step(tgt_in, s, H, z, mask)
    if not attention:
        assert attn is None
        return
    assert attn.shape == (4, tgt_in.shape[1], src.shape[1])
    torch.testing.assert_close(attn.sum(-1), torch.ones(4, tgt_in.shape[1]))
    assert (
        float(attn.detach().masked_select(~mask.unsqueeze(1).expand_as(attn)).abs().sum()) == 0.0
    )  # padding gets none


def test_padding_does_not_change_the_output():
    model = _model()
    src, src_len, tgt_in, _ = _batch((5,))
    padded = torch.cat([src, torch.full((1, 4), PAD_ID)], dim=1)
    torch.testing.assert_close(model(src, src_len, tgt_in), model(padded, src_len, tgt_in))


def test_step_loop_matches_the_teacher_forced_fast_path():
    model = _model()
    src, src_len, tgt_in, _ = _batch()
    fast = model(src, src_len, tgt_in, teacher_forcing=1.0)
    H, z, s, mask = model.encode(src, src_len)
    outs = []
    for t in range(tgt_in.shape[1]):
        lo, s, _ = model.decoder.step(tgt_in[:, t : t + 1], s, H, z, mask)
        outs.append(lo)
    torch.testing.assert_close(fast, torch.cat(outs, 1))
    # ratio 0: the decoder is fed its own predictions, so the logits differ from teacher forcing
    free = model(src, src_len, tgt_in, teacher_forcing=0.0, generator=torch.Generator().manual_seed(0))
    assert free.shape == fast.shape and not torch.allclose(free[:, 2:], fast[:, 2:])
    with pytest.raises(ValueError):
        model(src, src_len, tgt_in, teacher_forcing=1.5)


def _forced(token_id: int) -> Seq2Seq:
    """A model whose output layer always prefers ``token_id``."""
    model = _model()
    with torch.no_grad():
        model.decoder.out.weight.zero_()
        model.decoder.out.bias.fill_(-10.0)
        model.decoder.out.bias[token_id] = 10.0
    return model


def test_eos_stops_decoding_and_max_length_bounds_it():
    src_ids = make_pairs([42], "en-ko")[0][0]
    d = greedy(_forced(EOS_ID), src_ids)
    assert d.ids == [] and d.ended and len(d.probs) == 1 and len(d.attention) == 1
    other = corpus.vocab("ko").index("일")
    d = greedy(_forced(other), src_ids, max_len=7)
    assert d.ids == [other] * 7 and not d.ended and len(d.attention) == 7
    d = greedy(_forced(other), src_ids)
    assert len(d.ids) == default_max_len(len(src_ids))
    b = beam_search(_forced(other), src_ids, beam=3, max_len=5)
    assert len(b.ids) == 5 and not b.ended
    assert greedy_batch(_forced(EOS_ID), *_batch()[:2]) == [[]] * 4


@pytest.mark.parametrize("attention", [True, False])
def test_beam_one_equals_greedy(attention):
    model = _model(attention, seed=3)
    for src_ids, _ in make_pairs([0, 7, 1234, 56_789, 999_999, 400_010], "en-ko"):
        g, b = greedy(model, src_ids, max_len=12), beam_search(model, src_ids, beam=1, max_len=12)
        assert (g.ids, g.ended) == (b.ids, b.ended)
        assert g.probs == pytest.approx(b.probs, rel=1e-5) and g.logprob == pytest.approx(b.logprob, rel=1e-5)
        wide = beam_search(model, src_ids, beam=4, max_len=12)
        assert (
            wide.logprob >= g.logprob - 1e-6 or not g.ended
        )  # a wider beam never finds a worse finished phrase


def test_step_fn_masks_padding_and_counts_tokens():
    model = _model()
    batch = _batch()
    r = make_step_fn(1.0)(model, batch)
    assert r.count == int((batch[3] != PAD_ID).sum()) and r.samples == 4 and r.loss.requires_grad


def test_trainer_overfits_a_tiny_set_with_teacher_forcing():
    cfg = TranslatorTrainConfig(
        direction="ko-en", hidden=48, emb=24, epochs=40, batch_size=16, lr=1e-2, train_limit=16, seed=1
    )
    trainer = make_trainer(cfg, val_limit=16, slots=TrainingSlots(1))
    trainer.run()
    assert trainer.state == "finished"
    first, last = trainer.history.snapshot()["batches"][0], trainer.history.snapshot()["batches"][-1]
    assert last["loss"] < first["loss"] / 5 and last["acc"] > 0.9  # chance is ~1/37


def test_translator_answers_out_of_domain_input_with_notes():
    model = _model()
    tr = Translator(model, "en-ko", list(corpus.vocab("en")), list(corpus.vocab("ko")))
    cases = {
        "the cat sat on the mat": {"unknown_tokens", "not_a_number_phrase"},
        "one million": {"unknown_tokens", "not_a_number_phrase"},
        "twentyy-three": {"unknown_tokens", "not_a_number_phrase"},
        "seven " * 300_000: {
            "truncated",
            "not_a_number_phrase",
        },  # ~1.8 MB of text is capped, not decoded whole
    }
    for text, expected in cases.items():
        r = tr.translate(text)
        assert expected <= set(r["notes"]), (text[:30], r["notes"])
        assert len(r["source_tokens"]) <= corpus.MAX_INPUT_TOKENS and len(r["note_text"]) == len(r["notes"])
        assert len(r["tokens"]) <= default_max_len(corpus.MAX_INPUT_TOKENS)
    for empty in ("", "   ", "123 !!"):
        with pytest.raises(InputError, match="no words"):
            tr.translate(empty)
    with pytest.raises(InputError, match="looks like Korean"):
        tr.translate("이십삼")
    ko = Translator(_model(), "ko-en", list(corpus.vocab("ko")), list(corpus.vocab("en")))
    r = ko.translate("twenty three")  # English letters into ko-en: read as unknown syllables, still an answer
    assert {"wrong_script", "unknown_tokens", "not_a_number_phrase"} <= set(r["notes"])


def test_exact_match_reports_buckets():
    em = exact_match(_forced(EOS_ID), [1, 25, 123_456], "en-ko")
    assert em["exact_match"] == 0.0 and em["n"] == 3 and sum(b["n"] for b in em["buckets"].values()) == 3
