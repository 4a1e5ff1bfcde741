"""EN/KO texts of the "Names → nationality" page (app_pages/names.py, ui/names.py)."""

TEXT = {
    "en": {
        "title": "Names → nationality (many-to-one)",
        "intro": "A character-level recurrent network reads a name one letter at a time and gives ONE answer after "
        "the last letter: which of {n} Faker locales lists it. All locales use the Latin alphabet, so the "
        "letters alone do not give the answer away.",
        "bundle_missing": "The bundled names model is not available ({error}). Train it with "
        "`python -m models train names`.",
        "type_name": "Type a name",
        "unknown_chars": "These characters never occur in the training names and are read as <unk>: {chars}",
        "probs": "Probability of each nationality",
        "nationality": "Nationality",
        "prefix_title": "The prediction after each prefix",
        "prefix_help": "The same network, stopped after 1, 2, 3, … characters: watch the answer change as the "
        "name grows. Click a legend entry to show the other nationalities.",
        "hidden_title": "Hidden state after each character (units × characters)",
        "hidden_help": "The first of the {k} averaged networks; its {h} units, one row each.",
        "single_acc": "one {cell} alone (first seed)",
        "model_note": "The bundle is {k} {cell}s trained alike from {k} seeds; the answer is their mean "
        "probability. Each reads the name left to right and hands its classifier the last state and "
        "the running maximum of all its states, so the answer after a prefix uses that prefix only.",
        "probability": "probability",
        "prefix": "prefix",
        "character": "character",
        "unit": "hidden unit",
        "scores": "Held-out accuracy on the test split ({n} names never seen in training)",
        "rnn_acc": "bundled {cell} × {k} (character RNN)",
        "baseline_acc": "n-gram baseline (TF-IDF 1–3 + logistic regression)",
        "chance_acc": "chance",
        "rnn_ahead": "The RNN is ahead of the n-gram baseline by {d:.1f} points.",
        "noise": "On {n} test names one standard error of an accuracy is about {se:.1f} points: a lead smaller "
        "than about twice that is within sampling noise.",
        "baseline_ahead": "Honest result: on this small data set (about {n} training names per class) the n-gram "
        "baseline is ahead of the RNN by {d:.1f} points. Bag-of-trigram features are hard to beat "
        "with few examples; the RNN's strength shows in the prefix plot and the hidden states "
        "below, which a bag of n-grams cannot give.",
        "scores_note": "Both models were fitted on the same training names; the test names are in no other split. "
        "A name listed by two locales was dropped from both.",
        "confusion": "Confusion matrix on the test split",
        "predicted_class": "predicted",
        "true_class": "true",
        "count": "names",
        "pad_title": "Padding, masking and packing",
        "pad_intro": "Names have different lengths, but a batch is one rectangular tensor: shorter names are padded "
        "on the right with id 0. The mask says which cells are real; the lengths say where each name "
        "ends.",
        "batch_names": "Names in the batch (comma-separated)",
        "ids_matrix": "Padded id matrix (character and its id in each cell; · = padding)",
        "mask_matrix": "Mask (1 = real character, 0 = padding)",
        "lengths": "Lengths",
        "position": "position",
        "loss_title": "The loss counts real outputs only",
        "loss_text": "If the network's prefix predictions were all trained (one output per character), the loss over "
        "this batch would be **{real:.3f}** averaged over the real positions only (mask = 1), but "
        "**{all:.3f}** if the padded positions were averaged in too. Padding is not data: the masked "
        "mean is the right one. (For the many-to-one classifier there is one real output per name, "
        "the one after its last real character, and the loss averages those.)",
        "packed_title": "Packed vs. naive padded training (real runs, same seed and schedule)",
        "packed_text": "**packed**: `pack_padded_sequence` makes the recurrent layer stop at each name's own "
        "length, so the classifier reads the state right after the last real letter. **naive**: the "
        "layer also reads the padding, and the classifier takes the output at the last padded "
        "position; a short name in a batch with a long one is read through many pad steps, which "
        "wash out (vanilla RNN) or blur what it saw, and the answer for the same name depends on "
        "which batch it is in.",
        "packed_note": "These runs use the bundle's recipe, whose classifier also reads the maximum of the states "
        "over time. In naive mode that maximum also runs over the states after the padding, but it "
        "still holds the states of the name itself, so naive training loses less than with the last "
        "state alone. One seed per cell: differences of about two points are within sampling noise. "
        "The small pair below reads the last state only, as the lecture describes.",
        "cell": "cell",
        "packed": "packed (test)",
        "naive": "naive padded (test)",
        "no_runs": "No training runs recorded in the manifest yet.",
        "train_yourself": "Train a small pair yourself",
        "train_help": "A GRU with 64 units for a few epochs, once packed and once naive, side by side on this "
        "server (the numbers are lower than the bundle's: it trains for less time).",
        "epochs": "Epochs",
        "start_pair": "Train packed and naive",
        "run_packed": "packed",
        "run_naive": "naive",
        "credits": "Data: first names and surnames from Faker's person providers (MIT licence), {n} locales.",
        "classes_known": "The model knows only these {n} nationalities (a name from anywhere else still gets "
        "one of them): {names}.",
        "not_sure": "Not sure: no nationality reaches {t:.0%} (best guess {label}, {p:.0%}).",
        "threshold_note": "It answers only when its top probability is at least {t:.0%}, a threshold chosen on the "
        "validation split (the lowest of 10%, 15%, … at which the answered names are right at "
        "least {target:.0%} of the time). On validation it answers {va:.0%} of the names and is "
        "right on {vacc:.0%} of those; on the test split {ta:.0%} and {tacc:.0%} (answering every "
        "name: {tall:.0%}).",
        "name_col": "name",
        "nat_de_DE": "German",
        "nat_en_US": "English (US)",
        "nat_es_ES": "Spanish",
        "nat_fi_FI": "Finnish",
        "nat_ga_IE": "Irish",
        "nat_hr_HR": "Croatian",
        "nat_id_ID": "Indonesian",
        "nat_it_IT": "Italian",
        "nat_nl_NL": "Dutch",
        "nat_sk_SK": "Slovak",
        "nat_sv_SE": "Swedish",
        "nat_tr_TR": "Turkish",
    },
    "ko": {
        "title": "이름 → 국적 (many-to-one)",
        "intro": "문자 단위 순환 신경망이 이름을 한 글자씩 읽고 마지막 글자 뒤에 답을 하나만 냅니다: {n}개의 Faker "
        "로케일 중 어느 곳의 이름인가. 모든 로케일이 라틴 문자를 쓰므로 글자만으로는 답이 드러나지 않습니다.",
        "bundle_missing": "번들된 이름 모델을 쓸 수 없습니다 ({error}). `python -m models train names` 로 "
        "학습하세요.",
        "type_name": "이름을 입력하세요",
        "unknown_chars": "학습 이름에 한 번도 나오지 않은 문자라 <unk>로 읽습니다: {chars}",
        "probs": "국적별 확률",
        "nationality": "국적",
        "prefix_title": "접두어마다의 예측",
        "prefix_help": "같은 신경망을 1, 2, 3, … 글자 뒤에 멈춘 결과입니다. 이름이 길어지며 답이 바뀌는 것을 보세요. "
        "범례를 누르면 다른 국적도 보입니다.",
        "hidden_title": "글자마다의 은닉 상태 (유닛 × 글자)",
        "hidden_help": "평균하는 신경망 {k}개 중 첫 번째입니다. 유닛 {h}개가 한 줄씩입니다.",
        "single_acc": "{cell} 하나만 (첫 시드)",
        "model_note": "번들은 시드 {k}개로 똑같이 학습한 {cell} {k}개이고, 답은 그 확률의 평균입니다. 각 신경망은 이름을 "
        "왼쪽에서 오른쪽으로 읽고, 분류기에 마지막 상태와 지금까지 모든 상태의 최댓값을 넘깁니다. 그래서 "
        "접두어 뒤의 답은 그 접두어만 봅니다.",
        "probability": "확률",
        "prefix": "접두어",
        "character": "글자",
        "unit": "은닉 유닛",
        "scores": "테스트 분할에서의 정확도 (학습에 없던 이름 {n}개)",
        "rnn_acc": "번들 {cell} × {k} (문자 RNN)",
        "baseline_acc": "n-gram 기준선 (TF-IDF 1–3 + 로지스틱 회귀)",
        "chance_acc": "무작위",
        "rnn_ahead": "RNN이 n-gram 기준선보다 {d:.1f} 포인트 앞섭니다.",
        "noise": "테스트 이름 {n}개에서 정확도의 표준오차는 약 {se:.1f} 포인트입니다. 그 두 배보다 작은 차이는 표본 "
        "잡음 안에 있습니다.",
        "baseline_ahead": "솔직한 결과: 이 작은 데이터셋(클래스당 학습 이름 약 {n}개)에서는 n-gram 기준선이 RNN보다 "
        "{d:.1f} 포인트 앞섭니다. 예시가 적으면 trigram 묶음 특징을 이기기 어렵습니다. RNN의 강점은 "
        "n-gram 묶음으로는 얻을 수 없는 접두어 그래프와 은닉 상태에서 드러납니다.",
        "scores_note": "두 모델 모두 같은 학습 이름으로 맞췄고, 테스트 이름은 다른 분할에 없습니다. 두 로케일에 "
        "모두 있는 이름은 양쪽에서 뺐습니다.",
        "confusion": "테스트 분할의 혼동 행렬",
        "predicted_class": "예측",
        "true_class": "정답",
        "count": "이름 수",
        "pad_title": "패딩, 마스킹, 패킹",
        "pad_intro": "이름마다 길이가 다르지만 배치는 하나의 직사각형 텐서입니다. 짧은 이름은 오른쪽을 id 0으로 "
        "채웁니다(패딩). 마스크는 어느 칸이 진짜인지, 길이는 각 이름이 어디서 끝나는지 알려 줍니다.",
        "batch_names": "배치에 넣을 이름 (쉼표로 구분)",
        "ids_matrix": "패딩된 id 행렬 (칸마다 글자와 id; · = 패딩)",
        "mask_matrix": "마스크 (1 = 진짜 글자, 0 = 패딩)",
        "lengths": "길이",
        "position": "위치",
        "loss_title": "loss는 진짜 출력만 셉니다",
        "loss_text": "접두어마다의 예측(글자마다 출력 하나)을 모두 학습한다면, 이 배치의 loss는 진짜 위치(마스크 = 1)만 "
        "평균하면 **{real:.3f}**, 패딩 위치까지 평균하면 **{all:.3f}** 입니다. 패딩은 데이터가 아니므로 "
        "마스크로 거른 평균이 맞습니다. (many-to-one 분류기에서는 이름마다 진짜 출력이 하나, 즉 마지막 "
        "진짜 글자 뒤의 출력이고, loss는 그것들을 평균합니다.)",
        "packed_title": "패킹 vs. 단순 패딩 학습 (실제 학습 결과, 같은 시드와 스케줄)",
        "packed_text": "**packed**: `pack_padded_sequence` 덕분에 순환층이 각 이름의 길이에서 멈추므로, 분류기는 "
        "마지막 진짜 글자 바로 뒤의 상태를 읽습니다. **naive**: 순환층이 패딩까지 읽고, 분류기는 마지막 "
        "패딩 위치의 출력을 씁니다. 긴 이름과 같은 배치에 든 짧은 이름은 패딩을 여러 번 거치며 정보가 "
        "씻겨 나가거나(바닐라 RNN) 흐려지고, 같은 이름이라도 어느 배치에 들었는지에 따라 답이 달라집니다.",
        "packed_note": "이 결과는 번들과 같은 방식으로 학습했고, 분류기가 시간에 걸친 상태의 최댓값도 읽습니다. naive에서는 "
        "그 최댓값이 패딩 뒤의 상태까지 훑지만 이름 자체의 상태도 여전히 담고 있어서, 마지막 상태만 쓸 "
        "때보다 덜 잃습니다. 셀마다 시드 하나이므로 2 포인트 안팎의 차이는 표본 잡음 안에 있습니다. "
        "아래의 작은 한 쌍은 강의처럼 마지막 상태만 읽습니다.",
        "cell": "셀",
        "packed": "packed (테스트)",
        "naive": "naive 패딩 (테스트)",
        "no_runs": "매니페스트에 기록된 학습 결과가 아직 없습니다.",
        "train_yourself": "작은 모델 한 쌍을 직접 학습하기",
        "train_help": "64 유닛 GRU를 몇 에폭 동안, 한 번은 packed로 한 번은 naive로 나란히 이 서버에서 학습합니다 "
        "(학습 시간이 짧아 번들보다 숫자가 낮습니다).",
        "epochs": "에폭",
        "start_pair": "packed와 naive 학습",
        "run_packed": "packed",
        "run_naive": "naive",
        "credits": "데이터: Faker person 프로바이더의 이름과 성 (MIT 라이선스), 로케일 {n}개.",
        "classes_known": "모델은 이 {n}개 국적만 압니다 (다른 곳의 이름도 이 중 하나로 답합니다): {names}.",
        "not_sure": "잘 모르겠습니다: {t:.0%}에 이르는 국적이 없습니다 (가장 가까운 추측 {label}, {p:.0%}).",
        "threshold_note": "가장 높은 확률이 {t:.0%} 이상일 때만 답합니다. 이 기준은 검증 분할에서 골랐습니다 (10%, "
        "15%, … 중 답한 이름의 정답률이 {target:.0%} 이상이 되는 가장 낮은 값). 검증에서는 이름의 "
        "{va:.0%}에 답하고 그중 {vacc:.0%}를 맞힙니다. 테스트 분할에서는 {ta:.0%}에 답하고 "
        "{tacc:.0%}를 맞힙니다 (모든 이름에 답하면 {tall:.0%}).",
        "name_col": "이름",
        "nat_de_DE": "독일",
        "nat_en_US": "미국 (영어)",
        "nat_es_ES": "스페인",
        "nat_fi_FI": "핀란드",
        "nat_ga_IE": "아일랜드",
        "nat_hr_HR": "크로아티아",
        "nat_id_ID": "인도네시아",
        "nat_it_IT": "이탈리아",
        "nat_nl_NL": "네덜란드",
        "nat_sk_SK": "슬로바키아",
        "nat_sv_SE": "스웨덴",
        "nat_tr_TR": "튀르키예",
    },
}
