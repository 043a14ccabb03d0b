"""Getypeerde fouten die het domein en de applicatie opwerpen voordat er iets wordt opgeslagen."""

from __future__ import annotations

from dataclasses import dataclass


class RegisterFout(Exception):
    """Een verwachte fout: wordt een getypeerd resultaat, nooit een 500."""

    code = "FOUT"

    def __init__(self, melding: str) -> None:
        super().__init__(melding)
        self.melding = melding


@dataclass(frozen=True)
class Veldfout:
    veld: str
    melding: str


class Ongeldig(RegisterFout):
    code = "ONGELDIG"

    def __init__(self, velden: list[Veldfout], melding: str | None = None) -> None:
        super().__init__(melding or "De invoer is ongeldig: " + "; ".join(
            f"{v.veld}: {v.melding}" for v in velden))
        self.velden = velden


class VersieConflict(RegisterFout):
    code = "VERSIE_CONFLICT"

    def __init__(self, verwachte_versie: int, huidige_versie: int) -> None:
        super().__init__(
            f"Verwachte versie {verwachte_versie}, maar de afspraak is bij versie "
            f"{huidige_versie}. Haal de afspraak opnieuw op en probeer het nog eens.")
        self.verwachte_versie = verwachte_versie
        self.huidige_versie = huidige_versie


class NietGevonden(RegisterFout):
    code = "NIET_GEVONDEN"


class NietToegestaan(RegisterFout):
    code = "NIET_TOEGESTAAN"


class AfspraakIsAfgehecht(RegisterFout):
    code = "AFSPRAAK_IS_AFGEHECHT"


class Fouten:
    """Verzamelt veldfouten, zodat één antwoord alle fouten tegelijk noemt."""

    def __init__(self) -> None:
        self.velden: list[Veldfout] = []

    def voeg_toe(self, veld: str, melding: str) -> None:
        self.velden.append(Veldfout(veld, melding))

    def controleer(self) -> None:
        if self.velden:
            raise Ongeldig(list(self.velden))
