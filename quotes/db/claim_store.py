"""One document's claim texts grouped against the database: read ahead, group, write in bulk.

The grouping is ``quotes.dedupe.claims.assign``; ``DocumentStore`` is its KeyStore for one
document. Before grouping it reads what the document's texts can meet: the group of each
text's exact words, and each key's posting count (capped) and latest group, one bounded
read per key with many keys to a statement. A key's groups are read only when a text asks
for them, that is when the key is among its rarest. New groups get provisional negative
ids, and ``save`` writes groups and keys in a few statements. Reads go through a
``ClaimCache``, so a writer storing many documents reads a row once while no other process
writes claims. Per-sentence round trips had made ingest cost about 3 ms a sentence.

It keeps the same books as ``MemoryStore`` (a group's first and longest-since text, a key
posted again only when another group used it last), so grouping document by document here
and in one pass in memory give the same groups.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Select, bindparam, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from quotes.db.bulk import driver, fetch, insert_rows, insert_values, run_many
from quotes.db.claim_cache import ClaimCache
from quotes.db.models import Claim, ClaimGroup, ClaimKey, ClaimMention, table_of
from quotes.dedupe.claims import MAX_POSTINGS, rarest_keys, remember

# Keys read per statement: SQLite allows 500 terms in a compound SELECT.
KEYS_PER_READ = 200
STATEMENT_SIZES = (8, 32, 100, KEYS_PER_READ)
# Block keys are never negative.
NO_KEY = -1
# Values in one IN list, well under both backends' limits on bound parameters.
IN_CHUNK = 500


def norm_hash(norm: str) -> str:
    return hashlib.blake2b(norm.encode(), digest_size=8).hexdigest()


def chunks(items: Sequence[object], size: int) -> Iterable[Sequence[object]]:
    for at in range(0, len(items), size):
        yield items[at : at + size]


def rows_in(
    connection: Connection,
    query: Select[*tuple[Any, ...]],
    column: InstrumentedAttribute[Any],
    values: Sequence[Any],
    sqlite_query: str,
) -> list[Any]:
    """The rows of ``query`` whose ``column`` is one of ``values``, IN_CHUNK values a statement.

    On SQLite the driver's own call runs ``sqlite_query`` instead (the same query, ``{}``
    where its IN list goes): these reads run for most documents, some for most sentences.
    """
    raw = driver(connection)
    rows: list[Any] = []
    for part in chunks(values, IN_CHUNK):
        if raw is not None:
            rows.extend(fetch(raw, sqlite_query.format(", ".join("?" * len(part))), part))
        else:
            rows.extend(connection.execute(query.where(column.in_(part))).all())
    return rows


class DocumentStore:
    """The KeyStore of ``quotes.dedupe.claims`` for one document's texts, over one session.

    Stored books are read through ``cache`` (what this process already knows of them);
    what the document adds is kept apart until ``save`` writes it and hands it to the cache.
    """

    def __init__(
        self, session: Session, texts: Sequence[tuple[str, list[int]]], cache: ClaimCache
    ) -> None:
        """Read ahead for ``texts``: (normalised text, its block keys), in document order."""
        self.session = session
        self.cache = cache
        norms = [norm for norm, _ in texts]
        _read_exact(session, cache, norms)
        self.seen = {n: g for n in norms if (g := cache.exact[n]) is not None}
        _read_heads(session, cache, sorted({k for _, keys in texts for k in keys}))
        self.added: dict[int, list[int]] = {}
        # Representatives of the groups read so far (and of new ones), as this document
        # leaves them; the cache keeps them as stored until ``save``.
        self.texts: dict[int, list[str]] = {}
        # Texts added to a stored group whose representatives are not read yet, in order.
        self.pending: dict[int, list[str]] = {}
        self.new_groups: list[int] = []
        self.new_keys: list[tuple[int, int]] = []
        self._read_ahead([keys for norm, keys in texts if norm not in self.seen])

    def _read_ahead(self, key_lists: list[list[int]]) -> None:
        """Read the postings the texts will ask for, in one statement.

        Predicted from the stored counts alone; what the document's own texts change is
        read when asked, so a wrong guess costs a query, never a different answer. Group
        texts are read when a text asks: most are in the cache by then, and predicting
        them cost as much as grouping.
        """
        wanted = {k for keys in key_lists for k in rarest_keys(self.counts(keys))}
        self.latest(sorted(wanted))

    def exact(self, norm: str) -> int | None:
        return self.seen.get(norm)

    def counts(self, keys: list[int]) -> dict[int, int]:
        heads, found = self.cache.heads, {}
        for key in keys:
            count = heads[key][0] + len(self.added.get(key, ()))
            if count:
                found[key] = min(count, MAX_POSTINGS + 1)
        return found

    def latest(self, keys: list[int]) -> dict[int, list[int]]:
        cache = self.cache
        unread = [k for k in keys if cache.heads[k][0] and k not in cache.latest]
        if unread:
            for key, groups in _latest_groups(self.session, unread).items():
                cache.set_latest(key, groups)
        return {k: (cache.latest.get(k, []) + self.added.get(k, []))[-MAX_POSTINGS:] for k in keys}

    def representatives(self, groups: list[int]) -> dict[int, list[str]]:
        self._read_texts([g for g in groups if g not in self.texts])
        return {g: self.texts[g] for g in groups}

    def new_group(self, norm: str) -> int:
        group = -(len(self.new_groups) + 1)
        self.new_groups.append(group)
        self.texts[group] = []
        return group

    def add(self, group: int, keys: list[int], norm: str) -> None:
        self.seen.setdefault(norm, group)
        if group in self.texts:
            remember(self.texts[group], norm)
        else:
            self.pending.setdefault(group, []).append(norm)
        for key in keys:
            added = self.added.setdefault(key, [])
            if (added[-1] if added else self.cache.heads[key][1]) != group:
                added.append(group)
                self.new_keys.append((key, group))

    def save(self) -> dict[int, int]:
        """Write new groups, changed representatives and new keys; new groups' row ids.

        The answer maps each provisional (negative) id to its row id. The cache learns what
        was written, as the database will hold it once the transaction commits.
        """
        self._read_texts(list(self.pending))
        ids: dict[int, int] = {}
        connection = self.session.connection()
        if self.new_groups:
            rows = [
                {"first": self.texts[g][0], "second": _second(self.texts[g])}
                for g in self.new_groups
            ]
            made = insert_rows(connection, table_of(ClaimGroup), rows, ids=True)
            ids.update(zip(self.new_groups, made, strict=True))
        changed = [
            {"group": g, "text": _second(texts)}
            for g, texts in self.texts.items()
            if g > 0 and texts != self.cache.texts[g]
        ]
        if changed:
            raw = driver(connection)
            if raw is None:
                table = table_of(ClaimGroup)
                renew = update(table).where(table.c.id == bindparam("group"))
                connection.execute(renew.values(second=bindparam("text")), changed)
            else:
                run_many(
                    raw,
                    "UPDATE claim_groups SET second = ? WHERE id = ?",
                    [(c["text"], c["group"]) for c in changed],
                )
        if self.new_keys:
            insert_values(
                connection,
                table_of(ClaimKey),
                ("key", "group_id"),
                [(k, ids.get(g, g)) for k, g in self.new_keys],
            )
        self._teach_cache(ids)
        return ids

    def _teach_cache(self, ids: dict[int, int]) -> None:
        """Hand the cache this document's groups, texts and postings under their row ids."""
        cache = self.cache
        for norm, group in self.seen.items():
            cache.exact[norm] = ids.get(group, group)
        for key, groups in self.added.items():
            if not groups:
                continue
            posted = [ids.get(g, g) for g in groups]
            count = cache.heads[key][0]
            cache.heads[key] = (min(count + len(posted), MAX_POSTINGS + 1), posted[-1])
            if count == 0 or key in cache.latest:
                cache.set_latest(key, (cache.latest.get(key, []) + posted)[-MAX_POSTINGS:])
        for group, texts in self.texts.items():
            cache.texts[ids.get(group, group)] = texts

    def _read_texts(self, groups: list[int]) -> None:
        wanted = [g for g in groups if g > 0 and g not in self.texts]
        unread = [g for g in wanted if g not in self.cache.texts]
        if unread:
            self._fetch_texts(unread)
        for group in wanted:
            texts = list(self.cache.texts[group])
            for norm in self.pending.pop(group, []):
                remember(texts, norm)
            self.texts[group] = texts

    def _fetch_texts(self, groups: list[int]) -> None:
        """Put the stored representatives of ``groups`` in the cache."""
        query = select(ClaimGroup.id, ClaimGroup.first, ClaimGroup.second)
        rows = rows_in(self.session.connection(), query, ClaimGroup.id, groups, _SQLITE_TEXTS)
        for group, first, second in rows:
            self.cache.texts[group] = [t for t in (first, second) if t]


_SQLITE_TEXTS = "SELECT id, first, second FROM claim_groups WHERE id IN ({})"


def _second(texts: list[str]) -> str | None:
    return texts[1] if len(texts) > 1 else None


def _read_exact(session: Session, cache: ClaimCache, norms: Sequence[str]) -> None:
    """Put each text's stored group (or None) in the cache, reading those it lacks."""
    unread = [n for n in dict.fromkeys(norms) if n not in cache.exact]
    if unread:
        found = _exact_groups(session, unread)
        for norm in unread:
            cache.exact[norm] = found.get(norm)


def _read_heads(session: Session, cache: ClaimCache, keys: Sequence[int]) -> None:
    """Put each key's capped count and latest group in the cache, reading those it lacks."""
    unread = [k for k in keys if k not in cache.heads]
    if unread:
        found = _key_heads(session, unread)
        for key in unread:
            cache.heads[key] = found.get(key, (0, None))


_SQLITE_EXACT = (
    "SELECT claim_mentions.id, claim_mentions.norm, claims.group_id FROM claim_mentions"
    " JOIN claims ON claims.id = claim_mentions.claim_id WHERE claim_mentions.norm_hash IN ({})"
)


def _exact_groups(session: Session, norms: Sequence[str]) -> dict[str, int]:
    """The group of each text's earliest stored mention with the same normalised words."""
    wanted = set(norms)
    found: dict[str, tuple[int, int]] = {}
    hashes = sorted({norm_hash(n) for n in wanted})
    query = select(ClaimMention.id, ClaimMention.norm, Claim.group_id).join(
        Claim, Claim.id == ClaimMention.claim_id
    )
    rows = rows_in(session.connection(), query, ClaimMention.norm_hash, hashes, _SQLITE_EXACT)
    for mention, norm, group in rows:
        if norm in wanted and (norm not in found or mention < found[norm][0]):
            found[norm] = (mention, group)
    return {norm: group for norm, (_, group) in found.items()}


def _union(connection: Connection, keys: Sequence[int], select_one: str) -> list[Any]:
    """Rows of ``select_one`` (SQL with a ``{key}`` parameter) for each key, in one statement.

    The driver's own SQL and a fetchall: this runs for every key of every document, and
    result objects would cost more than the reads.
    """
    raw = driver(connection)
    marker = ":{}" if raw is not None else "%({})s"
    rows: list[Any] = []
    for part in chunks(keys, KEYS_PER_READ):
        # Padded to a few fixed lengths with a key no text has, so the driver's cache of
        # prepared statements is hit: preparing 200 subqueries costs as much as running them.
        size = next(n for n in STATEMENT_SIZES if n >= len(part))
        padded = list(part) + [NO_KEY] * (size - len(part))
        query = _union_sql(select_one, size, marker)
        params = {f"k{i}": key for i, key in enumerate(padded)}
        if raw is not None:
            rows.extend(fetch(raw, query, params))
        else:
            rows.extend(connection.exec_driver_sql(query, params).fetchall())
    return rows


@lru_cache(maxsize=16)
def _union_sql(select_one: str, size: int, marker: str) -> str:
    """``select_one`` for ``size`` keys named k0, k1 … in the driver's style, as one query."""
    return " UNION ALL ".join(
        select_one.format(key=marker.format(f"k{i}"), n=i) for i in range(size)
    )


def _key_heads(session: Session, keys: Sequence[int]) -> dict[int, tuple[int, int | None]]:
    """Each key's number of postings (capped at MAX_POSTINGS + 1) and its latest group.

    Capped because a common key ("we will not") has rows from across the archive.
    """
    rows = _union(
        session.connection(),
        keys,
        "SELECT CAST({key} AS BIGINT),"
        " (SELECT count(*) FROM (SELECT 1 FROM claim_keys WHERE key = {key}"
        f" LIMIT {MAX_POSTINGS + 1}) AS c{{n}}),"
        " (SELECT group_id FROM claim_keys WHERE key = {key} ORDER BY id DESC LIMIT 1)",
    )
    return {key: (count, group) for key, count, group in rows if key != NO_KEY}


def _latest_groups(session: Session, keys: Sequence[int]) -> dict[int, list[int]]:
    """Each key's latest MAX_POSTINGS groups, oldest first."""
    rows = _union(
        session.connection(),
        keys,
        "SELECT * FROM (SELECT key, group_id, id FROM claim_keys WHERE key = {key}"
        f" ORDER BY id DESC LIMIT {MAX_POSTINGS}) AS p{{n}}",
    )
    found: dict[int, list[tuple[int, int]]] = {k: [] for k in keys}
    for key, group, row_id in rows:
        found[key].append((row_id, group))
    return {key: [g for _, g in sorted(pairs)] for key, pairs in found.items()}
