"""Who said it: the speaker registry, cue lexicons, sieves and the ordered runner."""
