"""Job specs: every page's training is a picklable description that any process can build into a Trainer."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from models.forecast.train import ForecastConfig, make_job
from models.forecast.windows import prepare
from models.lab.lab import LabConfig
from models.rnn.memory_task import MemoryRunConfig, MemoryTaskConfig
from models.rnn.train import NamesModelConfig
from models.seq2seq.train import TranslatorTrainConfig
from models.tagging.conllu_io import Sentence
from models.tagging.train import TrainSettings
from models.teach.learners import HeadConfig, ScratchConfig
from models.training import JobSpec, Trainer, TrainerConfig, build_trainer, job_builders
from models.training.jobs import (
    forecast_adopt,
    forecast_job,
    lab_job,
    memory_job,
    names_job,
    tagger_job,
    teach_job,
    translate_job,
)


def _sentences(n: int = 12) -> list[Sentence]:
    words = [["the", "cat", "sees", "a", "dog"], ["Anna", "runs", "fast"], ["dogs", "bark", "at", "night"]]
    tags = [["DET", "NOUN", "VERB", "DET", "NOUN"], ["PROPN", "VERB", "ADV"], ["NOUN", "VERB", "ADP", "NOUN"]]
    return [Sentence(list(words[i % 3]), list(tags[i % 3])) for i in range(n)]


def _prepared():
    t = np.arange(160)
    return prepare(np.sin(t / 6.0) + 0.05 * np.cos(t), window=12, horizon=3)


def _teach(kind: str):
    g = np.random.default_rng(0)
    shape = (12, 1280) if kind == "head" else (12, 3, 32, 32)
    x, y = g.normal(size=shape).astype(np.float32), [0, 1, 2] * 4
    cfg = HeadConfig(epochs=2, seed=6) if kind == "head" else ScratchConfig(epochs=2, seed=6)
    return teach_job(kind, x, y, 3, cfg, val=(x[:3], y[:3]), heartbeat_timeout=60)


# one spec per page that trains: lab, names, rnn_inside (memory task), forecast, translate, tagger, teach
SPECS = {
    "lab": lambda: lab_job(
        LabConfig(dataset="digits8x8", model="mlp", epochs=1, seed=3), heartbeat_timeout=60
    ),
    "names": lambda: names_job(
        "gru",
        "naive",
        TrainerConfig(epochs=1, lr=3e-3, grad_clip=1.0, heartbeat_timeout=60, seed=1),
        NamesModelConfig(hidden=16),
    ),
    "memory": lambda: memory_job(
        MemoryTaskConfig(length=7),
        MemoryRunConfig(cell="lstm", init="chrono", epochs=1, seed=2),
        heartbeat_timeout=60,
    ),
    "forecast": lambda: forecast_job(
        "gru", _prepared(), ForecastConfig(window=12, horizon=3, epochs=2, budget=300), heartbeat_timeout=60
    ),
    "translate": lambda: translate_job(
        TranslatorTrainConfig(emb=8, hidden=16, epochs=1, train_limit=64, seed=4),
        heartbeat_timeout=60,
        val_limit=20,
    ),
    "tagger": lambda: tagger_job(
        _sentences(10), _sentences(4), TrainSettings(epochs=1, hidden=8, word_dim=8, char_channels=8, seed=5)
    ),
    "teach": lambda: _teach("head"),
}


def test_teach_scratch_spec_round_trips_and_builds_the_same_network():
    spec = _teach("scratch")
    back = pickle.loads(pickle.dumps(spec))
    assert back == spec
    a, b = build_trainer(back), build_trainer(spec)
    assert a.total_steps > 0 and a.config.seed == 6
    for (k, p), (_, q) in zip(a.model.state_dict().items(), b.model.state_dict().items()):
        assert bool((p == q).all()), k


def test_every_builder_has_a_spec_maker_under_test():
    assert sorted(SPECS) == job_builders()


@pytest.mark.parametrize("builder", sorted(SPECS))
def test_spec_round_trips_through_pickle_and_builds_a_trainer(builder):
    spec = SPECS[builder]()
    back = pickle.loads(pickle.dumps(spec))
    assert back == spec and back.builder == builder
    trainer = build_trainer(back)
    assert isinstance(trainer, Trainer) and trainer.state == "created"
    assert trainer.total_steps and trainer.total_steps > 0
    assert trainer.config.seed == spec.seed and trainer.config.heartbeat_timeout == spec.heartbeat_timeout
    # the same spec builds the same initial network: a worker's weights fit the page's own copy
    again = build_trainer(spec)
    for (k, a), (_, b) in zip(trainer.model.state_dict().items(), again.model.state_dict().items()):
        assert a.shape == b.shape and bool((a == b).all()), k


def test_unknown_builder_lists_the_valid_ones():
    with pytest.raises(ValueError, match="lab.*names"):
        JobSpec("gan", {})


def test_forecast_job_sends_back_its_best_epoch_and_the_page_adopts_it():
    prepared, cfg = _prepared(), ForecastConfig(window=12, horizon=3, epochs=3, budget=300)
    spec = forecast_job("mlp", prepared, cfg)
    trainer = build_trainer(pickle.loads(pickle.dumps(spec)))
    trainer.run()
    res = trainer.results
    assert res["best_epoch"] in (1, 2, 3) and set(res["best_state"]) == set(trainer.model.state_dict())
    local = make_job("mlp", prepared, cfg)  # what the page holds
    forecast_adopt(local)(res)
    assert local.keeper.best_epoch == res["best_epoch"]
    local.keeper.restore(local.model)
    for k, v in local.model.state_dict().items():
        assert bool((v == res["best_state"][k]).all())
