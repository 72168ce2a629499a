"""Text in, spans out: reading articles, quote marks, paragraphs and sentences."""
