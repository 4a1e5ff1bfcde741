"""Training-lab backend: dataset registry and splits, the five networks, LabConfig runs, analysis, checkpoint, CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from models.lab import datasets as D
from models.lab.lab import (
    LabConfig,
    analyse,
    build_model,
    build_run,
    cell_examples,
    checkpoint_bytes,
    config_json,
    predict,
)
from models.lab.nets import ACTIVATIONS, ARCHITECTURES, NetConfig, build_net, layer_table
from models.store import safe_load
from models.training import TrainingSlots, count_parameters, seeded


def test_builtin_datasets_split_stratified_and_fixed():
    d = D.load_data("mnist5k")
    assert d.input_shape == (1, 28, 28) and d.pool_size == 4000 and len(d.val) == 1000
    x, _y = d.train.tensors
    assert x.dtype == torch.float32 and float(x.min()) >= 0.0 and float(x.max()) <= 1.0
    assert np.bincount(d.val.tensors[1].numpy(), minlength=10).tolist() == [100] * 10  # stratified
    small = D.load_data("mnist5k", train_size=200)
    counts = np.bincount(small.train.tensors[1].numpy(), minlength=10)
    assert len(small.train) == 200 and counts.min() >= 18 and counts.max() <= 22  # any prefix is balanced
    assert torch.equal(small.val.tensors[0], d.val.tensors[0])  # same held-out split whatever the size
    digits = D.load_data("digits8x8")
    assert (
        digits.input_shape == (1, 8, 8) and len(digits.val) == 360 and digits.classes == tuple("0123456789")
    )


def test_register_dataset_and_bad_names():
    rng = np.random.default_rng(0)

    def loader():
        return rng.random((60, 6, 6)), np.arange(60) % 3

    D.register_dataset("test-tiny", loader, classes=("a", "b", "c"), replace=True)
    assert "test-tiny" in D.list_datasets()
    d = D.load_data("test-tiny")
    assert d.classes == ("a", "b", "c") and d.input_shape == (1, 6, 6) and len(d.val) == 12
    with pytest.raises(ValueError, match="registered twice"):
        D.register_dataset("test-tiny", loader)
    with pytest.raises(ValueError, match="choose one of.*mnist5k"):
        D.load_data("cifar")
    with pytest.raises(ValueError, match="train_size"):
        D.load_data("digits8x8", train_size=3)


@pytest.mark.parametrize("arch", ARCHITECTURES)
@pytest.mark.parametrize("shape", [(1, 28, 28), (1, 8, 8), (3, 12, 16)])
def test_every_network_takes_both_input_sizes(arch, shape):
    for act in ACTIVATIONS:
        for bn in (False, True):
            net = build_net(
                NetConfig(
                    arch=arch, in_shape=shape, num_classes=7, activation=act, dropout=0.3, batch_norm=bn
                )
            )
            out = net(torch.rand(4, *shape))  # (4, 7)
            assert out.shape == (4, 7)
    bn_layers = [
        m
        for m in build_net(NetConfig(arch=arch, in_shape=shape, batch_norm=True)).modules()
        if isinstance(m, (torch.nn.BatchNorm1d, torch.nn.BatchNorm2d))
    ]
    assert bn_layers  # batch norm on/off is a real switch for every architecture


def test_knobs_change_the_network():
    base = NetConfig(arch="alexnet", in_shape=(1, 28, 28), dropout=0.5)
    mods = list(build_net(base).modules())
    assert (
        sum(isinstance(m, torch.nn.Dropout) for m in mods) == 2
    )  # before the two hidden FC layers (AlexNet)
    assert sum(isinstance(m, torch.nn.MaxPool2d) for m in mods) == 3
    assert any(isinstance(m, torch.nn.Sigmoid) for m in build_net(NetConfig(activation="sigmoid")).modules())
    assert not any(isinstance(m, torch.nn.Dropout) for m in build_net(NetConfig(dropout=0.0)).modules())
    with pytest.raises(ValueError, match="choose one of mlp, lenet5"):
        NetConfig(arch="googlenet")
    with pytest.raises(ValueError, match="relu, sigmoid, tanh"):
        NetConfig(activation="gelu")


def test_layer_table_matches_parameter_count():
    for arch in ARCHITECTURES:
        net = build_net(NetConfig(arch=arch, batch_norm=True))
        rows, totals = layer_table(net, (1, 28, 28))
        assert totals["trainable"] == count_parameters(net)
        assert rows and all(set(r) == {"layer", "output", "params"} for r in rows)
        assert rows[-1]["output"] == "10"


def test_seeded_build_is_reproducible():
    cfg = LabConfig(dataset="digits8x8", model="lenet5")
    a, b = build_model(cfg), build_model(cfg)
    c = build_model(LabConfig(dataset="digits8x8", model="lenet5", seed=1))
    sa, sb, sc = a.state_dict(), b.state_dict(), c.state_dict()
    assert all(torch.equal(sa[k], sb[k]) for k in sa)
    assert not all(torch.equal(sa[k], sc[k]) for k in sa)


def test_labconfig_validation_lists_options():
    with pytest.raises(ValueError, match="sgd, sgdm, adam"):
        LabConfig(optimizer="rmsprop")
    with pytest.raises(ValueError, match="mnist5k, digits8x8"):
        LabConfig(dataset="imagenet")
    with pytest.raises(ValueError, match="constant, step, plateau"):
        LabConfig(schedule="cosine")
    with pytest.raises(ValueError, match="unknown config keys"):
        LabConfig.from_dict({"model": "mlp", "colour": "red"})
    assert LabConfig.from_dict(json.loads(config_json(LabConfig(model="vgg")))) == LabConfig(model="vgg")


def test_network_overfits_a_tiny_batch():
    torch.manual_seed(0)
    with seeded(0):
        net = build_net(NetConfig(arch="lenet5", in_shape=(1, 8, 8), dropout=0.0))
    d = D.load_data("digits8x8")
    x, y = d.train.tensors[0][:32], d.train.tensors[1][:32]
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    for _ in range(150):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
    assert float(loss.detach()) < 0.05 and (net(x).argmax(1) == y).all()


@pytest.fixture(scope="module")
def trained():
    """One short real run (8×8 digits, Adam) shared by the analysis tests."""
    run = build_run(
        LabConfig(
            dataset="digits8x8",
            model="mlp",
            optimizer="adam",
            lr=0.003,
            epochs=3,
            dropout=0.0,
            schedule="constant",
            batch_size=64,
        ),
        slots=TrainingSlots(1),
    )
    run.trainer.run()
    return run


def test_run_learns_and_records_history(trained):
    h = trained.trainer.history.snapshot()
    assert trained.trainer.state == "finished" and len(h["epochs"]) == 3
    assert len(h["batches"]) == 3 * 23  # 1437 training digits / 64 per batch
    assert h["epochs"][-1]["val_acc"] > 0.85  # well above chance (0.10)
    assert h["epochs"][-1]["train_loss"] < h["epochs"][0]["train_loss"]


def test_analysis_confusion_and_cells(trained):
    a = analyse(trained.model, trained.data)
    assert a.matrix.shape == (10, 10) and a.matrix.sum() == 360
    assert a.accuracy == pytest.approx(np.trace(a.matrix) / 360)
    assert a.accuracy == pytest.approx(trained.trainer.history.epochs[-1]["val_acc"])
    assert [r["support"] for r in a.per_class] == a.matrix.sum(1).tolist()
    t, p = np.unravel_index(np.argmax(a.matrix - np.diag(np.diag(a.matrix))), a.matrix.shape)
    idx = cell_examples(a, int(t), int(p))
    assert len(idx) == min(a.matrix[t, p], 24)
    assert (a.y_true[idx] == t).all() and (a.y_pred[idx] == p).all()
    assert list(a.confidence[idx]) == sorted(a.confidence[idx], reverse=True)


def test_checkpoint_loads_weights_only_and_predicts_the_same(trained):
    blob = checkpoint_bytes(trained)
    ckpt = safe_load(blob)
    assert ckpt["config"]["model"] == "mlp" and ckpt["classes"] == list("0123456789")
    cfg = LabConfig.from_dict(ckpt["config"])
    fresh = build_model(cfg)
    fresh.load_state_dict(ckpt["state_dict"])
    x = trained.data.val.tensors[0][:50]
    assert np.allclose(predict(fresh, x), predict(trained.model, x), atol=1e-6)
    csv_text = trained.trainer.history.to_csv("epochs")
    assert csv_text.splitlines()[0].startswith("epoch,step,train_loss,train_acc,lr,elapsed,val_loss,val_acc")
    assert len(csv_text.splitlines()) == 4


def test_seeded_run_is_reproducible_with_dropout_while_other_threads_draw_random_numbers():
    import threading

    cfg = LabConfig(
        dataset="digits8x8", model="alexnet", dropout=0.5, epochs=1, max_batches_per_epoch=6, seed=5
    )
    stop = threading.Event()

    def noise():  # another student's thread using torch's global RNG meanwhile
        while not stop.is_set():
            torch.rand(64)

    losses = []
    for with_noise in (False, True):
        th = threading.Thread(target=noise, daemon=True)
        if with_noise:
            th.start()
        run = build_run(cfg, slots=TrainingSlots(1))
        run.trainer.run()
        stop.set() if with_noise else None
        losses.append([b["loss"] for b in run.trainer.history.batches])
    assert losses[0] == losses[1] and len(losses[0]) == 6
