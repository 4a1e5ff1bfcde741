"""Training lab: AlexNet's recipe as knobs, live curves, lecture experiments, compare runs, confusion drill-down."""

from ui.lab import render

render()
