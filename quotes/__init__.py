"""quotes: who said what, when, and where it was reported."""

__version__ = "0.1.0"
