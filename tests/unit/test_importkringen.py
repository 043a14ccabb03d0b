"""Geen importkringen in src/register: ook een import binnen een functie telt (die verbergt een
kring alleen maar tot het moment van aanroepen). Een import onder `if TYPE_CHECKING:` telt niet:
die bestaat alleen voor de typecontrole (strawberry.lazy verwijst zo naar een type in een
module die de eerste zelf importeert)."""

from __future__ import annotations

import ast
from pathlib import Path

BRON = Path(__file__).resolve().parents[2] / "src"


def _modules() -> dict[str, Path]:
    uit = {}
    for p in (BRON / "register").rglob("*.py"):
        naam = ".".join(p.relative_to(BRON).with_suffix("").parts)
        uit[naam.removesuffix(".__init__")] = p
    return uit


def _afhankelijkheden(p: Path, modules: dict[str, Path]) -> set[str]:
    boom = ast.parse(p.read_text(encoding="utf-8"))
    for n in ast.walk(boom):
        if isinstance(n, ast.If) and isinstance(n.test, ast.Name) and n.test.id == "TYPE_CHECKING":
            n.body = []
    uit: set[str] = set()
    for n in ast.walk(boom):
        if isinstance(n, ast.ImportFrom) and n.module and n.level == 0:
            uit |= {f"{n.module}.{a.name}" for a in n.names} | {n.module}
        elif isinstance(n, ast.Import):
            uit |= {a.name for a in n.names}
    return uit & modules.keys()


def _kringen(graaf: dict[str, set[str]]) -> list[list[str]]:
    """Sterk samenhangende delen met meer dan één module (Tarjan), of een module die zichzelf
    importeert."""
    index: dict[str, int] = {}
    laag: dict[str, int] = {}
    stapel: list[str] = []
    uit: list[list[str]] = []

    def bezoek(v: str) -> None:
        index[v] = laag[v] = len(index)
        stapel.append(v)
        for w in graaf[v]:
            if w not in index:
                bezoek(w)
                laag[v] = min(laag[v], laag[w])
            elif w in stapel:
                laag[v] = min(laag[v], index[w])
        if laag[v] == index[v]:
            deel = []
            while True:
                w = stapel.pop()
                deel.append(w)
                if w == v:
                    break
            if len(deel) > 1 or v in graaf[v]:
                uit.append(sorted(deel))

    for v in graaf:
        if v not in index:
            bezoek(v)
    return uit


def test_de_vinder_ziet_een_kring() -> None:
    assert _kringen({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]
    assert _kringen({"a": {"b"}, "b": set()}) == []


def test_geen_importkringen_in_het_register() -> None:
    modules = _modules()
    graaf = {m: _afhankelijkheden(p, modules) - {m} for m, p in modules.items()}
    # een pakket importeert zijn eigen submodules; dat is geen kring zolang die het pakket niet
    # terug importeren (dat telt hierboven wel)
    assert _kringen(graaf) == []
