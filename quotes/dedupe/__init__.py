"""Claims and fuzzy deduplication: the same words reported by many outlets are one claim."""
