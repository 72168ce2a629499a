"""Column widths of the speaker tables, which the migrations created and PostgreSQL enforces.

The registry loader checks its own limits (``quotes.attribute.registry``); a test keeps them
within these widths, so the storage layer owns its schema without importing the core.
"""

from __future__ import annotations

# A speaker's registry key, also kept in the review log.
MAX_KEY_CHARS = 100
# A speaker's name, alias, role title or role pattern.
MAX_TEXT_CHARS = 200
