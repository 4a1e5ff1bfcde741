"""Translation of number words (English <-> Korean) with an encoder-decoder; see corpus, model, decode, train."""
