"""EN/KO texts of the home page, the lecture map (ui/home.py)."""

TEXT = {
    "en": {
        "title": "CNN & RNN classroom lab",
        "intro": "Every claim of the lecture is an experiment you can run here in under a minute. "
        "Pick a task type below, or open a page from the sidebar.",
        "map": "The five task types of the lecture",
        "one_to_one": "one-to-one: image → class",
        "one_to_many": "one-to-many: image → caption",
        "many_to_one": "many-to-one: sequence → one label",
        "seq2seq": "many-to-many (encoder–decoder): translation",
        "aligned": "many-to-many (aligned): tagging",
        "no_page": "No page for this task type yet.",
        "open": "Open",
        "timeline": "CNNs year by year: top-5 error as published (the classics: ILSVRC entries; EfficientNet-Lite0: one model on ImageNet validation)",
        "x_year": "year",
        "y_err": "top-5 error (%)",
        "other_pages": "Also here",
        "legend": "Boxes: bottom = inputs, middle = the network unrolled over time (same weights in every box), "
        "top = outputs. Orange outputs are the ones the loss is computed on.",
    },
    "ko": {
        "title": "CNN & RNN 수업 실험실",
        "intro": "강의의 모든 주장을 여기서 1분 안에 직접 실험해 볼 수 있습니다. "
        "아래에서 과제 유형을 고르거나 사이드바에서 페이지를 여세요.",
        "map": "강의에 나오는 다섯 가지 과제 유형",
        "one_to_one": "one-to-one: 이미지 → 클래스",
        "one_to_many": "one-to-many: 이미지 → 캡션",
        "many_to_one": "many-to-one: 시퀀스 → 하나의 레이블",
        "seq2seq": "many-to-many (인코더–디코더): 번역",
        "aligned": "many-to-many (정렬): 태깅",
        "no_page": "이 과제 유형의 페이지는 아직 없습니다.",
        "open": "열기",
        "timeline": "연도별 CNN: 발표된 top-5 오류율 (고전 CNN: ILSVRC 출품작, EfficientNet-Lite0: ImageNet 검증 세트의 단일 모델)",
        "x_year": "연도",
        "y_err": "top-5 오류율 (%)",
        "other_pages": "그 밖의 페이지",
        "legend": "상자: 아래 = 입력, 가운데 = 시간으로 펼친 신경망 (모든 상자가 같은 가중치), 위 = 출력. "
        "주황색 출력에 대해 loss를 계산합니다.",
    },
}
