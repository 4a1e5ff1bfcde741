"""A chart shown through ui.presenter.show_chart, for the browser test of the presenter template."""

import plotly.express as px

from ui.presenter import presenter_css, presenter_toggle, show_chart

presenter_toggle()
presenter_css()
fig = px.line(x=[1, 2, 3], y=[3, 1, 2], labels={"x": "epoch", "y": "loss"})
show_chart(fig, "demo-curve")
