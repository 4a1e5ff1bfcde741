"""Time-series forecasting: five small networks (MLP, causal 1-D CNN, RNN, LSTM, GRU) compared on the same
windows of a real, synthetic or uploaded series. Modules: ``series`` (data), ``windows`` (split, scaling,
windows), ``nets`` (the models), ``metrics`` (RMSE, MAE, MASE), ``train`` (trainer glue, forecasting),
``cli`` (``python -m models forecast``), ``table`` (the MASE table of the bundled series).

Importing this package registers the five forecasters (weights "none": they are trained on demand).
"""

from __future__ import annotations

from ..registry import ModelSpec, register

_KINDS = {
    "mlp": "MLP on the flattened window",
    "cnn": "causal dilated 1-D CNN",
    "rnn": "vanilla RNN (tanh)",
    "lstm": "LSTM",
    "gru": "GRU",
}


def _builder(kind: str):
    def build(window: int = 24, horizon: int = 1, mode: str = "many-to-one", budget: int = 2000, **kw):
        from .nets import build_matched, build_model

        if "hidden" in kw:
            return build_model(kind, window, horizon, mode, hidden=kw["hidden"])
        return build_matched(kind, budget, window, horizon, mode)

    return build


for _kind, _desc in _KINDS.items():
    register(
        ModelSpec(
            name=f"forecast-{_kind}",
            task="forecasting",
            builder=_builder(_kind),
            weights="none",
            description=f"{_desc} forecaster, trained on demand on the forecasting page",
            is_available=lambda: True,
        )
    )
