"""Streamlit helpers of the image-classification page: texts, cached models and data, figures and grids."""
from __future__ import annotations

import time

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from PIL import Image

from models.vision import explain, imagenet, zoo
from models.vision.classify import Classifier, load_classifier

PHOTOS = ("chelsea", "coffee", "rocket", "astronaut")

TEXT = {
    "en": {
        "title": "Image classification: from AlexNet to ResNet",
        "intro": "**One-to-one**: one image in, one class out. Pick a model and a picture, press *Classify*, then "
                 "look inside: where the network looked (Grad-CAM), what its first layer learned, and what a chosen "
                 "layer computes.",
        "no_imagenet": "No ImageNet weights are on this machine, so AlexNet, VGG, GoogLeNet and ResNet can only be "
                       "compared by architecture; get them with `python -m models weights download NAME` (internet) "
                       "or `python -m models weights import FILE --model NAME` (a file from a USB stick), and use "
                       "the bundled digits model meanwhile.",
        "how_to_get": "{name} needs ImageNet weights ({file}, {mb:.0f} MB) in `{folder}`: run "
                      "`python -m models weights download {name}` where there is internet, or copy the file on a "
                      "USB stick and run `python -m models weights import FILE --model {name}`.",
        "fallback": "Until then the digits model classifies your picture, and the side-by-side and lecture-claims "
                    "views show the architecture figures, which need no weights.",
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
        "photo": "Photo (scikit-image, public domain)",
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
        "prediction": "Prediction: **{label}** ({prob:.1%})",
        "latency": "{model} took {ms:.1f} ms for this image on this machine (forward pass, median of 3).",
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
        "fmaps_layer": "Layer",
        "fmaps_help": "The first {n} channels of this layer's output for your picture ({h}×{w} each; bright = "
                      "strong response).",
        "compare_intro": "The four classics of the lecture, one picture through each. Parameters, FLOPs and depth are "
                         "measured from the modules here; latency is measured now on this machine.",
        "compare_missing": "No weights for {models}: their predictions are skipped, their architecture figures are "
                           "below. Get weights with `python -m models weights download NAME` or "
                           "`python -m models weights import FILE --model NAME`.",
        "compare_run": "Run side by side",
        "figures_help": "GMACs: multiply-adds for one 224×224 image (torch.utils.flop_counter; FLOPs = 2 × MACs). "
                        "Depth: weighted layers on the longest path; all weighted layers: every conv and FC layer. "
                        "Published: the ILSVRC entry of the paper (often an ensemble); torchvision: these exact "
                        "weights, one crop.",
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
        "col_tv": "torchvision top-5 error",
        "col_top1": "top-1 now",
        "col_latency": "latency now",
        "col_claim": "lecture claim",
        "col_measured": "measured",
        "col_holds": "holds",
    },
    "ko": {
        "title": "이미지 분류: AlexNet에서 ResNet까지",
        "intro": "**일대일(one-to-one)**: 이미지 하나가 들어가 클래스 하나가 나옵니다. 모델과 사진을 고르고 *분류*를 누른 뒤 "
                 "속을 들여다보세요: 네트워크가 어디를 보았는지(Grad-CAM), 첫 층이 무엇을 배웠는지, 고른 층이 무엇을 "
                 "계산하는지.",
        "no_imagenet": "이 컴퓨터에는 ImageNet 가중치가 없어서 AlexNet, VGG, GoogLeNet, ResNet은 구조만 비교할 수 있습니다. "
                       "`python -m models weights download NAME`(인터넷 필요)이나 "
                       "`python -m models weights import FILE --model NAME`(USB로 가져온 파일)으로 받을 수 있으며, "
                       "그동안은 함께 들어 있는 숫자 모델을 쓰세요.",
        "how_to_get": "{name}에는 ImageNet 가중치({file}, {mb:.0f} MB)가 `{folder}`에 있어야 합니다: 인터넷이 되는 곳에서 "
                      "`python -m models weights download {name}`을 실행하거나, 파일을 USB로 가져와 "
                      "`python -m models weights import FILE --model {name}`을 실행하세요.",
        "fallback": "그때까지는 숫자 모델이 사진을 분류하고, '나란히 비교'와 '강의 주장 확인' 화면은 가중치 없이도 구조 수치를 "
                    "보여 줍니다.",
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
        "photo": "사진 (scikit-image, 퍼블릭 도메인)",
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
        "prediction": "예측: **{label}** ({prob:.1%})",
        "latency": "이 컴퓨터에서 {model}이(가) 이 이미지에 {ms:.1f} ms 걸렸습니다 (순전파, 3회 중앙값).",
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
        "fmaps_layer": "층",
        "fmaps_help": "이 층 출력의 처음 {n}개 채널 (각 {h}×{w}, 밝을수록 강한 반응).",
        "compare_intro": "강의의 고전 CNN 네 개에 같은 사진을 넣어 봅니다. 파라미터, FLOPs, 깊이는 여기서 모듈로부터 "
                         "측정하고, 지연 시간은 지금 이 컴퓨터에서 잽니다.",
        "compare_missing": "{models}의 가중치가 없어 예측은 건너뛰고 구조 수치만 아래에 보입니다. "
                           "`python -m models weights download NAME`이나 "
                           "`python -m models weights import FILE --model NAME`으로 가중치를 받으세요.",
        "compare_run": "나란히 실행",
        "figures_help": "GMACs: 224×224 이미지 한 장의 곱셈-덧셈 수 (torch.utils.flop_counter; FLOPs = 2 × MACs). "
                        "깊이: 가장 긴 경로 위의 가중치 층 수; 전체 가중치 층: 모든 합성곱 층과 완전연결 층. "
                        "발표값: 논문의 ILSVRC 출품 결과 (흔히 앙상블); torchvision: 바로 이 가중치, 한 번 자르기.",
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
        "col_tv": "torchvision top-5 오류율",
        "col_top1": "지금의 1위",
        "col_latency": "지금의 지연 시간",
        "col_claim": "강의 주장",
        "col_measured": "측정값",
        "col_holds": "맞음",
    },
}


def how_to_get(name: str, tr) -> str:
    """One translated sentence: how to get the ImageNet weights of ``name`` onto this machine."""
    w = imagenet.default_weights(name)
    return tr("how_to_get", name=name, file=imagenet.file_name(w), mb=w.meta.get("_file_size", 0),
              folder=imagenet.checkpoint_dir())


# -- cached, shared, read-only ---------------------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def classifier(name: str) -> Classifier:
    """A loaded classifier shared by every user (eval mode; inference never mutates it)."""
    return load_classifier(name)


def try_classifier(name: str) -> tuple[Classifier | None, str | None]:
    """(classifier, None) or (None, the error's sentence) without caching failures."""
    from models.errors import ModelsError

    try:
        return classifier(name), None
    except ModelsError as exc:
        return None, str(exc)


@st.cache_data(show_spinner=False)
def photo(name: str) -> np.ndarray:
    """A public-domain photo shipped with scikit-image."""
    from skimage import data

    return getattr(data, name)()


@st.cache_data(show_spinner=False)
def heldout_digits() -> tuple[np.ndarray, np.ndarray]:
    """The 1,000 held-out MNIST digits (never seen in training) as (N, 28, 28) uint8 and labels."""
    from models.vision.digits_train import mnist_split

    _, _, x, y = mnist_split()
    return x.reshape(-1, 28, 28).astype(np.uint8), y


@st.cache_data(show_spinner=False)
def zoo_figures(name: str) -> dict:
    return zoo.figures(name)


@st.cache_data(show_spinner=False)
def lecture_claims() -> list[dict]:
    return zoo.lecture_claims()


@st.cache_data(show_spinner=False, max_entries=16)
def filters_tile(name: str) -> Image.Image:
    """The first conv layer's kernels as one image; weights never change, so drawn once per model."""
    return tile_grid(explain.first_layer_filters(classifier(name).model), cols=16, pad=3, cell=36)


def available_imagenet() -> list[str]:
    return [n for n in imagenet.IMAGENET_MODELS if imagenet.is_available(n)]


# -- input helpers ----------------------------------------------------------------------------------------
def canvas_to_image(rgba: np.ndarray | None) -> Image.Image | None:
    """Canvas RGBA (white strokes on black or transparent) -> grayscale ink image, None when nothing is drawn."""
    if rgba is None:
        return None
    a = np.asarray(rgba, dtype=np.float32)
    if a.ndim != 3 or a.shape[2] < 3:
        return None
    ink = a[..., :3].max(axis=2) * (a[..., 3] / 255.0 if a.shape[2] == 4 else 1.0)  # (H, W) 0..255
    if ink.max() < 20:
        return None
    return Image.fromarray(ink.clip(0, 255).astype(np.uint8), mode="L").convert("RGB")


def image_key(img: Image.Image) -> str:
    import hashlib

    return hashlib.sha1(img.tobytes() + str(img.size).encode()).hexdigest()[:16]


# -- figures ----------------------------------------------------------------------------------------------
def topk_figure(preds: list[dict], title: str = "") -> go.Figure:
    """Horizontal bars: labels and probabilities, best on top."""
    labels = [p["label"] for p in preds][::-1]
    probs = [p["prob"] for p in preds][::-1]
    fig = go.Figure(go.Bar(x=probs, y=labels, orientation="h", text=[f"{p:.1%}" for p in probs],
                           textposition="auto", marker_color="#1f5fbf"))
    fig.update_layout(title=title or None, xaxis=dict(range=[0, 1], tickformat=".0%"), height=60 + 36 * len(preds),
                      yaxis=dict(type="category"),  # digit labels "7", "1" are names, not numbers
                      margin=dict(l=10, r=10, t=40 if title else 10, b=10))
    return fig


def upscale(a: np.ndarray, size: int = 224) -> Image.Image:
    """A small float image (H, W) or (H, W, 3) in [0, 1] enlarged with visible pixels."""
    img = Image.fromarray((np.clip(a, 0, 1) * 255).astype(np.uint8))
    scale = max(1, size // max(img.size))
    return img.resize((img.size[0] * scale, img.size[1] * scale), Image.Resampling.NEAREST)


def tile_grid(tiles: np.ndarray, cols: int = 8, pad: int = 1, cell: int = 48) -> Image.Image:
    """(n, h, w) or (n, h, w, 3) in [0, 1] -> one grid image, each tile enlarged to about ``cell`` pixels."""
    n = len(tiles)
    rows = int(np.ceil(n / cols))
    h, w = tiles.shape[1:3]
    scale = max(1, cell // max(h, w))
    th, tw = h * scale, w * scale
    chans = 3 if tiles.ndim == 4 else 1
    grid = np.ones((rows * (th + pad) + pad, cols * (tw + pad) + pad, chans), dtype=np.float32)
    for i, t in enumerate(tiles):
        t = np.kron(t if t.ndim == 3 else t[..., None], np.ones((scale, scale, 1)))  # (th, tw, chans)
        r, c = divmod(i, cols)
        grid[pad + r * (th + pad): pad + r * (th + pad) + th, pad + c * (tw + pad): pad + c * (tw + pad) + tw] = t
    grid = grid[..., 0] if chans == 1 else grid
    return Image.fromarray((grid * 255).astype(np.uint8))


def timed_classify(clf: Classifier, img: Image.Image, top: int = 5, repeats: int = 3,
                   x=None) -> tuple[list[dict], float]:
    """Top-k and the median forward latency in milliseconds, measured now on this machine. ``x``: the already
    preprocessed image (1, C, H, W), when the caller has it."""
    x = clf.preprocess(img) if x is None else x
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        probs = clf.probabilities(x)[0]
        times.append(time.perf_counter() - t0)
    return clf.top(probs, top), 1000 * float(np.median(times))


def figures_frame(names, tr, measured: dict | None = None) -> pd.DataFrame:
    """The side-by-side table: architecture figures for every model, top-1 and latency where measured."""
    rows = []
    for n in names:
        f = zoo_figures(n)
        row = {
            tr("col_model"): n, tr("col_year"): f["year"], tr("col_params"): f"{f['params'] / 1e6:.1f} M",
            tr("col_gmacs"): f"{f['gmacs']:.2f}", tr("col_depth"): f["depth"],
            tr("col_layers"): f["weighted_layers"], tr("col_pub"): f"{f['published_top5_error']:.2f}%",
            tr("col_tv"): f"{f['torchvision_top5_error']:.2f}%",
        }
        if measured is not None:
            m = measured.get(n)
            row[tr("col_top1")] = f"{m['preds'][0]['label']} ({m['preds'][0]['prob']:.0%})" if m else tr("no_weights")
            row[tr("col_latency")] = f"{m['ms']:.0f} ms" if m else "—"
        rows.append(row)
    return pd.DataFrame(rows)


def claims_frame(tr) -> pd.DataFrame:
    return pd.DataFrame([
        {tr("col_model"): r["model"], tr("col_claim"): r["claim"], tr("col_measured"): r["measured"],
         tr("col_holds"): "✅" if r["holds"] else "❌"}
        for r in lecture_claims()
    ])
