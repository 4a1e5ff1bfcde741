"""Teach the CNN your own classes (transfer learning, Teachable-Machine style), without Streamlit.

data.py      the user's classes and images (uploads, folders, built-in sample sets), limits and messages
features.py  frozen EfficientNet-Lite0 -> pooled 1,280-d features, cached per image by content hash
learners.py  what is trained on top: a linear head on the features, or the lab's small CNN from scratch
evaluate.py  the stated split (held-out, or k-fold when a class has < 10 images), confusion matrix
export.py    the head as a weights-only checkpoint + class names JSON, and loading it back
cli.py       ``python -m models teach --data DIR``
"""
