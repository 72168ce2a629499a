"""Imports run one way: core -> db -> report -> cli; only the CLI knows click.

Every import statement of every module under quotes/ is read (those inside functions
too), so a wrong import fails here however it is written.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "quotes"

# What each layer may not import: a module is in the first layer its name starts with.
CORE = ("quotes.extract", "quotes.attribute", "quotes.dedupe", "quotes.types")
FORBIDDEN: dict[tuple[str, ...], tuple[str, ...]] = {
    CORE: (
        "quotes.db",
        "quotes.report",
        "quotes.cli",
        "quotes.ingest",
        "sqlalchemy",
        "click",
        "rich",
    ),
    ("quotes.db",): ("quotes.report", "quotes.cli", "quotes.output", "click", "rich"),
    ("quotes.report",): ("quotes.cli", "quotes.output", "click", "rich"),
    ("quotes.ingest",): ("quotes.report", "quotes.cli", "click", "rich"),
    ("quotes.output",): ("quotes.cli", "click"),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(source: str, module: str) -> set[str]:
    """Every module ``source`` imports, relative imports resolved against ``module``."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")[: -node.level]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def violations(module: str, names: set[str]) -> list[str]:
    for layer, banned in FORBIDDEN.items():
        if any(within(module, prefix) for prefix in layer):
            return sorted(n for n in names if any(within(n, b) for b in banned))
    return []


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", modules(), ids=lambda p: module_name(p))
def test_each_module_imports_only_downwards(path: Path) -> None:
    module = module_name(path)
    assert violations(module, imported(path.read_text(encoding="utf-8"), module)) == []


@pytest.mark.parametrize(
    ("module", "source", "wrong"),
    [
        (
            "quotes.db.store",
            "from quotes.report.ask import ask",
            ["quotes.report.ask", "quotes.report.ask.ask"],
        ),
        ("quotes.db.store", "def f():\n    import click\n", ["click"]),
        ("quotes.report.audit", "from rich.text import Text", ["rich.text", "rich.text.Text"]),
        ("quotes.report.claims", "from ..cli import common", ["quotes.cli", "quotes.cli.common"]),
        ("quotes.attribute.sieves", "import sqlalchemy", ["sqlalchemy"]),
        ("quotes.dedupe.claims", "from quotes.db import models", ["quotes.db", "quotes.db.models"]),
        ("quotes.output", "import click", ["click"]),
        ("quotes.report.claims", "from quotes.db.models import Claim", []),
        ("quotes.cli.browse", "import click\nfrom quotes.report import rows", []),
    ],
)
def test_the_check_finds_a_wrong_import(module: str, source: str, wrong: list[str]) -> None:
    assert violations(module, imported(source, module)) == wrong


def test_every_stage_has_its_package() -> None:
    stages = {"extract", "attribute", "dedupe", "db", "report", "cli"}
    assert {s for s in stages if (PACKAGE / s / "__init__.py").is_file()} == stages


def test_the_speaker_columns_hold_what_the_registry_admits() -> None:
    """db/ keeps its own widths (it may not import the core's); the registry stays within."""
    from quotes.attribute import registry
    from quotes.db import widths

    assert registry.MAX_KEY_CHARS <= widths.MAX_KEY_CHARS
    assert registry.MAX_TEXT_CHARS <= widths.MAX_TEXT_CHARS
