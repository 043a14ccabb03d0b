"""JSON in de kolommen van de leesmodellen: geschreven met orjson (`als_json`), gelezen met
orjson (`lees_json`), en toch altijd dezelfde waarde als met de standaardbibliotheek."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from register.projecties.basis import als_json, lees_json

_waarden = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda deel: st.lists(deel, max_size=4) | st.dictionaries(st.text(max_size=8), deel,
                                                                max_size=4),
    max_leaves=20)


def _met_typen(w: Any) -> Any:
    """De waarde met het type van elk getal erbij: 1 en 1.0 zijn in Python gelijk."""
    if isinstance(w, list):
        return [_met_typen(x) for x in w]
    if isinstance(w, dict):
        return {k: _met_typen(v) for k, v in w.items()}
    return (type(w).__name__, w)


@given(_waarden)
def test_lees_json_geeft_wat_json_loads_geeft(w: Any) -> None:
    tekst = als_json(w)
    assert _met_typen(lees_json(tekst)) == _met_typen(json.loads(tekst)) == _met_typen(w)
    assert _met_typen(lees_json(tekst.encode())) == _met_typen(w)  # zoals psycopg het geeft


def test_een_getal_boven_64_bits_blijft_een_exact_geheel_getal() -> None:
    groot = 2**64 + 1
    assert lees_json(als_json({"bedrag": groot})) == {"bedrag": groot}
    assert type(lees_json(str(groot))) is int


def test_wat_orjson_weigert_leest_zoals_json_loads() -> None:
    uit = lees_json('[NaN, 1]')
    assert uit[0] != uit[0] and uit[1] == 1  # NaN, zoals json.loads het leest
