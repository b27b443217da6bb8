"""Flat records and summaries built from core results: no terminal code here."""
