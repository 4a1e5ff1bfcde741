"""EN/KO texts of the translation page (ui/translate.py)."""

TEXT = {
    "en": {
        "title": "Translation: English number words ↔ Korean number words",
        "intro": "A **many-to-many encoder–decoder**: the encoder (a bidirectional GRU) reads the whole phrase, the "
        "decoder writes the translation one token at a time, each step fed the token it wrote before, "
        "until it writes `<eos>`. Encoder and decoder have different parameters: they do different jobs. "
        "The parallel corpus is generated offline by `num2words` for the integers 0 – 999,999.",
        "why_title": "Why an encoder–decoder and not a tagger?",
        "why": "A tagger writes one output per input token, in order. Here that is impossible: English groups "
        "digits by **thousands**, Korean by **만 (10,000)**. *one hundred and twenty-three thousand* is "
        "123 × 1000, but in Korean it is 12 × 만 + 3 × 천 = **십이만 삼천**: the word *twenty* feeds two "
        "Korean groups, *and*/hyphens/commas have no counterpart, and the lengths differ. The model must "
        "read everything first, then regroup and reorder — which the attention heatmap below shows.",
        "input": "Number phrase (English or Korean)",
        "direction": "Direction",
        "dir_auto": "detect from the text",
        "dir_en-ko": "English → Korean",
        "dir_ko-en": "Korean → English",
        "random": "Random test number",
        "random_lang": "random phrase in",
        "lang_en": "English",
        "lang_ko": "Korean",
        "beam": "Beam width (1 = greedy)",
        "model": "Model",
        "model_attn": "with attention",
        "model_noattn": "without attention (final vector only)",
        "detected": "Translating {dir}.",
        "translation": "Translation",
        "respelled": "Read in num2words' spelling, the only one the model was trained on: “{text}” (commas, "
        "hyphens, “and” and spacing do not change the number).",
        "truth_ok": "Correct: num2words writes {n:,} the same way.",
        "truth_bad": "Wrong: num2words writes {n:,} as “{truth}”.",
        "steps": "Decoding step by step (until `<eos>`)",
        "step": "step",
        "token": "token",
        "prob": "probability",
        "attn_title": "Attention: which source tokens each output token looked at",
        "source_tokens": "source tokens",
        "target_tokens": "output tokens",
        "no_attention": "This model has no attention: its decoder sees only the encoder's final vector, so there "
        "is no matrix to show.",
        "weights_missing": "The bundled translator is not available ({error}). Train it with "
        "`python -m models train translator --direction {dir} --save`.",
        "input_error": "Cannot translate this: {error}",
        "note_intro": "The model only knows number phrases 0–999,999, so take this output with care:",
        "note_truncated": "the input was long and was cut to its first {max} tokens.",
        "note_unknown_tokens": "these tokens are not in the model's vocabulary (read as `<unk>`): {tokens}.",
        "note_wrong_script": "the text does not look like the source language of this direction.",
        "note_not_a_number_phrase": "the input is not a phrase num2words writes for a number 0–999,999 "
        "(a sentence, a misspelling, a number out of range, other spacing…).",
        "note_translation_invalid": "the output is not a well-formed number phrase.",
        "note_no_eos": "decoding hit the length bound before `<eos>`.",
        "acc_title": "Accuracy vs input length, with and without attention (held-out test numbers)",
        "acc_caption": "Exact match (greedy output identical to num2words) on the test split — numbers never seen "
        "in training — grouped by the number of source tokens. Measured by the training command "
        "stored in the manifest: {cmds}",
        "acc_finding": "What the figures say: both models are near 100% here, because these phrases are short (at "
        "most 16 tokens) and one 160-number vector is enough to carry them. The misses are the "
        "one-word numbers (e.g. 3, held out of training: the model never saw it alone). Attention's "
        "gain on this page is the alignment you can see; its accuracy gain grows with longer "
        "sequences than numbers below a million give.",
        "bucket": "source length (tokens)",
        "exact": "exact match",
        "overall": "overall",
        "acc_missing": "No figures yet: the bundled checkpoints are missing.",
        "lab_title": "Train it yourself: teacher forcing on vs off",
        "lab_intro": "Trains two small translators side by side on a sample of the training numbers: one with "
        "**teacher forcing** (the decoder is always fed the correct previous token) and one without "
        "(it is fed its own previous guess). Both are then scored by exact match on 300 held-out test "
        "numbers. A few minutes on 2 cores.",
        "lab_direction": "Direction",
        "lab_numbers": "Training numbers",
        "lab_epochs": "Epochs",
        "lab_start": "Start both runs",
        "lab_clear": "Clear runs",
        "tf_on": "teacher forcing on (ratio 1.0)",
        "tf_off": "teacher forcing off (ratio 0.0)",
        "lab_result": "Exact match on 300 test numbers",
        "lab_table_run": "run",
        "lab_table_val": "val token accuracy (teacher-forced)",
        "lab_table_exact": "exact match (free-running)",
        "lab_try": "Try a phrase on your models",
    },
    "ko": {
        "title": "번역: 영어 수사 ↔ 한국어 수사",
        "intro": "**다대다 인코더–디코더**: 인코더(양방향 GRU)가 구절 전체를 읽고, 디코더가 번역을 한 토큰씩 씁니다. "
        "각 단계에는 바로 전에 쓴 토큰이 입력으로 들어가고, `<eos>`를 쓰면 멈춥니다. 인코더와 디코더는 "
        "하는 일이 달라 서로 다른 파라미터를 가집니다. 병렬 말뭉치는 0 – 999,999의 정수에 대해 "
        "`num2words`로 오프라인에서 만듭니다.",
        "why_title": "왜 태거가 아니라 인코더–디코더인가?",
        "why": "태거는 입력 토큰마다 출력을 하나씩, 같은 순서로 씁니다. 여기서는 불가능합니다: 영어는 자릿수를 "
        "**천(thousand)** 단위로, 한국어는 **만** 단위로 묶습니다. *one hundred and twenty-three thousand*는 "
        "123 × 1000이지만 한국어로는 12 × 만 + 3 × 천 = **십이만 삼천**입니다. *twenty* 한 단어가 한국어의 두 "
        "묶음에 걸치고, *and*·하이픈·쉼표에는 대응하는 말이 없으며, 길이도 다릅니다. 모델은 먼저 전부 읽은 뒤 "
        "다시 묶고 순서를 바꿔야 합니다 — 아래 어텐션 히트맵이 그것을 보여 줍니다.",
        "input": "수사 구절 (영어 또는 한국어)",
        "direction": "방향",
        "dir_auto": "글자로 자동 판별",
        "dir_en-ko": "영어 → 한국어",
        "dir_ko-en": "한국어 → 영어",
        "random": "무작위 테스트 숫자",
        "random_lang": "무작위 구절 언어",
        "lang_en": "영어",
        "lang_ko": "한국어",
        "beam": "빔 너비 (1 = 그리디)",
        "model": "모델",
        "model_attn": "어텐션 있음",
        "model_noattn": "어텐션 없음 (마지막 벡터만)",
        "detected": "{dir} 번역 중.",
        "translation": "번역",
        "respelled": "모델이 학습한 유일한 표기인 num2words 표기로 읽었습니다: “{text}” (쉼표, 하이픈, “and”, "
        "띄어쓰기는 수를 바꾸지 않습니다).",
        "truth_ok": "정답: num2words도 {n:,}을(를) 똑같이 씁니다.",
        "truth_bad": "오답: num2words는 {n:,}을(를) “{truth}”(으)로 씁니다.",
        "steps": "단계별 디코딩 (`<eos>`까지)",
        "step": "단계",
        "token": "토큰",
        "prob": "확률",
        "attn_title": "어텐션: 출력 토큰마다 어떤 입력 토큰을 보았는가",
        "source_tokens": "입력 토큰",
        "target_tokens": "출력 토큰",
        "no_attention": "이 모델에는 어텐션이 없습니다: 디코더는 인코더의 마지막 벡터만 보므로 보여 줄 행렬이 없습니다.",
        "weights_missing": "내장 번역기를 쓸 수 없습니다 ({error}). "
        "`python -m models train translator --direction {dir} --save`로 학습하세요.",
        "input_error": "번역할 수 없습니다: {error}",
        "note_intro": "이 모델은 0–999,999의 수사만 압니다. 이 출력은 조심해서 보세요:",
        "note_truncated": "입력이 길어서 앞의 {max}개 토큰만 썼습니다.",
        "note_unknown_tokens": "모델의 어휘에 없는 토큰이 있습니다 (`<unk>`로 읽음): {tokens}.",
        "note_wrong_script": "글자가 이 방향의 입력 언어처럼 보이지 않습니다.",
        "note_not_a_number_phrase": "입력이 num2words가 0–999,999에 대해 쓰는 구절이 아닙니다 "
        "(문장, 오타, 범위 밖의 수, 다른 띄어쓰기…).",
        "note_translation_invalid": "출력이 올바른 수사 구절이 아닙니다.",
        "note_no_eos": "`<eos>` 전에 길이 한도에 닿아 디코딩을 멈췄습니다.",
        "acc_title": "입력 길이별 정확도, 어텐션 있음/없음 (보류된 테스트 숫자)",
        "acc_caption": "테스트 분할(학습에 쓰지 않은 숫자)에서의 완전 일치율(그리디 출력이 num2words와 같음)을 "
        "입력 토큰 수별로 묶었습니다. manifest에 기록된 학습 명령이 측정했습니다: {cmds}",
        "acc_finding": "수치가 말하는 것: 두 모델 모두 거의 100%입니다. 이 구절들은 짧아서(최대 16토큰) 160개 숫자로 된 "
        "벡터 하나로도 충분히 담기기 때문입니다. 틀리는 것은 한 단어짜리 수입니다(예: 3은 학습에서 "
        "빠져 있어 모델이 단독으로 본 적이 없습니다). 이 페이지에서 어텐션의 이득은 눈으로 보이는 "
        "정렬이며, 정확도 이득은 백만 미만의 수보다 긴 시퀀스에서 커집니다.",
        "bucket": "입력 길이 (토큰)",
        "exact": "완전 일치",
        "overall": "전체",
        "acc_missing": "아직 수치가 없습니다: 내장 체크포인트가 없습니다.",
        "lab_title": "직접 학습하기: 티처 포싱 켬 vs 끔",
        "lab_intro": "학습 숫자 일부로 작은 번역기 두 개를 나란히 학습합니다: 하나는 **티처 포싱**(디코더에 항상 정답 "
        "이전 토큰을 넣음), 다른 하나는 티처 포싱 없이(자기가 추측한 이전 토큰을 넣음). 끝나면 둘 다 "
        "보류된 테스트 숫자 300개로 완전 일치율을 잽니다. 2코어에서 몇 분 걸립니다.",
        "lab_direction": "방향",
        "lab_numbers": "학습 숫자 개수",
        "lab_epochs": "에폭",
        "lab_start": "두 실험 시작",
        "lab_clear": "실험 지우기",
        "tf_on": "티처 포싱 켬 (비율 1.0)",
        "tf_off": "티처 포싱 끔 (비율 0.0)",
        "lab_result": "테스트 숫자 300개의 완전 일치율",
        "lab_table_run": "실험",
        "lab_table_val": "검증 토큰 정확도 (티처 포싱)",
        "lab_table_exact": "완전 일치 (자유 생성)",
        "lab_try": "내 모델로 구절 번역해 보기",
    },
}
