"""The speaker registry: loading, lenient lookup, dated roles, and swapping in another one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import Quotes

from quotes.attribute.registry import RegistryWarning, load_registry
from quotes.attribute.runner import extract
from quotes.config import speakers_path
from quotes.errors import RegistryError
from quotes.types import Article

REGISTRY = load_registry(speakers_path())


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Lukashenko", "lukashenko"),
        ("lukashenka", "lukashenko"),
        ("Łukaszenka", "lukashenko"),
        ("LUKASHENKO", "lukashenko"),
        ("Shoygu", "shoigu"),
        ("Путин", "putin"),
        ("Vladimir Vladimirovich", "putin"),
        ("peskov", "peskov"),
        ("Peskow", "peskov"),
        ("Lukashenkko", "lukashenko"),  # a typo still finds him
    ],
)
def test_lookup_is_lenient(name: str, key: str) -> None:
    assert REGISTRY.lookup(name).key == key


def test_an_unknown_name_lists_the_closest() -> None:
    with pytest.raises(RegistryError, match=r"no speaker matches 'Medvedev'; closest: "):
        REGISTRY.lookup("Medvedev")


@pytest.mark.parametrize(
    ("phrase", "day", "key"),
    [
        ("Russian Defence Minister", date(2020, 1, 1), "shoigu"),
        ("Russian Defence Minister", date(2025, 1, 1), None),
        ("Russian Security Council Secretary", date(2025, 1, 1), "shoigu"),
        ("Russian Security Council Secretary", date(2020, 1, 1), None),
        ("Russian President", date(2010, 1, 1), None),  # Medvedev's term
        ("Russian Prime Minister", date(2010, 1, 1), "putin"),
        ("Russian President", None, "putin"),  # undated: only roles still held
        ("Russian Defence Minister", None, None),
        ("the Belarusian leader", date(2023, 1, 1), "lukashenko"),
        ("Kremlin spokesman", date(2023, 1, 1), "peskov"),
    ],
)
def test_roles_resolve_only_on_dates_they_were_held(
    phrase: str, day: date | None, key: str | None
) -> None:
    found = REGISTRY.find_roles(phrase, day)
    assert (found[0].speaker if found else None) == key


def test_possessives_are_marked() -> None:
    names = REGISTRY.find_names("Putin’s spokesman met Lukashenko's envoy and Peskov.")
    assert [(m.surface, m.possessive) for m in names] == [
        ("Putin", True),
        ("Lukashenko", True),
        ("Peskov", False),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[[speaker]]\nname = 'No Key'\n", "needs 'key'"),
        ("[[speaker]\nkey = 'x'", "not valid TOML"),
        (
            "[[speaker]]\nkey='a'\nname='A B'\n[[speaker.role]]\ntitle='t'\nfrom='yesterday'\n",
            "YYYY-MM-DD",
        ),
        ("", "empty"),
        ("[[speaker]]\nkey='a'\nname='A'\n[[speaker]]\nkey='a'\nname='B'\n", "repeats a key"),
        # Wider than the database columns: refused here, not by PostgreSQL mid-ingest.
        (f"[[speaker]]\nkey='{'k' * 101}'\nname='A B'\n", "key must be 1 to 100"),
        ("[[speaker]]\nkey=''\nname='A B'\n", "field 'key': is empty"),
        (f"[[speaker]]\nkey='a'\nname='A B'\nsurnames=['{'x' * 201}']\n", "longer than 200"),
        (
            f"[[speaker]]\nkey='a'\nname='A B'\n[[speaker.role]]\ntitle='t'\n"
            f"patterns=['{'p' * 201}']\n",
            r"speaker 1 \(a\) role 1, field 'patterns', item 1: 'ppp.*longer than 200",
        ),
    ],
)
def test_a_malformed_registry_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "speakers.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RegistryError, match=message):
        load_registry(path)


ZELENSKY = """
[[speaker]]
key = "zelensky"
name = "Volodymyr Zelensky"
surnames = ["Zelensky", "Zelenskyy", "Zelenskiy"]
[[speaker.role]]
title = "President of Ukraine"
from = 2019-05-20
patterns = ["Ukrainian President", "Ukraine's president"]
"""


def test_another_registry_attributes_its_own_speakers(tmp_path: Path) -> None:
    path = tmp_path / "ukraine.toml"
    path.write_text(ZELENSKY, encoding="utf-8")
    registry = load_registry(path)
    text = '"We will rebuild," Zelenskiy said.\n"No talks," Peskov said.'
    doc = extract(Article("t.txt", text, "s", date(2023, 1, 1)), registry)
    assert [q.attribution.speaker for q in doc.quotes] == ["zelensky", None]


def test_the_cli_takes_the_registry_from_the_environment(
    runner: Quotes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ukraine.toml"
    path.write_text(ZELENSKY, encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(' date 2023-01-01 "We will rebuild," the Ukrainian President said.\n')
    monkeypatch.setenv("QUOTES_SPEAKERS", str(path))
    runner.ok("ingest", str(article))
    rows = runner.json("list", "--speaker", "zelenskyy")
    assert [r["speaker"] for r in rows] == ["Volodymyr Zelensky"]
    code, _, err = runner.run("list", "--speakers", str(tmp_path / "nope.toml"))
    assert code == 1 and "not found" in err


TWO_KIMS = """
[[speaker]]
key = "kim_jong_un"
name = "Kim Jong Un"
gender = "m"
surnames = ["Kim"]
names = ["Kim Jong Un", "Kim Jong-un"]

[[speaker.role]]
title = "Supreme Leader of North Korea"
from = 2011-12-17
patterns = ["North Korean leader"]

[[speaker]]
key = "kim_yo_jong"
name = "Kim Yo Jong"
gender = "f"
surnames = ["Kim"]
names = ["Kim Yo Jong", "Kim Yo-jong"]
"""


def _two_kims(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "kims.toml"
    path.write_text(TWO_KIMS, encoding="utf-8")
    with pytest.warns(RegistryWarning) as caught:
        registry = load_registry(path)
    return registry, [str(w.message) for w in caught]


def test_a_shared_surname_is_ambiguous_and_the_loader_says_so(tmp_path: Path) -> None:
    registry, messages = _two_kims(tmp_path)
    assert registry.shared_forms == {"Kim": ("kim_jong_un", "kim_yo_jong")}
    assert len(messages) == 1
    assert "'Kim'" in messages[0]
    assert "kim_jong_un and kim_yo_jong" in messages[0]
    # The later entry no longer takes every "Kim".
    assert registry.find_names("Kim spoke.") == []
    with pytest.raises(RegistryError, match="more than one speaker"):
        registry.lookup("kim")
    assert registry.lookup("Kim Yo Jong").key == "kim_yo_jong"


def test_the_default_registry_shares_no_form() -> None:
    assert REGISTRY.shared_forms == {}
    assert REGISTRY.warnings == ()


SHARED = [
    # (text, speaker of the last quote): the full name says who; alone "Kim" says nobody.
    ('"We will respond," Kim said.', None),
    ('"We will respond," Kim Yo Jong said.', "kim_yo_jong"),
    ('"We will respond," Kim Jong Un said.', "kim_jong_un"),
    (
        'Kim Yo Jong issued a statement on Monday.\n\n"The drills are a provocation," Kim said.',
        "kim_yo_jong",
    ),
    (
        'Kim Jong Un visited a factory.\n\n"Production must double," Kim said.',
        "kim_jong_un",
    ),
    ('"Production must double," the North Korean leader said.', "kim_jong_un"),
]


@pytest.mark.parametrize(("text", "speaker"), SHARED)
def test_a_shared_surname_resolves_only_by_context(
    tmp_path: Path, text: str, speaker: str | None
) -> None:
    registry, _ = _two_kims(tmp_path)
    doc = extract(Article("k.txt", text, "sha", date(2024, 1, 1)), registry)
    assert doc.quotes[-1].attribution.speaker == speaker
