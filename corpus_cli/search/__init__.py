"""Search: candidate pairs of paragraphs and articles, from fingerprint postings."""
