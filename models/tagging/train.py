"""Training the tagger with the project's one trainer (models.training.Trainer) and a masked step function."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

import torch

from ..errors import InputError
from ..training import Trainer, TrainerConfig, make_loader, seeded
from .conllu_io import Sentence
from .model import ARCHS, LSTMTagger, TaggerConfig, masked_step
from .vocab import Vocab, collate, encode_sentence, word_key

CHECKPOINT_FORMAT = "classroom-tagger-v1"
MAX_TRAIN_SENTENCE_WORDS = 200  # longer sentences are cut into pieces for training (memory and speed)


@dataclass
class TrainSettings:
    arch: str = "bilstm"  # one of model.ARCHS: bilstm (the tagger) or unilstm (the left-to-right baseline)
    epochs: int = 16  # passes over the training sentences
    batch_size: int = 16  # sentences per batch
    lr: float = 3e-3  # Adam learning rate
    seed: int = 0  # model init and data order
    hidden: int = 128  # LSTM hidden size per direction
    word_dim: int = 100  # word embedding size
    char_channels: int = 100  # character-CNN filters
    char_kernel: int = 3  # width of the character-CNN filters
    dropout: float = 0.2  # dropout on inputs and LSTM outputs
    word_dropout: float = 0.05  # chance of hiding a training word behind <unk> (teaches the char path)
    rare_dropout: float = 0.3  # the same chance for words seen only once in training
    schedule: str = "step"  # trainer LR schedule (step: multiply by gamma every step_size epochs)
    step_size: int = 10  # epochs between LR drops
    gamma: float = 0.3  # LR drop factor

    def __post_init__(self):
        if self.arch not in ARCHS:
            raise ValueError(f"unknown tagger architecture {self.arch!r}; choose one of {', '.join(ARCHS)}")


def _pieces(sentences: list[Sentence]) -> list[Sentence]:
    out = []
    for s in sentences:
        for i in range(0, len(s), MAX_TRAIN_SENTENCE_WORDS):
            out.append(
                Sentence(s.words[i : i + MAX_TRAIN_SENTENCE_WORDS], s.tags[i : i + MAX_TRAIN_SENTENCE_WORDS])
            )
    return out


class LengthBuckets(torch.utils.data.Dataset):
    """Ready-made batches of sentences of similar length (little padding, so less wasted LSTM work).

    Sentences are shuffled with ``seed``, then sorted by length inside windows of 20 batches and cut into
    batches; the loader (make_loader, batch_size=1) shuffles the order of the batches every epoch."""

    def __init__(self, vocab: Vocab, sentences: list[Sentence], batch_size: int, seed: int = 0):
        items = [encode_sentence(vocab, s.words, s.tags) for s in sentences]
        g = torch.Generator().manual_seed(seed)
        items = [items[i] for i in torch.randperm(len(items), generator=g).tolist()]
        window = batch_size * 20
        self.batches = []
        for w in range(0, len(items), window):
            chunk = sorted(items[w : w + window], key=lambda it: len(it["words"]))
            self.batches += [chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size)]

    def __len__(self) -> int:
        return len(self.batches)

    def __getitem__(self, i: int) -> list[dict]:
        return self.batches[i]


def _collate_bucket(batch: list[list[dict]]) -> dict:
    return collate(batch[0])


def _fresh_tagger(s: TrainSettings, vocab: Vocab, train: list[Sentence]) -> LSTMTagger:
    """A seeded, untrained tagger for ``s.arch`` sized by ``vocab``; words seen once in ``train`` marked rare."""
    cfg = TaggerConfig.for_arch(
        s.arch,
        n_words=len(vocab.words),
        n_chars=len(vocab.chars),
        hidden=s.hidden,
        word_dim=s.word_dim,
        char_channels=s.char_channels,
        char_kernel=s.char_kernel,
        dropout=s.dropout,
        word_dropout=s.word_dropout,
        rare_dropout=s.rare_dropout,
    )
    with seeded(s.seed):
        model = LSTMTagger(cfg)
    counts = Counter(vocab.word_index[word_key(w)] for x in train for w in x.words)
    model.rare[[i for i, n in counts.items() if n == 1]] = True
    return model


def make_trainer(
    train: list[Sentence],
    val: list[Sentence] | None,
    settings: TrainSettings | None = None,
    *,
    heartbeat_timeout: float | None = None,
    max_batches_per_epoch: int | None = None,
    name: str = "tagger",
) -> tuple[Trainer, Vocab]:
    """An unstarted Trainer for a fresh tagger on ``train`` (vocabularies from ``train`` only) and its Vocab."""
    s = settings or TrainSettings()
    if len(train) < 2:
        raise InputError(f"need at least 2 training sentences, got {len(train)}")
    vocab = Vocab.build(train)
    model = _fresh_tagger(s, vocab, train)
    train_loader = make_loader(
        LengthBuckets(vocab, _pieces(train), s.batch_size, s.seed),
        1,
        shuffle=True,
        seed=s.seed,
        collate_fn=_collate_bucket,
    )
    val_loader = None
    if val:
        val_loader = make_loader(
            LengthBuckets(vocab, _pieces(val), 64), 1, shuffle=False, collate_fn=_collate_bucket
        )
    tcfg = TrainerConfig(
        epochs=s.epochs,
        lr=s.lr,
        optimizer="adam",
        schedule=s.schedule,
        step_size=s.step_size,
        gamma=s.gamma,
        grad_clip=5.0,
        heartbeat_timeout=heartbeat_timeout,
        max_batches_per_epoch=max_batches_per_epoch,
        seed=s.seed,
    )
    return Trainer(model, train_loader, val_loader, tcfg, step_fn=masked_step, name=name), vocab


def checkpoint(model: LSTMTagger, vocab: Vocab, settings: TrainSettings, **meta) -> dict:
    """A plain dict that loads with torch.load(weights_only=True): weights, config, vocabularies, metadata."""
    return {
        "format": CHECKPOINT_FORMAT,
        "kind": "lstm",
        "arch": settings.arch,
        "config": asdict(model.cfg),
        "state_dict": {k: v.detach().clone() for k, v in model.state_dict().items()},
        "vocab": vocab.to_dict(),
        "settings": asdict(settings),
        "meta": dict(meta),
    }
