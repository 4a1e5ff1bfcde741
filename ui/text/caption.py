"""EN/KO texts of the image-captioning page (ui/caption.py, app_pages/caption.py), and the shapes-world words in
Korean."""

TEXT = {
    "en": {
        "uploader_help": "Drag a file onto the box or press its button (Streamlit's own words in the box stay English: "
        "“Drag and drop file here”, “Browse files”, “Limit 25MB per file”).",
        "title": "Image captioning: CNN → LSTM with attention",
        "intro": "**One-to-many**: a small CNN turns the picture into an 8×8 grid of feature vectors; an LSTM writes "
        "the caption one word at a time and, before each word, puts a *soft attention* distribution over "
        "that grid (Show, Attend and Tell). It stops when it writes `<eos>`.",
        "model": "Captioner",
        "bundled": "Bundled: shapes world",
        "own": "My checkpoint (.pt from `train captioner --out`)",
        "own_upload": "Checkpoint file",
        "own_hint": "Upload a file written by `python -m models train captioner --data DIR --out my_captioner.pt`.",
        "own_loaded": "Loaded {name}: {words} words, trained on {data}.",
        "bad_checkpoint": "This checkpoint cannot be used: {error}",
        "weights_missing": "The bundled captioner is not available: {error}",
        "source": "Picture",
        "src_builder": "Scene builder",
        "src_gallery": "Examples",
        "src_upload": "Upload",
        "src_camera": "Camera",
        "n_objects": "Objects",
        "object": "Object {i}",
        "shape": "Shape",
        "colour": "Colour",
        "size": "Size",
        "x": "Horizontal position (%)",
        "y": "Vertical position (%)",
        "rotation": "Rotation (°)",
        "look": "How it is drawn",
        "side": "Image size (px)",
        "antialias": "Anti-aliased edges",
        "fill": "Filled (off: outlines)",
        "jpeg": "JPEG quality (100 = no JPEG)",
        "overlap": "The objects overlap or leave the picture; the shapes world never does that, so expect mistakes.",
        "truth": "The generator's caption: **{caption}**",
        "match": "The model's caption matches.",
        "mismatch": "The model's caption differs from the generator's.",
        "gallery_pick": "Example",
        "scene_n": "Scene {i}",
        "photo": "Photo: {name}",
        "upload": "Image file",
        "camera": "Take a picture",
        "no_image": "Choose or make a picture first.",
        "decoding": "Decoding",
        "greedy": "Greedy",
        "beam": "Beam search",
        "sampling": "Sampling",
        "width": "Beam width",
        "temperature": "Temperature",
        "seed": "Seed",
        "max_len": "Maximum length (words)",
        "caption": "Caption",
        "cut": "(stopped at the maximum length, no `<eos>`)",
        "outside": "This picture does not look like the shapes world. The bundled captioner knows **only** scenes of "
        "circles, squares and triangles on a plain background, so whatever it writes about a photo is "
        "a shapes-world sentence, not a description. To caption real photos, train your own on a "
        "Flickr8k-style folder (images + `captions.txt` with `image,caption`): "
        "`python -m models train captioner --data DIR --epochs 20 --out my_captioner.pt`, then choose "
        "*My checkpoint* above.",
        "steps": "Step by step",
        "steps_help": "At every step the decoder gives a probability to every word: the chosen word with its "
        "probability, and the three most likely words at that step.",
        "col_step": "step",
        "col_word": "word",
        "col_prob": "probability",
        "col_top": "top-3 alternatives",
        "attention": "Where the decoder looked for each word",
        "attention_help": "Attention weights over the 8×8 grid (they sum to 1), upsampled and laid over the picture "
        "the model saw: bright = high weight.",
        "pick_word": "Word",
        "beams": "Beams",
        "col_rank": "rank",
        "col_caption": "caption",
        "col_logprob": "log-probability",
        "col_finished": "ended with <eos>",
        "tree": "Beam tree",
        "tree_help": "Every kept expansion, left to right by step; a line joins a word to the hypothesis it extends. "
        "Colour = cumulative log-probability; ◆ = ended with `<eos>`.",
        "about": "About this captioner",
        "about_body": "Trained here with the project's trainer on {scenes:,} generated scenes (rendering variations: "
        "anti-aliasing, rotation ±15°, colour ±20, background shade, JPEG, 64–512 px, outlines) in "
        "{minutes:.1f} min on a shared 2-core CPU. On 1,000 fresh held-out scenes: exact match "
        "**{em_var:.1%}**, BLEU-4 **{bleu_var:.3f}** with the variations; **{em_plain:.1%}** / "
        "**{bleu_plain:.3f}** in the plain look. Command: `{command}`.",
        "about_world": "The shapes world: 1–2 objects; shapes circle/square/triangle; colours red, green, blue, yellow, "
        "purple, orange; sizes small (16–22 % of the side) and large (35–45 %); relations left of, right "
        "of, above, below (along the axis where the centres differ most).",
        "error": "Could not caption this picture: {error}",
    },
    "ko": {
        "uploader_help": "파일을 상자에 끌어다 놓거나 상자의 버튼을 누르세요. 상자 안의 글자는 Streamlit이 쓰는 영어 그대로입니다: "
        "“Drag and drop file here” = 파일을 여기에 끌어다 놓기, “Browse files” = 파일 찾기, "
        "“Limit 25MB per file” = 파일당 최대 25MB.",
        "title": "이미지 캡셔닝: CNN → 어텐션 LSTM",
        "intro": "**일대다(one-to-many)**: 작은 CNN이 그림을 8×8 격자의 특징 벡터로 바꾸고, LSTM이 단어를 하나씩 "
        "써 나갑니다. 단어를 쓰기 전마다 그 격자 위에 *소프트 어텐션* 분포를 둡니다(Show, Attend and "
        "Tell). `<eos>`를 쓰면 멈춥니다.",
        "model": "캡셔너",
        "bundled": "기본 제공: 도형 세계",
        "own": "내 체크포인트 (`train captioner --out`으로 만든 .pt)",
        "own_upload": "체크포인트 파일",
        "own_hint": "`python -m models train captioner --data DIR --out my_captioner.pt`가 만든 파일을 올리세요.",
        "own_loaded": "{name} 불러옴: 단어 {words}개, 학습 데이터: {data}.",
        "bad_checkpoint": "이 체크포인트는 쓸 수 없습니다: {error}",
        "weights_missing": "기본 캡셔너를 쓸 수 없습니다: {error}",
        "source": "그림",
        "src_builder": "장면 만들기",
        "src_gallery": "예시",
        "src_upload": "올리기",
        "src_camera": "카메라",
        "n_objects": "물체 수",
        "object": "물체 {i}",
        "shape": "모양",
        "colour": "색",
        "size": "크기",
        "x": "가로 위치 (%)",
        "y": "세로 위치 (%)",
        "rotation": "회전 (°)",
        "look": "그리는 방식",
        "side": "이미지 크기 (px)",
        "antialias": "매끄러운 가장자리(안티에일리어싱)",
        "fill": "채우기 (끄면 윤곽선)",
        "jpeg": "JPEG 품질 (100 = JPEG 안 함)",
        "overlap": "물체가 겹치거나 그림 밖으로 나갑니다. 도형 세계에는 없는 장면이라 틀릴 수 있습니다.",
        "truth": "생성기의 캡션: **{caption}**",
        "match": "모델의 캡션이 일치합니다.",
        "mismatch": "모델의 캡션이 생성기의 캡션과 다릅니다.",
        "gallery_pick": "예시",
        "scene_n": "장면 {i}",
        "photo": "사진: {name}",
        "upload": "이미지 파일",
        "camera": "사진 찍기",
        "no_image": "먼저 그림을 고르거나 만드세요.",
        "decoding": "디코딩",
        "greedy": "탐욕(greedy)",
        "beam": "빔 서치",
        "sampling": "샘플링",
        "width": "빔 너비",
        "temperature": "온도",
        "seed": "시드",
        "max_len": "최대 길이 (단어)",
        "caption": "캡션",
        "cut": "(최대 길이에서 멈춤, `<eos>` 없음)",
        "outside": "이 그림은 도형 세계처럼 보이지 않습니다. 기본 캡셔너는 단색 배경 위의 원·사각형·삼각형 장면**만** "
        "압니다. 사진에 대해 쓰는 문장은 도형 세계의 문장일 뿐 설명이 아닙니다. 실제 사진에 캡션을 "
        "달려면 Flickr8k 형식 폴더(이미지 + `image,caption` 형식의 `captions.txt`)로 직접 학습하세요: "
        "`python -m models train captioner --data DIR --epochs 20 --out my_captioner.pt`, 그다음 위에서 "
        "*내 체크포인트*를 고르세요.",
        "steps": "단계별 디코딩",
        "steps_help": "디코더는 단계마다 모든 단어에 확률을 줍니다. 고른 단어와 그 확률, 그리고 그 단계에서 가장 "
        "확률이 높은 세 단어를 보여 줍니다.",
        "col_step": "단계",
        "col_word": "단어",
        "col_prob": "확률",
        "col_top": "상위 3개 후보",
        "attention": "단어마다 디코더가 본 곳",
        "attention_help": "8×8 격자 위의 어텐션 가중치(합 = 1)를 키워서 모델이 본 그림 위에 겹쳤습니다. 밝을수록 "
        "가중치가 큽니다.",
        "pick_word": "단어",
        "beams": "빔",
        "col_rank": "순위",
        "col_caption": "캡션",
        "col_logprob": "로그 확률",
        "col_finished": "<eos>로 끝남",
        "tree": "빔 트리",
        "tree_help": "단계별로 남은 모든 확장을 왼쪽에서 오른쪽으로 그렸습니다. 선은 단어와 그 단어가 이어 붙은 가설을 "
        "잇습니다. 색 = 누적 로그 확률, ◆ = `<eos>`로 끝남.",
        "about": "이 캡셔너에 대하여",
        "about_body": "프로젝트의 트레이너로 생성한 장면 {scenes:,}개(변형: 안티에일리어싱, ±15° 회전, 색 ±20, 배경 "
        "밝기, JPEG, 64–512 px, 윤곽선)를 공유 2코어 CPU에서 {minutes:.1f}분 학습했습니다. 처음 보는 "
        "장면 1,000개에서: 변형 포함 정확 일치 **{em_var:.1%}**, BLEU-4 **{bleu_var:.3f}**; 기본 모양 "
        "**{em_plain:.1%}** / **{bleu_plain:.3f}**. 명령: `{command}`.",
        "about_world": "도형 세계: 물체 1–2개; 모양 circle/square/triangle; 색 red, green, blue, yellow, purple, "
        "orange; 크기 small(한 변의 16–22 %)과 large(35–45 %); 관계 left of, right of, above, below "
        "(중심 차이가 더 큰 축 기준).",
        "error": "이 그림에 캡션을 달 수 없습니다: {error}",
    },
}

#: The shapes-world words in Korean, for the scene builder's options and the gallery's photo names. They live
#: outside TEXT on purpose: in English the option *is* the word the captioner writes, so there is no EN label.
WORDS_KO = {
    "circle": "원",
    "square": "사각형",
    "triangle": "삼각형",
    "red": "빨강",
    "green": "초록",
    "blue": "파랑",
    "yellow": "노랑",
    "purple": "보라",
    "orange": "주황",
    "small": "작게",
    "large": "크게",
    "astronaut": "우주비행사",
    "coffee": "커피",
    "chelsea": "고양이 첼시",
}
