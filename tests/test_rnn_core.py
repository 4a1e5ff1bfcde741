"""models.rnn: data splits, padding/packing, the vanilla step, gradient norms, the memory task."""

from __future__ import annotations

import math

import pytest
import torch

from models.rnn import gradients as G
from models.rnn import memory_task as M
from models.rnn import vanilla_step as V
from models.rnn.chars import CharVocab, NameBatches, masked_mean, pad_batch, padded_view
from models.rnn.classifier import ClassifierConfig, NameClassifier
from models.rnn.names import LOCALES, NamesConfig, load_names, locale_names
from models.rnn.train import names_step


@pytest.fixture(scope="module")
def data():
    return load_names()


def test_no_name_in_two_splits_and_balanced(data):
    splits = {s: [n for n, _ in data.split(s)] for s in ("train", "val", "test")}
    for s, names in splits.items():
        assert len(names) == len(set(names)), f"duplicate inside {s}"
    assert not set(splits["train"]) & set(splits["val"])
    assert not set(splits["train"]) & set(splits["test"])
    assert not set(splits["val"]) & set(splits["test"])
    assert len(data.labels) == len(LOCALES) >= 10
    for s in ("train", "val", "test"):
        counts = torch.bincount(torch.tensor([y for _, y in data.split(s)]), minlength=len(LOCALES))
        assert counts.min() == counts.max() > 0, s  # balanced per class
    # the de-duplication rule: a name listed by two chosen locales is in no split at all
    lists = {loc: locale_names(loc) for loc in LOCALES}
    shared = {n for a in lists for b in lists if a < b for n in lists[a] & lists[b]}
    assert shared and not shared & {n for names in splits.values() for n in names}
    # every kept name really comes from the locale it is labelled with
    for n, y in data.test[:50]:
        assert n in lists[data.locales[y]]


def test_split_is_deterministic_and_seeded():
    assert load_names(NamesConfig(seed=0)).test == load_names(NamesConfig(seed=0)).test
    assert load_names(NamesConfig(seed=1)).test != load_names(NamesConfig(seed=0)).test


def test_pad_batch_mask_lengths_and_masked_mean():
    vocab = CharVocab.from_names(["abc", "de"])
    ids, lengths, mask = pad_batch([vocab.encode("abc"), vocab.encode("d"), vocab.encode("xe")])
    assert ids.shape == (3, 3) and lengths.tolist() == [3, 1, 2]
    assert mask.int().tolist() == [[1, 1, 1], [1, 0, 0], [1, 1, 0]]
    assert ids[1, 1:].tolist() == [0, 0] and ids[2, 0] == 1  # padding id 0, unknown 'x' -> 1
    values = torch.tensor([[1.0, 2.0, 3.0], [4.0, 100.0, 100.0], [5.0, 6.0, 100.0]])
    assert float(masked_mean(values, mask)) == pytest.approx((1 + 2 + 3 + 4 + 5 + 6) / 6)
    view = padded_view(["abc", "d"], vocab)
    assert view["chars"][1] == ["d", "·", "·"] and view["lengths"] == [3, 1]
    with pytest.raises(ValueError):
        pad_batch([[]])


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_packed_reads_state_after_last_real_char_naive_reads_padding(cell):
    torch.manual_seed(0)
    vocab = CharVocab.from_names(["Virtanen", "Li", "Ng"])
    model = NameClassifier(ClassifierConfig(len(vocab), 5, cell=cell, hidden=16, embed=8, layers=2)).eval()
    batch = NameBatches(vocab)([("Virtanen", 0), ("Li", 1), ("Ng", 2)])
    ids, lengths, _mask, _labels = batch
    with torch.no_grad():
        packed = model.final_state(ids, lengths, "packed")  # (3, 16)
        naive = model.final_state(ids, lengths, "naive")
        alone = model.final_state(ids[1:2, :2], lengths[1:2], "naive")  # "Li" with no padding at all
    assert packed.shape == naive.shape == (3, 16)
    assert torch.allclose(packed[1], alone[0], atol=1e-6)  # packing = the name read on its own
    assert torch.allclose(packed[0], naive[0], atol=1e-6)  # the longest name has no padding
    assert not torch.allclose(packed[1], naive[1], atol=1e-3)  # naive also read 6 pads
    for mode in ("packed", "naive"):  # both variants run forward and backward
        model.train()
        model.cfg.mode = mode
        r = names_step(model, batch)
        r.loss.backward()
        assert math.isfinite(float(r.loss.detach())) and r.count == 3
        assert model.embed.weight.grad is not None
        model.zero_grad()


def test_bad_config_lists_options():
    with pytest.raises(ValueError, match="rnn, lstm, gru"):
        ClassifierConfig(10, 2, cell="transformer")
    with pytest.raises(ValueError, match="packed, naive"):
        ClassifierConfig(10, 2, mode="sorted")


@pytest.mark.parametrize("hidden,seed,text", [(3, 0, "hell"), (4, 7, "hello"), (3, 3, "olleh")])
def test_vanilla_step_numbers_equal_torch_rnn(hidden, seed, text):
    cfg = V.TinyRNNConfig(text=text, hidden=hidden, seed=seed)
    rnn = V.tiny_rnn(cfg)
    x = V.one_hot(cfg)
    steps = V.unroll(rnn, x)
    ref = V.torch_states(rnn, x)  # (T, hidden)
    assert len(steps) == len(text) and ref.shape == (len(text), hidden)
    for t, s in enumerate(steps):
        mine = torch.tensor(s["h_t"], dtype=torch.float64)
        assert torch.allclose(mine, ref[t].double(), atol=1e-6)
        # the parts add up: sum = W_x·x + W_h·h + b, and h_t = tanh(sum)
        part = {k: torch.tensor(s[k], dtype=torch.float64) for k in ("Wx_x", "Wh_h", "b", "sum")}
        assert torch.allclose(part["Wx_x"] + part["Wh_h"] + part["b"], part["sum"])
        assert torch.allclose(torch.tanh(part["sum"]), mine)
        if t:
            assert s["h_prev"] == steps[t - 1]["h_t"]
    with pytest.raises(ValueError):
        V.TinyRNNConfig(text="xyz")


def test_memory_data_first_symbol_is_label():
    cfg = M.MemoryTaskConfig(length=12, classes=4, distractors=3)
    x, y = M.make_memory_data(cfg, 50, seed=1).tensors
    assert x.shape == (50, 12, 7)
    assert torch.equal(x[:, 0].argmax(1), y)
    assert (x[:, 1:].argmax(2) >= 4).all()  # only distractors after the first step


def test_gradient_norms_shape_and_vanilla_decays_faster_than_lstm():
    T = 60
    norms = {c: G.init_norms(c, T, seed=0) for c in ("rnn", "lstm", "gru")}
    for n in norms.values():
        assert len(n) == T and all(v >= 0 for v in n)
    slope = {c: G.decay_slope(n) for c, n in norms.items()}
    assert slope["rnn"] < 0 and slope["lstm"] < 0  # both decay with distance from the loss at init ...
    assert slope["rnn"] < slope["lstm"] - 0.1  # ... the vanilla RNN clearly faster (per step, in ln units)
    # the autograd norms agree with a direct derivative: the last state's gradient is ∂L/∂h_T of the head
    task = M.MemoryTaskConfig(length=5)
    model = M.memory_model(task, M.MemoryRunConfig(cell="rnn"))
    x, y = M.make_memory_data(task, 4, seed=2).tensors
    n = G.hidden_grad_norms(model, x, y)
    with torch.no_grad():
        out, _ = model.rnn(x)
    h = out[:, -1].clone().requires_grad_(True)
    torch.nn.functional.cross_entropy(model.fc(h), y, reduction="sum").backward()
    assert n[-1] == pytest.approx(float(h.grad.norm(dim=1).mean()), rel=1e-5)


def test_memory_trainer_learns_short_sequences():
    task = M.MemoryTaskConfig(length=5, train_size=512, val_size=256)
    r = M.train_memory(task, M.MemoryRunConfig(cell="gru", epochs=6, lr=1e-2))
    assert r["val_acc"] > 0.9  # chance is 0.25


def test_sweep_json_has_every_cell_and_the_command():
    sweep = M.load_sweep()
    assert sweep is not None, "models/rnn/memory_sweep.json is missing"
    assert {"rnn", "lstm", "gru"} <= set(sweep["accuracy"]) <= set(M.SWEEP_COLUMNS)
    assert sweep["command"].startswith("python -m models.rnn.memory_task")
    lengths = sorted(int(t) for t in sweep["accuracy"]["rnn"])
    assert lengths[0] <= 10 and lengths[-1] >= 100
    assert list(sweep["lab27"]["accuracy"]) == [label for label, _ in M.LAB27_STEPS]
    acc = sweep["accuracy"]
    # what the page claims, checked on the stored real runs: all cells learn short sequences; at the longest T
    # the vanilla RNN is below the gated cells (chrono init)
    assert all(acc[c][str(lengths[0])] > 0.9 for c in ("rnn", "lstm", "gru"))
    T = str(lengths[-1])
    assert acc["rnn"][T] < min(acc["lstm"][T], acc["gru"][T])


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_prefix_loss_uses_real_positions_only(cell):
    torch.manual_seed(1)
    vocab = CharVocab.from_names(["Aalto", "Ng"])
    model = NameClassifier(ClassifierConfig(len(vocab), 3, cell=cell, hidden=8, embed=4, dropout=0.0)).eval()
    ids, lengths, mask, labels = NameBatches(vocab)([("Aalto", 0), ("Ng", 2)])
    with torch.no_grad():
        final, per_pos = model.outputs(ids, lengths, "packed")  # (2, 3), (2, 5, 3)
        assert torch.allclose(final, model(ids, lengths, "packed"), atol=1e-6)
        alone = model(ids[1:2, :1], torch.tensor([1]), "packed")  # "N" on its own
        assert torch.allclose(per_pos[1, 0], alone[0], atol=1e-6)  # position t = the prefix of length t+1
        # the masked loss ignores whatever sits at padded positions
        r1 = names_step(model, (ids, lengths, mask, labels), prefix_weight=1.0)
        ce = torch.nn.functional.cross_entropy(
            per_pos.transpose(1, 2), labels[:, None].expand_as(ids), reduction="none"
        )
        real = (ce[0].sum() + ce[1, :2].sum()) / 7
        expected = torch.nn.functional.cross_entropy(final, labels) + real
        assert float(r1.loss) == pytest.approx(float(expected), rel=1e-5)


@pytest.mark.parametrize("pool", ["last", "max"])
def test_per_position_outputs_only_see_the_prefix(pool):
    """The page's 'prediction after each prefix': position t of position_logits / outputs equals the model run
    on the prefix alone (max pooling keeps a RUNNING maximum, so nothing after t leaks in)."""
    torch.manual_seed(0)
    vocab = CharVocab.from_names(["Virtanen", "Kowalski"])
    model = NameClassifier(ClassifierConfig(len(vocab), 5, cell="gru", hidden=16, embed=8, pool=pool)).eval()
    enc = vocab.encode("Virtanen")
    prefixes, lengths, _ = pad_batch([enc[: t + 1] for t in range(len(enc))])
    with torch.no_grad():
        one_by_one = model(prefixes, lengths, "packed")  # (T, classes): every prefix as its own name
        per_position = model.position_logits(prefixes[-1:])[0]  # (T, classes) in one pass
        _, outs = model.outputs(prefixes[-1:], lengths[-1:])
    assert torch.allclose(one_by_one, per_position, atol=1e-5)
    assert torch.allclose(outs[0], per_position, atol=1e-5)


def test_max_pool_reads_the_running_maximum_of_the_states():
    torch.manual_seed(0)
    vocab = CharVocab.from_names(["Ana", "Bob"])
    model = NameClassifier(ClassifierConfig(len(vocab), 3, hidden=6, embed=4, pool="max")).eval()
    ids, lengths, _ = pad_batch([vocab.encode("Ana"), vocab.encode("Bo")])
    with torch.no_grad():
        feats = model.features(ids, lengths, "packed")  # (2, 12)
        states = model.forward_states(ids)  # (2, 3, 6), no packing
    assert torch.allclose(feats[0, 6:], states[0].amax(0), atol=1e-6)
    assert torch.allclose(feats[1, 6:], states[1, :2].amax(0), atol=1e-6)  # the pad is not in the maximum


def test_ensemble_averages_member_probabilities_and_round_trips():
    from models.rnn.classifier import NameEnsemble, from_checkpoint, make_checkpoint

    vocab = CharVocab.from_names(["Ana", "Bob", "Kim"])
    members = []
    for seed in (0, 1, 2):
        torch.manual_seed(seed)
        members.append(NameClassifier(ClassifierConfig(len(vocab), 4, hidden=8, embed=4, pool="max")).eval())
    ens = NameEnsemble(members).eval()
    ids, lengths, _ = pad_batch([vocab.encode("Kim"), vocab.encode("Bo")])
    with torch.no_grad():
        mean = torch.stack([m(ids, lengths).softmax(-1) for m in members]).mean(0)
        assert torch.allclose(ens(ids, lengths).softmax(-1), mean, atol=1e-6)
        assert torch.allclose(ens(ids, lengths).exp().sum(-1), torch.ones(2), atol=1e-5)  # log of a mean prob
        ckpt = make_checkpoint(ens, vocab, ["a", "b", "c", "d"])
        again, vocab2, labels = from_checkpoint(ckpt)
        assert len(again.members) == 3 and vocab2 == vocab and labels == ["a", "b", "c", "d"]
        assert torch.allclose(again(ids, lengths), ens(ids, lengths))


def test_char_dropout_hides_real_characters_in_training_only():
    from models.rnn.chars import UNK

    vocab = CharVocab.from_names(["Virtanen"])
    model = NameClassifier(ClassifierConfig(len(vocab), 2, hidden=4, embed=4))
    batch = NameBatches(vocab)([("Virtanen", 0), ("Ana", 1)] * 8)
    seen = []
    model.forward = lambda ids, lengths, mode=None: (
        seen.append(ids),
        torch.zeros(len(ids), 2, requires_grad=True),
    )[1]
    gen = torch.Generator().manual_seed(0)
    model.train()
    names_step(model, batch, char_dropout=0.5, generator=gen)
    hidden = seen[-1] == UNK
    assert hidden.any() and not (hidden & ~batch[2]).any()  # some real characters hidden, never the padding
    model.eval()
    names_step(model, batch, char_dropout=0.5, generator=gen)
    assert torch.equal(seen[-1], batch[0])  # evaluation reads every character
