"""Captioner model and decoders: shapes, masking, <eos> and max length, beam = greedy at width 1, attention sums,
sampling, checkpoints, overfitting a tiny batch with the project's trainer."""

from __future__ import annotations

import math

import pytest
import torch

from models.caption.decode import beam_search, greedy, greedy_batch, sample
from models.caption.model import Captioner, CaptionerConfig, caption_step, pad_captions
from models.caption.train import (
    CaptionDataset,
    checkpoint_dict,
    collate,
    from_checkpoint,
    render_scenes,
    shapes_vocab,
)
from models.caption.vocab import Vocab, tokenize
from models.errors import WeightsCorruptError
from models.store import safe_load
from models.training import Trainer, TrainerConfig, make_loader, seeded

VOCAB = shapes_vocab()


def _model(**kw) -> Captioner:
    with seeded(0):
        return Captioner(CaptionerConfig(vocab_size=len(VOCAB), **kw)).eval()


def _image(seed=0, size=64):
    g = torch.Generator().manual_seed(seed)
    return torch.randint(0, 256, (3, size, size), generator=g, dtype=torch.uint8)


def test_vocab_roundtrip_and_specials():
    v = Vocab.build(["A dog runs.", "a dog sleeps", "a cat"])
    assert v.itos[:4] == ["<pad>", "<start>", "<eos>", "<unk>"] and v.itos[4] == "a"
    ids = v.encode("A cat runs!")
    assert ids[0] == v.start_id and ids[-1] == v.eos_id and v.unk_id in ids  # "!" unseen
    assert v.decode(ids) == "a cat runs <unk>"
    assert v.decode([v.start_id, 5, v.eos_id, 6]) == v.itos[5]  # stops at <eos>
    assert tokenize("A small red circle") == ["a", "small", "red", "circle"]
    with pytest.raises(ValueError):
        Vocab(["a", "b"])


@pytest.mark.parametrize("size,grid", [(64, 8), (96, 6), (48, 4)])
def test_shapes_and_attention_sums_to_one(size, grid):
    m = _model(image_size=size, grid=grid)
    images = torch.stack([_image(i, size) for i in range(3)])  # (3, 3, S, S)
    caps = pad_captions(
        [VOCAB.encode("a small red circle"), VOCAB.encode("a large blue square left of a small red circle")]
    )
    caps = torch.cat([caps, caps[:1]])
    logits, alphas = m(images, caps)
    assert logits.shape == (3, caps.shape[1] - 1, len(VOCAB))
    assert alphas.shape == (3, caps.shape[1] - 1, grid * grid)
    assert torch.allclose(alphas.sum(-1), torch.ones(3, caps.shape[1] - 1), atol=1e-5)
    d = greedy(m, VOCAB, images[0], max_len=6)
    for s in d.steps:
        assert len(s.attention) == grid and len(s.attention[0]) == grid
        assert math.isclose(sum(map(sum, s.attention)), 1.0, abs_tol=1e-4)
        assert len(s.top) == 3 and s.top[0][1] >= s.top[1][1] >= s.top[2][1]


def test_loss_masks_padding_and_never_targets_start():
    m = _model()
    images = torch.stack([_image(0), _image(1)])
    short, long = (
        VOCAB.encode("a small red circle"),
        VOCAB.encode("a large blue square left of a small red circle"),
    )
    caps = pad_captions([short, long])
    r = caption_step(m, (images, caps))
    assert r.count == (len(short) - 1) + (len(long) - 1)  # every word + <eos>, no <start>, no <pad>
    # changing what sits in the padded positions changes nothing
    caps2 = caps.clone()
    caps2[0, len(short) :] = 0
    assert torch.allclose(caption_step(m, (images, caps2)).loss, r.loss)


def _forced(word: str) -> Captioner:
    """A captioner whose output always prefers ``word``."""
    m = _model()
    with torch.no_grad():
        m.out.weight.zero_()
        m.out.bias.zero_()
        m.out.bias[VOCAB.stoi[word]] = 10.0
    return m


def test_decoders_stop_at_eos():
    m = _forced("<eos>")
    for d in (greedy(m, VOCAB, _image()), sample(m, VOCAB, _image(), temperature=0.5)):
        assert d.finished and d.caption == "" and len(d.steps) == 1 and d.steps[0].word == "<eos>"
    res = beam_search(m, VOCAB, _image(), width=4)
    assert res.beams[0].finished and res.beams[0].caption == ""
    assert greedy_batch(m, torch.stack([_image(0), _image(1)])).tolist() == [[2], [2]]


@pytest.mark.parametrize("max_len", [1, 5, 12])
def test_decoders_respect_max_length(max_len):
    m = _forced("circle")
    d = greedy(m, VOCAB, _image(), max_len=max_len)
    assert not d.finished and d.words == ["circle"] * max_len
    assert len(sample(m, VOCAB, _image(), temperature=0.1, max_len=max_len).words) == max_len
    res = beam_search(m, VOCAB, _image(), width=3, max_len=max_len)
    assert all(len(b.words) <= max_len for b in res.beams)
    assert greedy_batch(m, _image().unsqueeze(0), max_len=max_len).shape[1] <= max_len + 1
    with pytest.raises(ValueError):
        greedy(m, VOCAB, _image(), max_len=0)


def test_beam_width_one_equals_greedy_and_beams_are_ranked():
    m = _model()
    for seed in range(4):
        img = _image(seed)
        g = greedy(m, VOCAB, img, max_len=8)
        b = beam_search(m, VOCAB, img, width=1, max_len=8).beams
        assert len(b) == 1 and b[0].words == g.words and b[0].finished == g.finished
        assert b[0].logprob == pytest.approx(g.logprob, abs=1e-4)
        res = beam_search(m, VOCAB, img, width=5, max_len=8)
        lps = [x.logprob for x in res.beams]
        assert len(lps) == 5 and lps == sorted(lps, reverse=True)
        assert lps[0] >= g.logprob - 1e-4  # the best beam is at least as likely as the greedy caption
        for x in res.beams:  # a beam's score is the sum of its steps' log-probabilities
            assert x.logprob == pytest.approx(sum(math.log(s.prob) for s in x.steps), abs=1e-3)
        ids = {n["id"] for n in res.tree}
        assert all(n["parent"] in ids or n["parent"] == -1 for n in res.tree)
    with pytest.raises(ValueError, match="between 1 and 10"):
        beam_search(m, VOCAB, _image(), width=11)


def test_sampling_is_seeded_and_cold_sampling_is_greedy():
    m = _model()
    img = _image(3)
    a = sample(m, VOCAB, img, temperature=1.5, seed=7, max_len=10)
    assert a.words == sample(m, VOCAB, img, temperature=1.5, seed=7, max_len=10).words
    assert (
        sample(m, VOCAB, img, temperature=1e-3, seed=1, max_len=10).words == greedy(m, VOCAB, img, 10).words
    )
    with pytest.raises(ValueError):
        sample(m, VOCAB, img, temperature=0)


def test_checkpoint_roundtrip_and_refusal(tmp_path):
    m = _model()
    path = tmp_path / "c.pt"
    torch.save(checkpoint_dict(m, VOCAB, trained_on="test"), path)
    m2, v2 = from_checkpoint(safe_load(path))
    assert v2.itos == VOCAB.itos
    img = _image(5)
    assert greedy(m2, v2, img, 6).words == greedy(m, VOCAB, img, 6).words
    bad = checkpoint_dict(m, VOCAB)
    bad["config"]["hidden"] = 17
    with pytest.raises(WeightsCorruptError):
        from_checkpoint(bad)
    with pytest.raises(WeightsCorruptError):
        from_checkpoint({"kind": "something else"})


def test_overfits_a_tiny_batch_with_the_project_trainer():
    """Pipeline check (trainer + step function + greedy decoding) on a deliberately small captioner."""
    images, caps = render_scenes(list(range(4)), 32)
    ds = CaptionDataset(images, caps, VOCAB)
    with seeded(0):
        m = Captioner(
            CaptionerConfig(
                vocab_size=len(VOCAB),
                image_size=32,
                grid=4,
                channels=(16, 32, 32),
                embed_dim=16,
                hidden=64,
                attn_dim=32,
                dropout=0.0,
            )
        )
    tr = Trainer(
        m,
        make_loader(ds, 4, seed=0, collate_fn=collate),
        None,
        TrainerConfig(epochs=120, lr=1e-2),
        step_fn=caption_step,
    )
    tr.run()
    m.eval()
    hyps = [VOCAB.decode(r) for r in greedy_batch(m, images).tolist()]
    assert hyps == caps
