"""Text model: normalisation with offsets, paragraphs, sentences, boilerplate."""
