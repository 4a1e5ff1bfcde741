"""Training lab backend: a small dataset registry, lecture networks (MLP → ResNet), configs and experiments.

Pages and the CLI build runs with :func:`models.lab.lab.build_run`; nothing here imports streamlit.
"""
