"""The text model: normalisation with an offset map back to the raw text (``normalize``),
headline, paragraphs and sentences as spans (``segment``), article identity and
segmentation (``article``), and every boilerplate rule (``boilerplate``)."""
