"""Teach the CNN your own classes: frozen Lite0 features + a linear head, next to a small CNN from scratch."""

from ui.teach import render

render()
