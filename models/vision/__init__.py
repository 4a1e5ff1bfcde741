"""Image classification: safe decoding, torchvision ImageNet models, the bundled digits CNN, Grad-CAM, the zoo."""
