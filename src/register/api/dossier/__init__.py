"""Het dossier van één afspraak voor een toetser: de afspraak op een peilmoment, haar
geschiedenis met bronnen, partijen en verplichtingen in de tijd, het verschil met een tweede
moment, het citaat en de bewijsbundel; als HTML of als PDF.

- `lezen`: alle gegevens uit GraphQL-vragen op het eigen schema, met de context van de lezer;
- `opmaak`: één Jinja2-sjabloon naar HTML, en die HTML door WeasyPrint naar PDF;
- `routes`: `GET /dossier/{afspraak_id}`; de opdrachtregel (`register dossier`) gebruikt
  `maak_dossier`."""

from __future__ import annotations

from pathlib import Path

from strawberry import Schema

from register.api.context import Context
from register.api.dossier.lezen import (
    Dossier, DossierFout, Dossiervraag, OngeldigeVraag, Peil, Vrager, lees_datum, lees_dossier,
    lees_tijdstip,
)
from register.api.dossier.opmaak import FORMATEN, GeenPdf, maak, pdf_beschikbaar

__all__ = ["Dossier", "DossierFout", "Dossiervraag", "GeenPdf", "OngeldigeVraag", "Peil",
           "formaat_van", "lees_datum", "lees_tijdstip", "maak_dossier", "pdf_beschikbaar"]


def formaat_van(pad: Path) -> str:
    """'html' of 'pdf' uit de extensie van het bestand."""
    formaat = FORMATEN.get(pad.suffix.lower())
    if formaat is None:
        raise OngeldigeVraag(f"'{pad.name}' heeft geen bekende extensie: kies .html of .pdf.")
    return formaat


async def maak_dossier(schema: Schema, context: Context, vraag: Dossiervraag, formaat: str
                       ) -> bytes | None:
    """Het dossier als bytes, of None als de lezer de afspraak niet kan vinden. Legt de
    lezingen van een vertrouwelijke afspraak vast in het leesverslag, ook als het opmaken
    daarna faalt."""
    try:
        d = await lees_dossier(Vrager(schema, context), vraag)
    finally:
        context.sluit()
        context.systeem.leesverslag.leg_vast(context.gelezen)
    return None if d is None else maak(d, formaat)
