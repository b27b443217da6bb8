"""Ingest: find inputs, decode bytes, read formats into ``Document`` records."""
