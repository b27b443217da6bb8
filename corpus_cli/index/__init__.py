"""Index: word tokens, fingerprints and the persisted postings that candidate search uses."""
