"""Inside the RNN: names → nationality (many-to-one), the vanilla-RNN step with numbers, vanishing gradients
measured on a long-memory task, padding and packing. Plain PyTorch; never imports streamlit."""
