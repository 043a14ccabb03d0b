"""Het vergelijkingspunt voor de lijstvraag: een kale FastAPI + pydantic-route die dezelfde
rijen uit hetzelfde leesmodel geeft als `afspraken(first: 50)` met partijen en
verplichtingen, zonder GraphQL.

    uvicorn bench.rest:maak_app --factory   # REGISTER_DATABASE_URL kiest de opslag
"""

from __future__ import annotations

from datetime import date

from fastapi import FastAPI
from pydantic import BaseModel

from register.domein.overheden import Overheden
from register.domein.tijdreizen import Peilmoment
from register.projecties.afspraken import AfspraakOp, AfsprakenLezer, Filter
from register.systeem.instellingen import Instellingen
from register.systeem.opslag import Opslag


class OverheidUit(BaseModel):
    id: str
    naam: str


class VageDatumUit(BaseModel):
    waarde: str
    precisie: str
    tekst: str | None


class PartijUit(BaseModel):
    overheid: OverheidUit
    naamInBron: str | None
    rol: str
    binding: str


class VerplichtingUit(BaseModel):
    id: str
    omschrijving: str
    status: str
    partij: OverheidUit
    uiterlijk: VageDatumUit | None


class AfspraakUit(BaseModel):
    id: str
    titel: str
    soort: str
    status: str
    versie: int
    partijen: list[PartijUit]
    verplichtingen: list[VerplichtingUit]


class PaginaUit(BaseModel):
    afspraken: list[AfspraakUit]
    volgende: str | None


def _overheid(overheden: Overheden, i: str) -> OverheidUit:
    o = overheden.get(i)
    return OverheidUit(id=i, naam=o.naam if o else i)


def _afspraak(a: AfspraakOp, overheden: Overheden) -> AfspraakUit:
    t = a.toestand
    return AfspraakUit(
        id=a.id, titel=t.titel, soort=t.soort, status=t.status, versie=t.versie,
        partijen=[PartijUit(overheid=_overheid(overheden, p.overheid), naamInBron=p.naam_in_bron,
                            rol=p.rol, binding=p.binding) for p in t.partijen],
        verplichtingen=[VerplichtingUit(
            id=v.id, omschrijving=v.omschrijving, status=v.status,
            partij=_overheid(overheden, v.partij),
            uiterlijk=VageDatumUit(waarde=v.uiterlijk.waarde, precisie=v.uiterlijk.precisie,
                                   tekst=v.uiterlijk.tekst) if v.uiterlijk else None)
            for v in t.verplichtingen])


def maak_app() -> FastAPI:
    engine = Opslag(Instellingen().database_url).engine()
    overheden = Overheden.standaard()
    app = FastAPI()

    @app.get("/gezondheid")
    def gezondheid() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/afspraken")
    def lijst(geldig_op: date, na: str | None = None, eerste: int = 50) -> PaginaUit:
        with engine.connect() as conn:
            p = AfsprakenLezer(conn, None).lijst(Filter(), Peilmoment(geldig_op), eerste, na)
        return PaginaUit(afspraken=[_afspraak(a, overheden) for a in p.items],
                         volgende=p.items[-1].id if p.heeft_volgende else None)

    return app
