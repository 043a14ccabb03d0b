"""Het vergelijkingspunt voor de lijst- en de puntvraag: kale FastAPI + pydantic-routes die
dezelfde rijen uit hetzelfde leesmodel geven als `afspraken(first: 50)` met partijen en
verplichtingen, en als de puntvraag `afspraak(id, vier assen)` (bench/vragen.py PUNT), zonder
GraphQL.

    uvicorn bench.rest:maak_app --factory   # REGISTER_DATABASE_URL kiest de opslag
"""

from __future__ import annotations

from datetime import date, datetime

from fastapi import FastAPI
from pydantic import BaseModel

from register.domein.overheden import Overheden
from register.domein.tijdreizen import Peilmoment, VerplichtingToestand
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


class PuntPartijUit(PartijUit):
    ondertekendOp: date | None
    standpunt: str | None


class PuntVerplichtingUit(VerplichtingUit):
    binding: str


class BedragUit(BaseModel):
    omschrijving: str
    bedrag: str
    soort: str


class PuntUit(BaseModel):
    id: str
    titel: str
    soort: str
    status: str
    versie: int
    programma: str | None
    gebieden: list[str]
    partijen: list[PuntPartijUit]
    verplichtingen: list[PuntVerplichtingUit]
    bedragen: list[BedragUit]


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
            uiterlijk=_vage_datum(v))
            for v in t.verplichtingen])


def _vage_datum(v: VerplichtingToestand) -> VageDatumUit | None:
    u = v.uiterlijk
    return VageDatumUit(waarde=u.waarde, precisie=u.precisie, tekst=u.tekst) if u else None


def _punt(a: AfspraakOp, overheden: Overheden) -> PuntUit:
    t = a.toestand
    return PuntUit(
        id=a.id, titel=t.titel, soort=t.soort, status=t.status, versie=t.versie,
        programma=t.programma, gebieden=list(t.gebieden),
        partijen=[PuntPartijUit(overheid=_overheid(overheden, p.overheid),
                                naamInBron=p.naam_in_bron, rol=p.rol, binding=p.binding,
                                ondertekendOp=p.ondertekend_op, standpunt=p.standpunt)
                  for p in t.partijen],
        verplichtingen=[PuntVerplichtingUit(
            id=v.id, omschrijving=v.omschrijving, status=v.status, binding=v.binding,
            partij=_overheid(overheden, v.partij), uiterlijk=_vage_datum(v))
            for v in t.verplichtingen],
        bedragen=[BedragUit(omschrijving=b.omschrijving, bedrag=b.bedrag, soort=b.soort)
                  for b in t.bedragen])


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

    @app.get("/afspraak/{afspraak_id}")
    def punt(afspraak_id: str, g: date, j: date | None = None, b: date | None = None,
             o: datetime | None = None) -> PuntUit | None:
        peil = Peilmoment(geldig_op=g, juridisch_werkend_op=j, bekend_op=b, ontvangen_op=o)
        with engine.connect() as conn:
            a = AfsprakenLezer(conn, None).op(afspraak_id, peil)
        return None if a is None else _punt(a, overheden)

    return app
