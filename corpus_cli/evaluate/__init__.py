"""Scorers of the quality gates: ``corpus dedupe`` and ``corpus quotes`` against labelled data.

Each module runs on its own (``python -m corpus_cli.evaluate.dedupe``, ``... .quotes``);
the gates in ``tests/quality`` and the benchmarks in ``bench/`` call the same functions.
"""
