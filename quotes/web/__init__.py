"""``quotes serve``: pages for asking, citing and reviewing attributions in a browser."""
