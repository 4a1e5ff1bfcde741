"""The tagging page's computations that live in models/ (issue 17): the training split, finishing a student's
run (held-out score + checkpoint bytes) and the "can" counts of the honest failure."""

from __future__ import annotations

import io

import pytest
import torch

from models.errors import ModelsError
from models.store import safe_load
from models.tagging.conllu_io import Sentence
from models.tagging.examples import form_summary
from models.tagging.inference import tagger_from_checkpoint
from models.tagging.train import TrainSettings, make_trainer
from models.tagging.trained import checkpoint_bytes, finish_run, split_for_training

TOY = [
    Sentence("the dog runs".split(), ["DET", "NOUN", "VERB"]),
    Sentence("a cat sleeps .".split(), ["DET", "NOUN", "VERB", "PUNCT"]),
    Sentence("Anna sees the cat".split(), ["PROPN", "VERB", "DET", "NOUN"]),
    Sentence("dogs run".split(), ["NOUN", "VERB"]),
]


def test_split_for_training_holds_out_every_10th_sentence():
    train, test = split_for_training(TOY * 5)
    assert (len(train), len(test)) == (18, 2)
    with pytest.raises(ModelsError, match="at least 10"):
        split_for_training(TOY * 2)


def test_checkpoint_bytes_load_back():
    ckpt = {"format": 1, "state_dict": {"w": torch.arange(3.0)}}
    back = torch.load(io.BytesIO(checkpoint_bytes(ckpt)), weights_only=True)
    assert back["format"] == 1 and torch.equal(back["state_dict"]["w"], torch.arange(3.0))


def test_finish_run_scores_the_model_and_packs_a_loadable_checkpoint(tmp_path):
    settings = TrainSettings(
        epochs=25, hidden=16, word_dim=12, char_channels=8, dropout=0.0, lr=0.02, schedule="constant"
    )
    trainer, vocab = make_trainer(TOY, TOY[:4], settings)
    trainer.run()
    tagger, result, data = finish_run(trainer.model, vocab, settings, TOY[:4])
    assert result["upos_accuracy"] == 1.0 and result["tokens"] == sum(map(len, TOY))
    path = tmp_path / "run.pt"
    path.write_bytes(data)
    ckpt = safe_load(path)  # weights_only=True
    assert ckpt["meta"]["metrics"]["upos_accuracy"] == result["upos_accuracy"]
    assert tagger_from_checkpoint(ckpt).predict([TOY[2].words]) == tagger.predict([TOY[2].words])


def test_form_summary_counts_a_word_form_and_its_tags():
    sents = [
        Sentence("I can go".split(), ["PRON", "AUX", "VERB"]),
        Sentence("a can".split(), ["DET", "NOUN"]),
    ]
    assert form_summary("Can", sents) == {"sents": 2, "n": 2, "tags": "AUX, NOUN"}
