"""EN/KO texts of the part-of-speech tagging page (ui/tagger.py)."""

TEXT = {
    "en": {
        "uploader_help": "Drag a file onto the box or press its button (Streamlit's own words in the box stay English: "
        "“Drag and drop file here”, “Browse files”, “Limit 25MB per file”).",
        "title": "Part-of-speech tagging: one tag per word",
        "intro": "Many-to-many, aligned: the network reads the whole sentence (left to right **and** right to "
        "left) and gives every word one of the 17 Universal Dependencies tags. Orange chips are "
        "proper nouns (PROPN): *is this word a name?* Hover over a chip for the top-3 tags.",
        "input": "Sentence(s) to tag",
        "default_text": "Jennifer Anderson moved to Seoul in 2019 and doesn't regret it.",
        "model": "Tagger",
        "tag_button": "Tag",
        "names": "Names (PROPN) found: {names}",
        "no_names": "No names (PROPN) found in this text.",
        "unknown_legend": "Dashed border, ?: a word the tagger never saw in training (only its letters helped).",
        "name_badge": "name",
        "unknown_word": "unknown word",
        "details": "Table of tags, confidences and alternatives",
        "col_token": "word",
        "col_tag": "tag",
        "col_conf": "confidence",
        "col_top3": "top 3",
        "col_known": "seen in training",
        "examples": "Why context matters: the same word, different tags",
        "examples_caption": "Held-out sentences (never trained on) where a word's tag depends on the words after "
        "it. The taggers run on them now; columns where they disagree are marked ≠, a tag that "
        "differs from the treebank's gold tag is struck through. The most-frequent-tag baseline "
        "ignores context; the left-to-right LSTM cannot see the words after the one it tags.",
        "gold_row": "gold (treebank)",
        "honest_title": "An honest failure: the lecture's “I can can a can.”",
        "honest_why": "Why: in the {sents:,} training sentences “can” occurs {n} times, always as {tags}. No tagger "
        "ever saw it used as a verb or a noun, so context cannot rescue it: 1.8k sentences are too "
        "few for this.",
        "honest_why_nodata": "Why: the 1.8k training sentences have “can” only as AUX. No tagger ever saw it used "
        "as a verb or a noun, so context cannot rescue it.",
        "heldout": "Held-out accuracy (every 10th sentence of the UD English-EWT dev file, never trained on)",
        "metric_all": "all words",
        "metric_oov": "unknown words",
        "weights_missing": "The bundled tagger is not available: {error}",
        "my_model": "my model: {label}",
        "train_title": "Train your own tagger",
        "train_intro": "Upload a CoNLL-U file with gold UPOS tags (or use a sample of the UD English-EWT dev "
        "file). Every 10th sentence is held out and the accuracy on it is shown when training ends.",
        "source": "Training data",
        "source_sample": "sample of UD English-EWT",
        "source_upload": "upload CoNLL-U",
        "sample_missing": "The sample needs the treebank on this machine: run "
        "`python -m models data download ud-english-ewt` (needs the network) or upload a file.",
        "sample_size": "Sentences from the sample",
        "upload": "CoNLL-U file",
        "arch": "Network",
        "arch_bilstm": "BiLSTM (both directions)",
        "arch_unilstm": "LSTM (left to right)",
        "epochs": "Epochs",
        "start_training": "Start training",
        "need_file": "Upload a CoNLL-U file first.",
        "bad_file": "This file cannot be used: {error}",
        "data_summary": "{train} training sentences, {test} held out ({words} words in all).",
        "run_acc": "Held-out accuracy of this run",
        "run_result": "Held-out accuracy: {acc:.1%} on {n} words; unknown words {oov:.1%} of {n_oov}.",
        "use_it": "Use it above",
        "download": "Download checkpoint (.pt)",
        "lbl_tagger_bilstm": "BiLSTM",
        "lbl_tagger_unilstm": "LSTM (left → right)",
        "lbl_tagger_mft": "most frequent tag",
        "credit": "Data: Universal Dependencies English Web Treebank (UD_English-EWT v2.15), CC BY-SA 4.0. "
        "The bundled taggers are derived from it and licensed CC BY-SA 4.0.",
    },
    "ko": {
        "uploader_help": "파일을 상자에 끌어다 놓거나 상자의 버튼을 누르세요. 상자 안의 글자는 Streamlit이 쓰는 영어 그대로입니다: "
        "“Drag and drop file here” = 파일을 여기에 끌어다 놓기, “Browse files” = 파일 찾기, "
        "“Limit 25MB per file” = 파일당 최대 25MB.",
        "title": "품사 태깅: 단어마다 태그 하나",
        "intro": "many-to-many (정렬): 신경망이 문장 전체를 (왼쪽→오른쪽, **그리고** 오른쪽→왼쪽으로) 읽고 "
        "단어마다 Universal Dependencies의 17개 태그 중 하나를 붙입니다. 주황색 칩은 고유명사(PROPN)입니다: "
        "*이 단어는 이름일까?* 칩 위에 마우스를 올리면 상위 3개 태그가 보입니다.",
        "input": "태깅할 문장",
        "default_text": "Jennifer Anderson moved to Seoul in 2019 and doesn't regret it.",
        "model": "태거",
        "tag_button": "태깅",
        "names": "찾은 이름(PROPN): {names}",
        "no_names": "이 글에는 이름(PROPN)이 없습니다.",
        "unknown_legend": "점선 테두리와 ?: 학습 때 본 적 없는 단어 (글자 모양만으로 태그를 추측).",
        "name_badge": "이름",
        "unknown_word": "모르는 단어",
        "details": "태그, 확신도, 다른 후보 표",
        "col_token": "단어",
        "col_tag": "태그",
        "col_conf": "확신도",
        "col_top3": "상위 3개",
        "col_known": "학습 때 봄",
        "examples": "문맥이 중요한 이유: 같은 단어, 다른 태그",
        "examples_caption": "학습에 쓰지 않은 보류 문장 중, 단어의 태그가 그 뒤에 오는 단어에 따라 정해지는 문장입니다. "
        "태거들이 지금 이 문장들을 태깅합니다. 태거끼리 다른 답을 낸 열에는 ≠ 표시가 있고, "
        "트리뱅크의 정답 태그와 다른 태그에는 취소선이 그어집니다. 최빈 태그 기준선은 문맥을 보지 "
        "않고, 왼쪽→오른쪽 LSTM은 태깅하는 단어 뒤의 단어를 보지 못합니다.",
        "gold_row": "정답 (트리뱅크)",
        "honest_title": "솔직한 실패 사례: 강의의 “I can can a can.”",
        "honest_why": "이유: 학습 문장 {sents:,}개에 “can”은 {n}번 나오고 모두 {tags}입니다. 어떤 태거도 동사나 명사로 "
        "쓰인 “can”을 본 적이 없어서 문맥도 도와줄 수 없습니다. 1.8k 문장은 이것을 배우기에 너무 "
        "적습니다.",
        "honest_why_nodata": "이유: 학습 문장 1.8k개에 “can”은 AUX로만 나옵니다. 어떤 태거도 동사나 명사로 쓰인 "
        "“can”을 본 적이 없어서 문맥도 도와줄 수 없습니다.",
        "heldout": "보류 데이터 정확도 (UD English-EWT dev 파일의 10번째 문장마다, 학습에 쓰지 않음)",
        "metric_all": "전체 단어",
        "metric_oov": "모르는 단어",
        "weights_missing": "내장 태거를 쓸 수 없습니다: {error}",
        "my_model": "내 모델: {label}",
        "train_title": "나만의 태거 학습하기",
        "train_intro": "정답 UPOS 태그가 있는 CoNLL-U 파일을 올리세요 (또는 UD English-EWT dev 파일의 샘플을 쓰세요). "
        "10번째 문장마다 따로 떼어 두고, 학습이 끝나면 그 문장들에서의 정확도를 보여 줍니다.",
        "source": "학습 데이터",
        "source_sample": "UD English-EWT 샘플",
        "source_upload": "CoNLL-U 올리기",
        "sample_missing": "샘플을 쓰려면 이 컴퓨터에 트리뱅크가 있어야 합니다: "
        "`python -m models data download ud-english-ewt` (네트워크 필요)를 실행하거나 파일을 올리세요.",
        "sample_size": "샘플 문장 수",
        "upload": "CoNLL-U 파일",
        "arch": "신경망",
        "arch_bilstm": "BiLSTM (양방향)",
        "arch_unilstm": "LSTM (왼쪽→오른쪽)",
        "epochs": "에폭",
        "start_training": "학습 시작",
        "need_file": "먼저 CoNLL-U 파일을 올리세요.",
        "bad_file": "이 파일은 쓸 수 없습니다: {error}",
        "data_summary": "학습 문장 {train}개, 보류 문장 {test}개 (전체 단어 {words}개).",
        "run_acc": "이 실험의 보류 데이터 정확도",
        "run_result": "보류 데이터 정확도: 단어 {n}개 중 {acc:.1%}; 모르는 단어 {n_oov}개 중 {oov:.1%}.",
        "use_it": "위에서 쓰기",
        "download": "체크포인트 내려받기 (.pt)",
        "lbl_tagger_bilstm": "BiLSTM",
        "lbl_tagger_unilstm": "LSTM (왼쪽 → 오른쪽)",
        "lbl_tagger_mft": "최빈 태그",
        "credit": "데이터: Universal Dependencies English Web Treebank (UD_English-EWT v2.15), CC BY-SA 4.0. "
        "내장 태거는 이 데이터로 만들었으므로 CC BY-SA 4.0 라이선스를 따릅니다.",
    },
}
