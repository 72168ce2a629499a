"""Which registry speaker a name typed on the command line means, without guessing.

A name resolves only to a speaker whose key, name, alias or surname it is, with case,
diacritics and transliteration set aside (``Lukasenko``, ``Schoigu``, ``Путин``). Anything
looser ("Sergei Lavrov" for Shoigu, "P" for Peskov) is an error that offers the closest
forms; when the match needed diacritics or transliteration set aside, ``note`` says whom
it chose. ``strict`` (a review decision) takes the exact form or key only, case aside.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from quotes.attribute.registry import Registry, Speaker
from quotes.errors import RegistryError

# Cyrillic to Latin as English-language news writes Russian, Ukrainian and Belarusian names.
_LATIN = "a b v g g d e e ie zh z i i i i k l m n o p r s t u u f kh ts ch sh shch  y  e iu ia"
_CYRILLIC = dict(zip("абвгґдеёєжзиіїйклмнопрстуўфхцчшщъыьэюя", _LATIN.split(" "), strict=True))
# Spellings that transliteration systems swap, folded to one form (longest first).
_SWAPS = (
    ("shch", "sc"),
    ("sch", "s"),
    ("tsch", "c"),
    ("tch", "c"),
    ("ch", "c"),
    ("sh", "s"),
    ("zh", "z"),
    ("kh", "h"),
    ("ts", "c"),
    ("tz", "c"),
    ("cz", "c"),
    ("sz", "s"),
    ("ks", "x"),
    ("ck", "k"),
    ("ph", "f"),
    ("ou", "u"),
    ("ie", "e"),
    ("ye", "e"),
    ("w", "v"),
    ("y", "i"),
    ("j", "i"),
    ("q", "k"),
)
_SWAP = re.compile("|".join(re.escape(a) for a, _ in _SWAPS))
_SWAPPED = dict(_SWAPS)


def fold(value: str) -> str:
    """Case- and accent-free, spaces collapsed (Łukaszenka ~ lukaszenka)."""
    decomposed = unicodedata.normalize("NFKD", value.replace("ł", "l").replace("Ł", "L"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(bare.split())


def skeleton(value: str) -> str:
    """``value`` with transliteration variants folded together (Shoygu ~ Schoigu ~ Шойгу)."""
    latin = "".join(_CYRILLIC.get(ch, ch) for ch in fold(value))
    letters = re.sub(r"[^a-z ]+", "", _SWAP.sub(lambda m: _SWAPPED[m[0]], latin))
    return re.sub(r"(.)\1+", r"\1", letters).strip()


@dataclass(frozen=True, slots=True)
class Resolved:
    speaker: Speaker
    # None when the name is the speaker's key or one of their forms (case aside); else
    # how it was read, for the command to print.
    note: str | None = None


def _forms(speaker: Speaker) -> tuple[str, ...]:
    return (speaker.key, speaker.name, *speaker.names, *speaker.surnames)


def _unique(registry: Registry, wanted: str, key: object, name: str) -> Speaker | None:
    owners = {s.key: s for s in registry for form in _forms(s) if key(form) == wanted}  # type: ignore[operator]
    if len(owners) > 1:
        raise RegistryError(
            f"{name!r} names more than one speaker ({', '.join(sorted(owners))}):"
            " give the full name or the key"
        )
    return next(iter(owners.values()), None)


def resolve_speaker(registry: Registry, name: str, strict: bool = False) -> Resolved:
    """The one registry speaker ``name`` is a form of, else a ``RegistryError``."""
    text = name.strip()
    if not text:
        raise RegistryError("give a speaker's name (or registry key)")
    by_key = {s.key: s for s in registry}
    if text in by_key:
        return Resolved(by_key[text])
    found = _unique(registry, text.casefold(), lambda f: " ".join(f.casefold().split()), name)
    if found is not None:
        return Resolved(found)
    if not strict:
        for key, how in ((fold, "letters without their accents"), (skeleton, "a spelling")):
            wanted = key(text)
            if not wanted:
                continue
            found = _unique(registry, wanted, key, name)
            if found is not None:
                return Resolved(found, f"taking {name!r} ({how}) as {found.name}")
    raise RegistryError(_no_match(registry, name, strict))


def _no_match(registry: Registry, name: str, strict: bool) -> str:
    choices: dict[str, Speaker] = {}
    for speaker in registry:
        for form in _forms(speaker):
            choices.setdefault(fold(form), speaker)
    ranked = process.extract(fold(name), list(choices), scorer=fuzz.WRatio, limit=20)
    suggestions: list[str] = []
    for form, _score, _ in ranked:
        speaker = choices[form]
        shown = f"{speaker.name} ({speaker.key})"
        if shown not in suggestions:
            suggestions.append(shown)
    exact = "an exact name or key" if strict else "a name"
    return (
        f"no speaker matches {name!r}; did you mean {' or '.join(suggestions[:3])}? Give"
        f" {exact} from the registry (see `quotes speakers`, --speakers)"
    )
