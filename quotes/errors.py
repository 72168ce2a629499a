"""The exceptions library code raises; the CLI turns each into one line on stderr."""


class QuotesError(Exception):
    """A problem the user can fix; the message says what to do next."""


class InputError(QuotesError):
    """A file or path that cannot be read as an article."""


class DatabaseError(QuotesError):
    """The database cannot be opened, migrated or written."""


class RegistryError(QuotesError):
    """The speaker registry is missing, malformed, or does not know a name."""
