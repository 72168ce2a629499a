"""What ``quotes serve`` was started with: the options after the environment filled them in."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Settings:
    """``db_url`` and ``speakers_file`` as given, None where the option was not: the app opens
    them as every command does (QUOTES_DB and QUOTES_SPEAKERS, else the defaults)."""

    db_url: str | None = None
    speakers_file: str | None = None
    # Set: every decision is this reviewer's; None: each browser is asked once.
    reviewer: str | None = None
    # Set: every request must carry it (required when listening beyond loopback).
    token: str | None = None
