"""``python -m quotes``: the same command line as the ``quotes`` script."""

from quotes.cli import cli

cli()
