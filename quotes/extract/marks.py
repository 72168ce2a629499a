"""Quotation marks: which family each belongs to and which way it leans.

A mark's family decides what may close it: ``"…”``, ``“…"`` and ``„…“`` pair because they
are all double marks. Its lean only breaks ties; the text around a mark decides first, which
is how ``»…«`` (German) and ``”…”`` (Swedish) come out right without special cases.
"""

from __future__ import annotations

from enum import Enum


class Family(Enum):
    DOUBLE = "double"
    SINGLE = "single"
    GUILLEMET = "guillemet"
    SINGLE_GUILLEMET = "single_guillemet"


class Lean(Enum):
    OPEN_ONLY = "open_only"  # „ and ‚ never close
    OPEN = "open"
    EITHER = "either"
    CLOSE = "close"
    CLOSE_ONLY = "close_only"  # ’ never opens: '’Twas' is an elision, not a quote


MARKS: dict[str, tuple[Family, Lean]] = {
    '"': (Family.DOUBLE, Lean.EITHER),
    "“": (Family.DOUBLE, Lean.OPEN),
    "”": (Family.DOUBLE, Lean.CLOSE),
    "„": (Family.DOUBLE, Lean.OPEN_ONLY),
    "‟": (Family.DOUBLE, Lean.OPEN),
    "«": (Family.GUILLEMET, Lean.OPEN),
    "»": (Family.GUILLEMET, Lean.CLOSE),
    "'": (Family.SINGLE, Lean.EITHER),
    "‘": (Family.SINGLE, Lean.OPEN),
    "’": (Family.SINGLE, Lean.CLOSE_ONLY),
    "‚": (Family.SINGLE, Lean.OPEN_ONLY),
    "‛": (Family.SINGLE, Lean.OPEN),
    "‹": (Family.SINGLE_GUILLEMET, Lean.OPEN),
    "›": (Family.SINGLE_GUILLEMET, Lean.CLOSE),
}

# Families whose quotes may run past the end of a paragraph (news convention). A single
# quote left open is far more often an apostrophe or an elision, so it is dropped instead.
MAY_RUN_ON = frozenset({Family.DOUBLE, Family.GUILLEMET})

# Characters after which a mark starts something (an opening context) ...
OPENING_CONTEXT = set("([{<—–-/‐‑:") | set(MARKS)
# ... and before which a mark ends something (a closing context).
CLOSING_CONTEXT = set(".,;:!?)]}>—–-…/‐‑") | set(MARKS)

# Words that follow an elided apostrophe ('90s, 'em, 'til), not an opening quote.
ELISIONS = frozenset({"em", "til", "tis", "twas", "n", "cause", "bout", "round", "nuff", "s"})
