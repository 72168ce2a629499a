"""The speaker registry: names, spelling variants and dated roles, loaded from TOML."""

from __future__ import annotations

import re
import tomllib
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from difflib import get_close_matches
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from rapidfuzz import fuzz, process

from quotes.attribute.patterns import alternation
from quotes.errors import RegistryError

MentionKind = Literal["name", "role"]

# A name directly followed by one of these is a possessive ("Putin's spokesman"): a modifier,
# never the subject that speaks.
_POSSESSIVE = re.compile(r"(?:['’]s\b|['’](?!\w))")

# The database stores keys and texts in columns of these widths (quotes/db/models.py), so a
# longer one is refused here, with its place in the file, not by the database mid-ingest.
MAX_KEY_CHARS = 100
MAX_TEXT_CHARS = 200


class RegistryWarning(UserWarning):
    """Something in a registry file that loads but will not work as its author may expect."""


@dataclass(frozen=True, slots=True)
class Role:
    """A title that stands for its holder between ``start`` and ``end`` (inclusive)."""

    title: str
    patterns: tuple[str, ...]
    start: date | None = None
    end: date | None = None

    def held_on(self, day: date | None) -> bool:
        """Whether the role was held on ``day``; an undated text only knows current roles."""
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Speaker:
    key: str
    name: str
    gender: str | None
    surnames: tuple[str, ...]
    names: tuple[str, ...]
    roles: tuple[Role, ...]

    @property
    def short(self) -> str:
        """The display surname ("Lukashenko")."""
        return self.surnames[0] if self.surnames else self.name

    def roles_on(self, day: date | None) -> tuple[Role, ...]:
        return tuple(role for role in self.roles if role.held_on(day))


@dataclass(frozen=True, slots=True)
class Mention:
    """Where the text names a registry speaker, by name or by a role they held."""

    start: int
    end: int
    surface: str
    speaker: str
    kind: MentionKind
    possessive: bool = False


@dataclass(frozen=True, slots=True)
class SharedMention:
    """Where the text uses a form two or more registry speakers share ("Kim")."""

    start: int
    end: int
    surface: str
    owners: tuple[str, ...]
    possessive: bool = False


# Characters that show nothing and may stand inside a word: soft hyphen, zero-width space,
# non-joiner, joiner, word joiner, and the byte-order mark used as a zero-width no-break.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


class _Visible:
    """``text[start:end]`` without invisible characters, and the way back to its offsets."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.original = text
        self.positions = [i for i in range(start, end) if not _INVISIBLE.match(text[i])]
        self.text = "".join(text[i] for i in self.positions)

    def back(self, m: Mention) -> Mention:
        start = self.positions[m.start]
        end = self.positions[m.end - 1] + 1
        return Mention(start, end, self.original[start:end], m.speaker, m.kind, m.possessive)


def _overlap(a: Role, b: Role) -> bool:
    """Whether two roles are held on some day by both."""
    return (a.end is None or b.start is None or b.start <= a.end) and (
        b.end is None or a.start is None or a.start <= b.end
    )


def _fold(value: str) -> str:
    """Case- and accent-insensitive form for lenient lookups (Łukaszenka ~ lukaszenka)."""
    decomposed = unicodedata.normalize("NFKD", value.replace("ł", "l").replace("Ł", "L"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _role_key(surface: str) -> str:
    """A role mention as looked up: case, apostrophes, hyphens and spacing folded."""
    folded = surface.casefold().replace("’", "'").replace("‐", "-").replace("‑", "-")
    return " ".join(folded.split())


class Registry:
    """The speakers the tool knows, with fast lookups of their mentions in text."""

    def __init__(self, speakers: tuple[Speaker, ...]) -> None:
        if not speakers:
            raise RegistryError("the speaker registry is empty: add at least one [[speaker]]")
        self.speakers = speakers
        self._by_key = {s.key: s for s in speakers}

    def __iter__(self) -> Iterator[Speaker]:
        return iter(self.speakers)

    def __len__(self) -> int:
        return len(self.speakers)

    def get(self, key: str) -> Speaker:
        return self._by_key[key]

    @cached_property
    def _name_owners(self) -> dict[str, tuple[str, ...]]:
        owners: dict[str, list[str]] = {}
        for s in self.speakers:
            for form in (*s.names, *s.surnames):
                keys = owners.setdefault(form, [])
                if s.key not in keys:
                    keys.append(s.key)
        return {form: tuple(keys) for form, keys in owners.items()}

    @cached_property
    def _name_owner(self) -> dict[str, str]:
        """Forms that name one speaker only: only these resolve on their own.

        Each form also in capitals ("PESKOV", as transcripts and headlines write names),
        where the capitals are no form of their own and belong to one speaker only.
        """
        owner = {form: keys[0] for form, keys in self._name_owners.items() if len(keys) == 1}
        capitals: dict[str, set[str]] = {}
        for form, keys in self._name_owners.items():
            upper = form.upper()
            if upper != form and upper not in self._name_owners:
                capitals.setdefault(upper, set()).update(keys)
        owner.update({form: keys.pop() for form, keys in capitals.items() if len(keys) == 1})
        return owner

    @cached_property
    def shared_forms(self) -> dict[str, tuple[str, ...]]:
        """Forms two or more speakers share ("Kim"), with their keys in registry order.

        Such a form names nobody by itself: the full name, a role or what the article said
        before must say which (``quotes.attribute.discourse``), or the speaker stays null.
        """
        return {form: keys for form, keys in self._name_owners.items() if len(keys) > 1}

    @property
    def warnings(self) -> tuple[str, ...]:
        """What a user should know about the registry as loaded: names and roles that
        stand for more than one speaker, which are never resolved by themselves."""
        names = tuple(
            f"the name {form!r} belongs to {' and '.join(keys)}: it is left unattributed"
            " unless a full name, a role or the article says which"
            for form, keys in self.shared_forms.items()
        )
        return names + self._shared_roles()

    def _shared_roles(self) -> tuple[str, ...]:
        found: list[str] = []
        for pattern, holders in self._role_holders.items():
            for i, (key, role) in enumerate(holders):
                other = next(
                    (k for k, r in holders[i + 1 :] if k != key and _overlap(role, r)), None
                )
                if other is not None:
                    found.append(
                        f"the role {pattern!r} is held by {key} and {other} at the same time:"
                        " it is left unattributed while both hold it"
                    )
                    break
        return tuple(found)

    @cached_property
    def _shared_regex(self) -> re.Pattern[str] | None:
        if not self.shared_forms:
            return None
        return re.compile(rf"(?<!\w)(?:{alternation(list(self.shared_forms))})(?!\w)")

    def find_ambiguous(
        self, text: str, start: int = 0, end: int | None = None
    ) -> list[SharedMention]:
        """Every use of a shared form in ``text[start:end]`` not inside a longer name."""
        if self._shared_regex is None:
            return []
        end = len(text) if end is None else end
        names = [(m.start, m.end) for m in self.find_names(text, start, end)]
        found = []
        for m in self._shared_regex.finditer(text, start, end):
            if any(s <= m.start() and m.end() <= e for s, e in names):
                continue
            squashed = re.sub(r"\s+", " ", m.group().replace("’", "'"))
            owners = next(
                (k for f, k in self.shared_forms.items() if f.replace("’", "'") == squashed),
                (),
            )
            possessive = bool(_POSSESSIVE.match(text, m.end()))
            found.append(SharedMention(m.start(), m.end(), m.group(), owners, possessive))
        return found

    @cached_property
    def _name_regex(self) -> re.Pattern[str]:
        if not self._name_owner:
            return re.compile(r"(?!x)x")
        return re.compile(rf"(?<!\w)(?:{alternation(list(self._name_owner))})(?!\w)")

    @cached_property
    def _role_regex(self) -> re.Pattern[str]:
        patterns = [p for s in self.speakers for r in s.roles for p in r.patterns]
        if not patterns:
            return re.compile(r"(?!x)x")
        return re.compile(rf"(?<!\w)(?:{alternation(patterns)})(?!\w)", re.IGNORECASE)

    @cached_property
    def _role_holders(self) -> dict[str, list[tuple[str, Role]]]:
        holders: dict[str, list[tuple[str, Role]]] = {}
        for s in self.speakers:
            for r in s.roles:
                for p in r.patterns:
                    holders.setdefault(_role_key(p), []).append((s.key, r))
        return holders

    def _name_key(self, surface: str) -> str:
        if surface in self._name_owner:
            return self._name_owner[surface]
        squashed = re.sub(r"\s+", " ", surface.replace("’", "'"))
        for form, key in self._name_owner.items():
            if form.replace("’", "'") == squashed:
                return key
        raise KeyError(surface)

    def find_names(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        """Every whole-word name or spelling variant in ``text[start:end]``.

        A soft hyphen or zero-width character inside a name (left by a web page or a
        word processor) does not hide it: the mention covers it, as the text does.
        """
        end = len(text) if end is None else end
        if _INVISIBLE.search(text, start, end):
            view = _Visible(text, start, end)
            return [view.back(m) for m in self.find_names(view.text)]
        found = []
        for m in self._name_regex.finditer(text, start, end):
            possessive = bool(_POSSESSIVE.match(text, m.end()))
            found.append(
                Mention(
                    m.start(), m.end(), m.group(), self._name_key(m.group()), "name", possessive
                )
            )
        return found

    def find_roles(
        self, text: str, day: date | None, start: int = 0, end: int | None = None
    ) -> list[Mention]:
        """Role mentions in ``text[start:end]`` that resolve to exactly one holder on ``day``."""
        end = len(text) if end is None else end
        if _INVISIBLE.search(text, start, end):
            view = _Visible(text, start, end)
            return [view.back(m) for m in self.find_roles(view.text, day)]
        found = []
        for m in self._role_regex.finditer(text, start, end):
            holders = {
                key
                for key, role in self._role_holders.get(_role_key(m.group()), ())
                if role.held_on(day)
            }
            if len(holders) == 1:
                possessive = bool(_POSSESSIVE.match(text, m.end()))
                found.append(
                    Mention(m.start(), m.end(), m.group(), holders.pop(), "role", possessive)
                )
        return found

    def names_a_role(self, text: str) -> bool:
        """Whether ``text`` holds any role pattern (so who it names may depend on the date)."""
        return self._role_regex.search(text) is not None

    def lookup(self, name: str) -> Speaker:
        """A speaker by key, name, variant or a near spelling; the error lists the closest."""
        wanted = _fold(name.strip())
        choices: dict[str, str] = {}
        shared: dict[str, list[str]] = {}
        for s in self.speakers:
            for form in (s.key, s.name, *s.names, *s.surnames):
                folded = _fold(form)
                if folded in choices and choices[folded] != s.key:
                    shared.setdefault(folded, [choices[folded]]).append(s.key)
                choices[folded] = s.key
        if wanted in shared:
            raise RegistryError(
                f"{name!r} names more than one speaker ({', '.join(shared[wanted])}):"
                " give the full name or the key"
            )
        if wanted in choices:
            return self._by_key[choices[wanted]]
        best = process.extractOne(wanted, list(choices), scorer=fuzz.WRatio, score_cutoff=85)
        if best is not None:
            return self._by_key[choices[best[0]]]
        ranked = process.extract(wanted, list(choices), scorer=fuzz.WRatio, limit=12)
        suggestions: list[str] = []
        for form, _score, _ in ranked:
            short = self._by_key[choices[form]].short
            if short not in suggestions:
                suggestions.append(short)
        raise RegistryError(
            f"no speaker matches {name!r}; closest: {', '.join(suggestions[:3])}"
            " (speakers come from the registry file: see --speakers)"
        )


# The schema of a registry file: every field a [[speaker]] and a [[speaker.role]] may have.
_SPEAKER_FIELDS = ("key", "name", "gender", "surnames", "names", "role")
_ROLE_FIELDS = ("title", "patterns", "from", "to")
_GENDERS = ("m", "f")
# Keys the reports use for "none of the registry": a speaker may not take one.
RESERVED_KEYS = frozenset({"other", "outside", "none", "null"})


def _as_date(value: object, where: str) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise RegistryError(f"{where}: dates are written YYYY-MM-DD, got {value!r}")


def _kind(value: object) -> str:
    """What a TOML value is, in the file's own words."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date" if isinstance(value, date) else type(value).__name__


def _text(entry: dict[str, Any], field: str, where: str, table: str = "") -> str | None:
    """A string field, stripped; missing is an error when the ``table`` needs it."""
    value = entry.get(field)
    if value is None:
        if table:
            raise RegistryError(
                f"{where}: field {field!r} is missing; every {table} needs {field!r}"
            )
        return None
    if not isinstance(value, str):
        raise RegistryError(
            f"{where}, field {field!r}: a string is expected, got {_kind(value)} ({value!r})"
        )
    if not value.strip():
        raise RegistryError(f"{where}, field {field!r}: is empty; give a name or remove it")
    limit = MAX_KEY_CHARS if field == "key" else MAX_TEXT_CHARS
    if len(value.strip()) > limit:
        raise RegistryError(
            f"{where}, field {field!r}: {value[:40]!r}… is longer than {limit} characters"
            + (f"; a key must be 1 to {MAX_KEY_CHARS} characters" if field == "key" else "")
        )
    return value.strip()


def _texts(entry: dict[str, Any], field: str, where: str) -> tuple[str, ...]:
    """A list-of-strings field. A bare string is refused: read as a list, it would be split
    into letters and each letter would match."""
    value = entry.get(field, [])
    if isinstance(value, str):
        raise RegistryError(
            f"{where}, field {field!r}: a list of strings is expected, got a string;"
            f" write {field} = [{value!r}]"
        )
    if not isinstance(value, list):
        raise RegistryError(
            f"{where}, field {field!r}: a list of strings is expected, got {_kind(value)}"
            f" ({value!r})"
        )
    found: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise RegistryError(
                f"{where}, field {field!r}, item {i + 1}: a string is expected, got"
                f" {_kind(item)} ({item!r})"
            )
        if not item.strip():
            raise RegistryError(f"{where}, field {field!r}, item {i + 1}: is empty")
        if len(item.strip()) > MAX_TEXT_CHARS:
            raise RegistryError(
                f"{where}, field {field!r}, item {i + 1}: {item[:40]!r}… is longer than"
                f" {MAX_TEXT_CHARS} characters"
            )
        found.append(item.strip())
    return tuple(found)


def _unknown(entry: dict[str, Any], known: tuple[str, ...], where: str) -> None:
    for field in entry:
        if field not in known:
            close = get_close_matches(field, known, n=1, cutoff=0.8)
            hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(known)}"
            raise RegistryError(f"{where}: unknown field {field!r} ({hint})")


def _role(raw: object, where: str) -> Role:
    if not isinstance(raw, dict):
        raise RegistryError(f"{where}: a [[speaker.role]] table is expected, got {_kind(raw)}")
    _unknown(raw, _ROLE_FIELDS, where)
    title = _text(raw, "title", where, "[[speaker.role]]") or ""
    patterns = _texts(raw, "patterns", where)
    start, end = _as_date(raw.get("from"), where), _as_date(raw.get("to"), where)
    if start is not None and end is not None and end < start:
        raise RegistryError(
            f"{where} ({title}): 'from' {start} is after 'to' {end}; the role must start"
            " before it ends"
        )
    return Role(title=title, patterns=patterns, start=start, end=end)


def _speaker(entry: object, where: str) -> Speaker:
    if not isinstance(entry, dict):
        raise RegistryError(f"{where}: a [[speaker]] table is expected, got {_kind(entry)}")
    key = _text(entry, "key", where, "[[speaker]]") or ""
    where = f"{where} ({key})"
    _unknown(entry, _SPEAKER_FIELDS, where)
    if key.casefold() in RESERVED_KEYS:
        raise RegistryError(
            f"{where}, field 'key': {key!r} is reserved (it means none of the registry in"
            " reports and gold files); choose another key"
        )
    name = _text(entry, "name", where, "[[speaker]]") or ""
    raw_roles = entry.get("role", [])
    if not isinstance(raw_roles, list):
        raise RegistryError(
            f"{where}, field 'role': [[speaker.role]] tables are expected, got {_kind(raw_roles)}"
        )
    roles = tuple(_role(raw, f"{where} role {i + 1}") for i, raw in enumerate(raw_roles))
    surnames = _texts(entry, "surnames", where) or (name.split()[-1],)
    names = _texts(entry, "names", where)
    if name not in names:
        names = (name, *names)
    gender = _text(entry, "gender", where)
    if gender is not None and gender not in _GENDERS:
        raise RegistryError(
            f"{where}, field 'gender': {gender!r} is not one of {', '.join(_GENDERS)};"
            " leave it out when unknown"
        )
    return Speaker(key, name, gender, surnames, names, roles)


def load_registry(path: Path) -> Registry:
    """Read a registry TOML file; a malformed file is a RegistryError naming the problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RegistryError(f"speaker registry {path} not found: check --speakers") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"cannot read speaker registry {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"speaker registry {path} is not valid TOML: {exc}") from None
    for field in data:
        if field != "speaker":
            close = " (did you mean [[speaker]]?)" if get_close_matches(field, ["speaker"]) else ""
            raise RegistryError(
                f"speaker registry {path}: unknown table or field {field!r}{close};"
                " a registry holds [[speaker]] entries only"
            )
    entries = data.get("speaker", [])
    if not isinstance(entries, list):
        raise RegistryError(
            f"speaker registry {path}: 'speaker' must be [[speaker]] entries (a list of tables),"
            f" got {_kind(entries)}; write [[speaker]] with two brackets"
        )
    speakers = tuple(_speaker(e, f"{path} speaker {i + 1}") for i, e in enumerate(entries))
    keys = [s.key for s in speakers]
    if len(set(keys)) != len(keys):
        raise RegistryError(f"speaker registry {path} repeats a key: {sorted(keys)}")
    registry = Registry(speakers)
    for message in registry.warnings:
        warnings.warn(f"speaker registry {path}: {message}", RegistryWarning, stacklevel=2)
    return registry
