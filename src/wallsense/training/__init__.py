"""Training and evaluation: labelled pages in, a model card and metrics out."""
