"""EN/KO texts of the "Inside the RNN" page (app_pages/rnn_inside.py, ui/rnn_inside.py)."""

TEXT = {
    "en": {
        "title": "Inside the RNN",
        "step_title": "1 · The vanilla RNN step, with numbers",
        "step_intro": "At every step the previous hidden state and the new input are each multiplied by a weight "
        "matrix, added (with a bias) and squashed by tanh: **h_t = tanh(W_x·x_t + W_h·h_{t−1} + b)**. "
        "Below, a tiny `torch.nn.RNN` with random weights reads the characters one-hot; every number "
        "is computed by hand and checked against what the module itself returns.",
        "text": "Input characters (from h, e, l, o)",
        "hidden": "Hidden size",
        "seed": "Seed",
        "weights": "Weights of the module",
        "torch_h": "torch.nn.RNN's h_t",
        "max_diff": "Largest difference between the hand computation and torch.nn.RNN: {d:.1e}",
        "bad_text": "Use only the characters h, e, l, o (at least one, at most 12).",
        "grad_title": "2 · Vanishing gradients, measured",
        "grad_intro": "Task: the FIRST of T symbols decides the class (one of {k}), then T−1 random distractors "
        "follow, and the network answers after the last one. The loss sits at step T, so to learn, "
        "the gradient must travel T−1 steps back. The plot shows ‖∂L/∂h_t‖ for every t, computed by "
        "autograd on the very model being trained (dotted: at initialisation; solid: after "
        "training). A straight falling line on a log axis is exponential decay.",
        "length": "Sequence length T",
        "cells": "Cells",
        "epochs": "Epochs",
        "clip": "Gradient clipping (max norm 1)",
        "init": "Recurrent weight init",
        "start": "Train side by side",
        "init_help": "default: PyTorch's. orthogonal / identity: the recurrent matrix W_h (all gates). chrono "
        "(LSTM/GRU only; the vanilla RNN keeps its default): gate biases set so that each unit "
        "remembers for about 1…T steps at the start (Tallec & Ollivier, 2018).",
        "at_init": "init",
        "trained": "trained",
        "slope": "Decay per step at init (slope of ln‖∂L/∂h_t‖ vs. distance): {rows}",
        "norms_title": "‖∂L/∂h_t‖ at initialisation and after training (T = {T})",
        "time_step": "time step t (the loss is at t = T)",
        "sweep_title": "3 · Final accuracy vs. T, from real training runs",
        "sweep_intro": "Full training runs with the project's trainer (same data, data size, epochs, learning rate "
        "and clipping for every cell). Made by `{cmd}` ({s} s on the course machine). lstm / gru: "
        'chrono gate-bias init; "(default init)": PyTorch\'s own init, same budget.',
        "sweep_missing": "The precomputed sweep is missing; make it with `python -m models.rnn.memory_task`.",
        "chance": "chance",
        "val_accuracy": "validation accuracy",
        "sweep_table": "Validation accuracy per cell and T",
        "live_sweep": "Re-run a small sweep here",
        "live_sweep_help": "T ∈ {{{Ts}}} × the cells chosen above, {e} epochs each; the runs queue for the server's "
        "training slots.",
        "start_sweep": "Run the small sweep",
        "lab_title": "4 · Lab #27: a vanilla RNN that fails to learn, and the fixes one at a time",
        "lab_intro": "T = {T}. The lecture's lab #27 trains a vanilla RNN that does not learn. Starting from it, "
        "each row changes one thing. Gradient clipping only stops gradients from EXPLODING; it cannot "
        "bring back a gradient that has vanished. An orthogonal recurrent matrix keeps the norm of the "
        "backward signal at the start, which helps some seeds but not all. The LSTM's additive cell "
        "state can carry the signal, but only if its forget gate starts open: compare PyTorch's default "
        "biases with chrono-initialised ones. The table is what the runs measured ({n} seeds each), "
        'including the fixes that did not help; "learned" counts the runs that reached 90 %.',
        "lab_table": "Precomputed results (validation accuracy)",
        "step": "step",
        "start_lab": "Run the preset here",
        "run": "run",
        "no_norms_yet": "The after-training curve appears when a run has finished.",
        "char_col": "char",
        "run_seed": "Seed",
        "run_seed_help": "Model seed (initial weights and data order). The table below has seeds {seeds}.",
        "same_as_table": "{label}: same task and settings as the table's run with seed {seed} (section 3), which "
        "measured {table:.3f}; this run: {mine:.3f}.",
        "differs_from_table": "{label}: not the table's run; it differs in {diffs}.",
        "diff_init": "init {mine} (table: {table})",
        "diff_epochs": "epochs {mine} (table: {table})",
        "diff_lr": "learning rate {mine} (table: {table})",
        "diff_grad_clip": "clipping {mine} (table: {table})",
        "diff_hidden": "hidden size {mine} (table: {table})",
        "diff_seed": "seed {mine} (table: {table})",
        "diff_T": "T {mine} (table: {table})",
        "clip_off": "off",
        "sweep_seeds": "Every cell was trained {n} times, with model seeds {seeds} (same data); the line is their "
        "mean, the dots the single runs, and the table lists the runs seed by seed. The vanilla "
        "RNN's result on long sequences depends on the seed: Adam rescales every weight's step by "
        "the size of its own recent gradients, so even a gradient that has all but vanished can move "
        "the weights, and some seeds find the signal while others stay near chance or learn half of "
        "the classes. A live run with the settings above repeats one of these runs exactly "
        "(see the line under it).",
        "seed_runs": "seed by seed",
        "mean": "mean",
        "col_rnn": "rnn",
        "col_lstm": "lstm",
        "col_gru": "gru",
        "col_lstm_default": "lstm (default init)",
        "col_gru_default": "gru (default init)",
        "lab27_0": "vanilla RNN (lab #27)",
        "lab27_1": "+ gradient clipping",
        "lab27_2": "+ orthogonal init",
        "lab27_3": "+ identity init",
        "lab27_4": "LSTM (default init)",
        "lab27_5": "LSTM (chrono init)",
        "lab_live": "The six runs of the preset, each with its own progress, pause and stop (they wait for the "
        "server's training slots in turn).",
        "lab_overlay": "Validation accuracy of the six runs",
        "learned": "learned",
        "orth_dip": 'An accuracy below chance ({c:.0%}) is real, not a plotting error. "+ orthogonal init" '
        "(seed {seed}) is at {a:.0%} after epoch 1: the network already tells the first symbols apart "
        "(renaming its answers one-to-one would make {r:.0%} of them right), but its output layer still "
        "sends them to the wrong classes. One epoch later it is at {b:.0%}.",
    },
    "ko": {
        "title": "RNN 들여다보기",
        "step_title": "1 · 바닐라 RNN 한 스텝, 숫자로",
        "step_intro": "매 스텝 이전 은닉 상태와 새 입력에 각각 가중치 행렬을 곱하고 (편향과 함께) 더한 뒤 tanh로 "
        "눌러 줍니다: **h_t = tanh(W_x·x_t + W_h·h_{t−1} + b)**. 아래에서는 무작위 가중치의 작은 "
        "`torch.nn.RNN`이 글자를 원-핫으로 읽습니다. 모든 숫자를 손으로 계산하고 모듈이 직접 내놓는 "
        "값과 맞춰 봅니다.",
        "text": "입력 글자 (h, e, l, o 중에서)",
        "hidden": "은닉 크기",
        "seed": "시드",
        "weights": "모듈의 가중치",
        "torch_h": "torch.nn.RNN의 h_t",
        "max_diff": "손 계산과 torch.nn.RNN의 최대 차이: {d:.1e}",
        "bad_text": "h, e, l, o 글자만 쓰세요 (1개 이상 12개 이하).",
        "grad_title": "2 · 기울기 소실, 직접 재기",
        "grad_intro": "과제: T개 기호 중 첫 번째가 클래스({k}개 중 하나)를 정하고, 그 뒤로 무작위 방해 기호 T−1개가 "
        "이어지며, 신경망은 마지막 기호 뒤에 답합니다. loss는 스텝 T에 있으므로, 배우려면 기울기가 "
        "T−1 스텝을 거슬러 가야 합니다. 그래프는 모든 t에 대한 ‖∂L/∂h_t‖를 학습 중인 바로 그 모델에서 "
        "autograd로 계산한 것입니다 (점선: 초기화 직후, 실선: 학습 후). 로그 축에서 곧게 내려가는 "
        "선은 지수적 감소입니다.",
        "length": "시퀀스 길이 T",
        "cells": "셀",
        "epochs": "에폭",
        "clip": "기울기 클리핑 (최대 노름 1)",
        "init": "순환 가중치 초기화",
        "start": "나란히 학습",
        "init_help": "default: PyTorch 기본값. orthogonal / identity: 순환 행렬 W_h (모든 게이트). chrono "
        "(LSTM/GRU 전용; 바닐라 RNN은 기본값 유지): 처음부터 각 유닛이 약 1…T 스텝 동안 기억하도록 "
        "게이트 편향을 맞춥니다 (Tallec & Ollivier, 2018).",
        "at_init": "초기화",
        "trained": "학습 후",
        "slope": "초기화 직후 스텝당 감소 (거리에 대한 ln‖∂L/∂h_t‖의 기울기): {rows}",
        "norms_title": "초기화 직후와 학습 후의 ‖∂L/∂h_t‖ (T = {T})",
        "time_step": "시간 스텝 t (loss는 t = T에 있음)",
        "sweep_title": "3 · T에 따른 최종 정확도, 실제 학습 결과",
        "sweep_intro": "프로젝트의 트레이너로 끝까지 학습한 결과입니다 (모든 셀에 같은 데이터, 데이터 크기, 에폭, "
        "학습률, 클리핑). `{cmd}` 로 만들었습니다 (수업용 컴퓨터에서 {s}초). lstm / gru: chrono 게이트 "
        '편향 초기화; "(기본 초기화)": PyTorch 기본 초기화, 같은 학습량.',
        "sweep_missing": "미리 계산한 스윕이 없습니다. `python -m models.rnn.memory_task` 로 만드세요.",
        "chance": "무작위",
        "val_accuracy": "검증 정확도",
        "sweep_table": "셀과 T별 검증 정확도",
        "live_sweep": "작은 스윕을 여기서 다시 실행",
        "live_sweep_help": "T ∈ {{{Ts}}} × 위에서 고른 셀, 각 {e} 에폭. 실행은 서버의 학습 자리를 기다립니다.",
        "start_sweep": "작은 스윕 실행",
        "lab_title": "4 · 실습 #27: 학습에 실패하는 바닐라 RNN과 한 번에 하나씩의 해결책",
        "lab_intro": "T = {T}. 강의의 실습 #27은 학습하지 못하는 바닐라 RNN을 학습합니다. 거기서 시작해 행마다 한 가지를 "
        "바꿉니다. 기울기 클리핑은 기울기 폭발만 막을 뿐, 이미 사라진 기울기를 되살리지는 못합니다. 직교 "
        "순환 행렬은 처음에 역방향 신호의 크기를 지켜 주어 일부 시드에는 도움이 되지만 모두에게는 아닙니다. "
        "LSTM의 덧셈으로 이어지는 셀 상태는 신호를 나를 수 있지만, forget 게이트가 처음부터 열려 있어야 "
        "합니다: PyTorch 기본 편향과 chrono 초기화 편향을 비교해 보세요. 표는 도움이 안 된 해결책까지 "
        '포함해 실제 실행이 잰 값입니다 (각각 시드 {n}개). "배움"은 90 %에 이른 실행의 수입니다.',
        "lab_table": "미리 계산한 결과 (검증 정확도)",
        "step": "단계",
        "start_lab": "프리셋을 여기서 실행",
        "run": "실행",
        "no_norms_yet": "실행이 끝나면 학습 후 곡선이 나타납니다.",
        "char_col": "글자",
        "run_seed": "시드",
        "run_seed_help": "모델 시드 (초기 가중치와 데이터 순서). 아래 표에는 시드 {seeds}가 있습니다.",
        "same_as_table": "{label}: 표(3절)의 시드 {seed} 실행과 과제와 설정이 같습니다. 표의 값은 {table:.3f}, 이 "
        "실행은 {mine:.3f}입니다.",
        "differs_from_table": "{label}: 표의 실행과 다릅니다. 다른 점: {diffs}.",
        "diff_init": "초기화 {mine} (표: {table})",
        "diff_epochs": "에폭 {mine} (표: {table})",
        "diff_lr": "학습률 {mine} (표: {table})",
        "diff_grad_clip": "클리핑 {mine} (표: {table})",
        "diff_hidden": "은닉 크기 {mine} (표: {table})",
        "diff_seed": "시드 {mine} (표: {table})",
        "diff_T": "T {mine} (표: {table})",
        "clip_off": "끔",
        "sweep_seeds": "각 셀을 모델 시드 {seeds}로 {n}번 학습했습니다 (데이터는 같음). 선은 평균, 점은 각 실행이고, "
        "표는 시드별 결과를 보여 줍니다. 긴 시퀀스에서 바닐라 RNN의 결과는 시드에 따라 다릅니다: "
        "Adam은 각 가중치의 한 걸음을 그 가중치의 최근 기울기 크기로 나누어 맞추므로, 거의 사라진 "
        "기울기로도 가중치가 움직일 수 있습니다. 그래서 어떤 시드는 신호를 찾고, 어떤 시드는 무작위 "
        "수준에 머물거나 클래스의 절반만 배웁니다. 위 설정 그대로의 실시간 실행은 이 실행 중 하나를 "
        "정확히 되풀이합니다 (실행 아래 줄 참고).",
        "seed_runs": "시드별",
        "mean": "평균",
        "col_rnn": "rnn",
        "col_lstm": "lstm",
        "col_gru": "gru",
        "col_lstm_default": "lstm (기본 초기화)",
        "col_gru_default": "gru (기본 초기화)",
        "lab27_0": "바닐라 RNN (실습 #27)",
        "lab27_1": "+ 기울기 클리핑",
        "lab27_2": "+ 직교 초기화",
        "lab27_3": "+ 항등 초기화",
        "lab27_4": "LSTM (기본 초기화)",
        "lab27_5": "LSTM (chrono 초기화)",
        "lab_live": "프리셋의 여섯 실행. 각각 진행 막대, 일시정지, 정지가 있습니다 (서버의 학습 자리를 차례로 "
        "기다립니다).",
        "lab_overlay": "여섯 실행의 검증 정확도",
        "learned": "배움",
        "orth_dip": '무작위({c:.0%})보다 낮은 정확도는 그리기 오류가 아니라 실제 값입니다. "+ 직교 초기화" '
        "(시드 {seed})는 1 에폭 뒤에 {a:.0%}입니다. 신경망은 이미 첫 기호들을 구별하지만 (답의 이름을 "
        "일대일로 바꿔 붙이면 {r:.0%}가 맞습니다), 출력층이 아직 그것들을 틀린 클래스로 보냅니다. 한 에폭 "
        "뒤에는 {b:.0%}입니다.",
    },
}
