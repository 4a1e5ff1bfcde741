"""Training the translators with the project's one trainer (``models.training.Trainer``).

The step function runs the encoder-decoder with a configurable teacher-forcing ratio; its loss is the mean
cross-entropy over the real (unpadded) target tokens, ``<eos>`` included; the trainer's accuracy is the token
accuracy over those same positions. Exact match (the whole phrase right, by greedy decoding) is measured
separately by :func:`exact_match` on the held-out test numbers, per source-length bucket.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F

from ..training import BatchResult, Trainer, TrainerConfig, make_loader, seeded
from . import corpus
from .decode import greedy_batch
from .model import EOS_ID, PAD_ID, SOS_ID, UNK_ID, Seq2Seq, Seq2SeqConfig

LENGTH_BUCKETS = ((1, 3), (4, 6), (7, 9), (10, 12), (13, 99))  # source-token-count buckets for the figures


@dataclass
class TranslatorTrainConfig:
    direction: str = "en-ko"  # en-ko or ko-en
    attention: bool = True  # False: the no-attention baseline
    emb: int = 64  # embedding size
    hidden: int = 160  # decoder GRU size (encoder: hidden // 2 per direction)
    epochs: int = 6  # passes over the training numbers
    batch_size: int = 256  # examples per batch
    lr: float = 3e-3  # Adam learning rate
    lr_drop_every: int = 0  # multiply the learning rate by lr_gamma every this many epochs (0: constant)
    lr_gamma: float = 0.3  # factor of each drop
    teacher_forcing: float = 1.0  # probability of feeding the gold previous token (1 = always, fast path)
    train_limit: int | None = None  # use only this many training numbers (None: the whole training split)
    grad_clip: float = 1.0  # global gradient-norm clip
    seed: int = 0  # model init and data order

    def __post_init__(self):
        corpus.direction_langs(self.direction)
        if not 0.0 <= self.teacher_forcing <= 1.0:
            raise ValueError("teacher_forcing must be between 0 and 1")


def encode_tokens(tokens: list[str], lang: str) -> list[int]:
    """Token ids in ``lang``'s vocabulary; unknown tokens -> <unk>."""
    index = {t: i for i, t in enumerate(corpus.vocab(lang))}
    return [index.get(t, UNK_ID) for t in tokens]


def make_pairs(numbers, direction: str) -> list[tuple[list[int], list[int]]]:
    src, tgt = corpus.direction_langs(direction)
    out = []
    for n in numbers:
        s, t = corpus.pair(n, direction)
        out.append((encode_tokens(s, src), encode_tokens(t, tgt)))
    return out


def collate(batch):
    """-> src (B, S), src_len (B,), tgt_in (B, T) = <sos> y, tgt_out (B, T) = y <eos>; padded with <pad>."""
    S = max(len(s) for s, _ in batch)
    T = max(len(t) for _, t in batch) + 1
    src = torch.full((len(batch), S), PAD_ID, dtype=torch.long)
    tgt_in = torch.full((len(batch), T), PAD_ID, dtype=torch.long)
    tgt_out = torch.full((len(batch), T), PAD_ID, dtype=torch.long)
    for i, (s, t) in enumerate(batch):
        src[i, : len(s)] = torch.tensor(s)
        tgt_in[i, : len(t) + 1] = torch.tensor([SOS_ID] + t)
        tgt_out[i, : len(t) + 1] = torch.tensor(t + [EOS_ID])
    return src, torch.tensor([len(s) for s, _ in batch]), tgt_in, tgt_out


def make_step_fn(teacher_forcing: float = 1.0, seed: int = 0):
    """A step function for the Trainer: teacher forcing at ``teacher_forcing`` while training; evaluation
    (model.eval()) always uses full teacher forcing so validation loss/accuracy are comparable between runs."""
    gen = torch.Generator().manual_seed(seed)

    def step(model: Seq2Seq, batch) -> BatchResult:
        src, src_len, tgt_in, tgt_out = batch
        ratio = teacher_forcing if model.training else 1.0
        logits = model(src, src_len, tgt_in, teacher_forcing=ratio, generator=gen)  # (B, T, V)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt_out.reshape(-1), ignore_index=PAD_ID)
        real = tgt_out != PAD_ID
        correct = int(((logits.argmax(-1) == tgt_out) & real).sum())
        return BatchResult(loss=loss, correct=correct, count=int(real.sum()), samples=int(src.shape[0]))

    return step


def bucket_of(n_tokens: int) -> str:
    for lo, hi in LENGTH_BUCKETS:
        if lo <= n_tokens <= hi:
            return f"{lo}-{hi}" if hi < 99 else f"{lo}+"
    return "other"


@torch.inference_mode()
def exact_match(model: Seq2Seq, numbers, direction: str, batch_size: int = 500) -> dict:
    """Greedy exact match (detokenised output == num2words' text) over ``numbers``, overall and per bucket of
    source length (in tokens). Returns {"exact_match", "n", "buckets": {bucket: {"exact_match", "n"}}, "errors"}."""
    was = model.training
    model.eval()
    _src_lang, tgt_lang = corpus.direction_langs(direction)
    tvocab = corpus.vocab(tgt_lang)
    numbers = list(numbers)
    pairs = make_pairs(numbers, direction)
    hits, per = 0, {}
    errors = []
    try:
        for i in range(0, len(pairs), batch_size):
            chunk = pairs[i : i + batch_size]
            src, src_len, _, _ = collate(chunk)
            outs = greedy_batch(model, src, src_len, max_len=40)
            for n, (s, _), ids in zip(numbers[i : i + batch_size], chunk, outs):
                text = corpus.detokenize([tvocab[j] for j in ids], tgt_lang)
                ok = text == corpus.to_words(n, tgt_lang)
                hits += ok
                b = per.setdefault(bucket_of(len(s)), [0, 0])
                b[0] += ok
                b[1] += 1
                if not ok and len(errors) < 20:
                    errors.append({"number": n, "output": text})
    finally:
        model.train(was)
    order = [bucket_of(lo) for lo, _ in LENGTH_BUCKETS]
    return {
        "exact_match": hits / max(len(numbers), 1),
        "n": len(numbers),
        "buckets": {k: {"exact_match": per[k][0] / per[k][1], "n": per[k][1]} for k in order if k in per},
        "errors": errors,
    }


def build_model(cfg: TranslatorTrainConfig) -> Seq2Seq:
    src, tgt = corpus.direction_langs(cfg.direction)
    with seeded(cfg.seed):
        return Seq2Seq(
            Seq2SeqConfig(len(corpus.vocab(src)), len(corpus.vocab(tgt)), cfg.emb, cfg.hidden, cfg.attention)
        )


def make_trainer(
    cfg: TranslatorTrainConfig,
    *,
    heartbeat_timeout: float | None = None,
    val_limit: int | None = None,
    max_batches_per_epoch: int | None = None,
    name: str = "translator",
    slots=None,
) -> Trainer:
    """A ready (not started) Trainer over the training split, validating on the validation split."""
    sp = corpus.splits()
    train_numbers = corpus.training_numbers()
    if cfg.train_limit:  # a small run still sees every length: take a seeded sample, not the first numbers
        g = torch.Generator().manual_seed(cfg.seed)
        idx = torch.randperm(len(sp["train"]), generator=g)[: cfg.train_limit].tolist()
        train_numbers = [sp["train"][i] for i in idx]
    val_numbers = sp["val"][:val_limit] if val_limit else sp["val"]
    train = make_loader(
        make_pairs(train_numbers, cfg.direction), cfg.batch_size, seed=cfg.seed, collate_fn=collate
    )
    val = make_loader(make_pairs(val_numbers, cfg.direction), 500, shuffle=False, collate_fn=collate)
    schedule = (
        {"schedule": "step", "step_size": cfg.lr_drop_every, "gamma": cfg.lr_gamma}
        if cfg.lr_drop_every
        else {}
    )
    tcfg = TrainerConfig(
        epochs=cfg.epochs,
        lr=cfg.lr,
        optimizer="adam",
        grad_clip=cfg.grad_clip,
        seed=cfg.seed,
        **schedule,
        heartbeat_timeout=heartbeat_timeout,
        max_batches_per_epoch=max_batches_per_epoch,
    )
    return Trainer(
        build_model(cfg),
        train,
        val,
        tcfg,
        step_fn=make_step_fn(cfg.teacher_forcing, cfg.seed),
        name=name,
        **({"slots": slots} if slots is not None else {}),
    )


def checkpoint_dict(model: Seq2Seq, cfg: TranslatorTrainConfig, direction: str) -> dict:
    src, tgt = corpus.direction_langs(direction)
    return {
        "state_dict": {k: v.detach().clone() for k, v in model.state_dict().items()},
        "model_config": asdict(model.cfg),
        "train_config": asdict(cfg),
        "direction": direction,
        "src_vocab": list(corpus.vocab(src)),
        "tgt_vocab": list(corpus.vocab(tgt)),
        "split": asdict(corpus.SplitConfig()),
    }


def weights_name(direction: str, attention: bool) -> str:
    """translate_en_ko, translate_ko_en_noattn, ..."""
    corpus.direction_langs(direction)
    return f"translate_{direction.replace('-', '_')}" + ("" if attention else "_noattn")


def train_and_save(cfg: TranslatorTrainConfig, *, store=None, command: str = "", log=print) -> dict:
    """Train with the Trainer; after every epoch measure exact match on the whole test split and save the
    checkpoint + manifest entry (so an interrupted run still leaves its latest, honestly measured, model)."""
    from ..store import default_store

    store = store or default_store
    name = weights_name(cfg.direction, cfg.attention)
    trainer = make_trainer(cfg, name=name)
    test = corpus.splits()["test"]
    result: dict = {}

    def on_epoch_end(t, r):
        em = exact_match(t.model, test, cfg.direction)
        log(
            f"{name} epoch {r['epoch']}: train_loss {r['train_loss']:.4f} train_acc {r['train_acc']:.4f} "
            f"val_acc {r.get('val_acc', float('nan')):.4f} test_exact {em['exact_match']:.4f} ({r['elapsed']:.0f}s)"
        )
        metrics = {
            "test_exact_match": round(em["exact_match"], 4),
            "test_numbers": em["n"],
            "test_buckets": {
                k: {"exact_match": round(v["exact_match"], 4), "n": v["n"]} for k, v in em["buckets"].items()
            },
            "val_token_accuracy": round(r.get("val_acc", float("nan")), 4),
            "epochs_done": r["epoch"],
            "train_seconds": round(r["elapsed"], 1),
            "train_numbers": cfg.train_limit or len(corpus.splits()["train"]),
            "train_examples_per_epoch": cfg.train_limit or len(corpus.training_numbers()),
        }
        store.save(
            name,
            checkpoint_dict(t.model, cfg, cfg.direction),
            command=command,
            metrics=metrics,
            notes="exact match = greedy output, detokenised, equals num2words' text; test split = "
            "models.seq2seq.corpus.splits()['test'] (numbers never seen in training or validation)",
        )
        result.clear()
        result.update(metrics)

    trainer.add_callback("on_epoch_end", on_epoch_end)
    trainer.run()
    return result
