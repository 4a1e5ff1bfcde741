"""Word tagging (many-to-many, aligned): a BiLSTM part-of-speech tagger trained on UD English-EWT.

Modules: conllu_io (reader), treebank (where the data is), download (fetch it), tokenize (UD-style tokens),
vocab + model (the network), train (the project's Trainer with a masked step), baselines (most frequent tag),
inference (load, tag, evaluate), cli (``tag``, ``train tagger``, ``data download ud-english-ewt``).
"""
