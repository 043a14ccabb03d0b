"""Een feedregel als CloudEvent volgens het NL GOV-profiel voor CloudEvents (JSON-formaat),
gemaakt met het `cloudevents`-pakket; een pagina is een JSON-batch
(application/cloudevents-batch+json): een lijst van zulke events.

- `id`: `<afspraak>/<versie>` voor de gebeurtenis (als `Gebeurtenis.id` in GraphQL) en
  `<afspraak>/<versie>/<gevolg>/<datum>` voor een gevolg; voor elke lezer hetzelfde, zodat een
  afnemer een dubbel herkent aan `source` + `id`.
- `source`: de URN van dit register, `urn:afsprakenregister:register:<herkomst>` (de herkomst
  uit de instellingen, die ook de checkpoints dragen): het register heeft geen OIN, en alles
  wat het zelf benoemt, staat in de namespace `urn:afsprakenregister:`.
- `type`: `nl.afsprakenregister.afspraak.<soort>` voor een gebeurtenis
  (`…afspraak.gewijzigd`, `…afspraak.partij-toegetreden`) en `nl.afsprakenregister.gevolg.<gevolg>`
  (`…gevolg.in-werking-getreden`, `…gevolg.geldig-geworden`, `…gevolg.geldigheid-geeindigd`).
- `subject`: de afspraak; `time`: `ontvangenOp`, of wanneer het gevolg intrad.
- `sequence` (extensie): het volgnummer van deze lezer, 16 cijfers, zodat het als tekst sorteert.
- `dataref` (extensie): de afspraak in de REST-API zoals het register haar toen kende
  (`ontvangenOp` vast, dus elke keer hetzelfde antwoord); bij een gevolg op de dag ervan.
- `data`: de gebeurtenis zoals `Gebeurtenis` in GraphQL (de vier assen, bronnen, toelichting,
  actor); bij een gevolg de assen van het besluit met `gevolg`, `datum` en `gebeurtenis` (het
  id van het event van het besluit, met zijn bronnen), zonder de bronnen te herhalen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from cloudevents.core.v1.event import CloudEvent

from register.domein.gevolgen import IN_WERKING_GETREDEN
from register.projecties.basis import als_json
from register.projecties.feed import GEBEURTENIS
from register.projecties.feedlezer import FeedItem, volgnummer_tekst

BATCH = "application/cloudevents-batch+json"
JSON = "application/json"
TYPE = "nl.afsprakenregister."
_HOOFDLETTER = re.compile(r"(?<!^)(?=[A-Z])")


def bron_urn(herkomst: str) -> str:
    return f"urn:afsprakenregister:register:{herkomst}"


@lru_cache(maxsize=128)
def _type(soort: str, gebeurtenis: str) -> str:
    if soort == GEBEURTENIS:
        return f"{TYPE}afspraak.{_HOOFDLETTER.sub('-', gebeurtenis).lower()}"
    return f"{TYPE}gevolg.{_gevolg(soort)}"


@lru_cache(maxsize=8)
def _gevolg(soort: str) -> str:
    return soort.lower().replace("_", "-")


def id_van(item: FeedItem) -> str:
    """Het `id` van het event van deze feedregel (voor elke lezer hetzelfde)."""
    r = item.rij._mapping
    if item.soort == GEBEURTENIS:
        return f"{r['afspraak_id']}/{r['versie']}"
    return f"{r['afspraak_id']}/{r['versie']}/{_gevolg(item.soort)}/{item.datum.isoformat()}"


def type_van(item: FeedItem) -> str:
    return _type(item.soort, item.rij._mapping["soort"])


def cloudevent(item: FeedItem, bron: str, basis: str = "/v1") -> CloudEvent:
    """`basis`: het adres van de REST-API in `dataref` (bijv. https://register.example.nl/v1);
    standaard een pad op dit register. Het id, `type` en `dataref` staan bovenaan deze module.
    `dataref` wordt met de hand samengesteld: datums en een UTC-tijd met Z hebben niets om te
    coderen (een ':' mag in een query, RFC 3986)."""
    r = item.rij._mapping  # één keer: een pagina maakt er duizend
    aid, versie, soort = r["afspraak_id"], r["versie"], item.soort
    adres = f"{basis}/afspraken/{aid}?"
    tijd = r["feed_tijd"].replace("+00:00", "Z")
    if soort == GEBEURTENIS:  # het id als in id_van, zonder de rij nog eens te lezen
        id_, dataref = f"{aid}/{versie}", f"{adres}ontvangenOp={tijd}"
    else:
        dag = item.datum.isoformat()
        id_ = f"{aid}/{versie}/{_gevolg(soort)}/{dag}"
        werkend = f"&juridischWerkendOp={dag}" if soort == IN_WERKING_GETREDEN else ""
        dataref = f"{adres}geldigOp={dag}{werkend}&ontvangenOp={tijd}"
    return CloudEvent({
        "id": id_, "source": bron, "type": _type(soort, r["soort"]), "subject": aid,
        "time": item.tijd, "datacontenttype": JSON,
        "sequence": volgnummer_tekst(item.volgnummer), "dataref": dataref,
    }, data(item))


def batch(events: Iterable[CloudEvent]) -> bytes:
    """De JSON-batch: elk event zoals `JSONFormat.write` van het pakket het schrijft (een
    toets legt ze naast elkaar), maar de hele lijst in één keer gecodeerd met orjson (per event
    een eigen `json.dumps` kostte een kwart van de tijd van de feed, één `json.dumps` nog een
    zesde); zoals elke JSON-kolom (`als_json`)."""
    return als_json([_als_json(e) for e in events]).encode()


def _als_json(e: CloudEvent) -> dict[str, Any]:
    """Als JSONFormat.write bij JSON-data: de attributen, `time` in RFC 3339 met Z, en `data`
    als JSON-waarde."""
    d = dict(e.get_attributes())
    tijd = e.get_time()
    if tijd is not None:
        d["time"] = tijd.isoformat().replace("+00:00", "Z")
    d["data"] = e.get_data()
    return d


def data(item: FeedItem) -> dict[str, Any]:
    """Bij een gevolg geen bronnen, toelichting of verslag: die staan in het event van het
    besluit zelf (`gebeurtenis` noemt zijn id), dat de afnemer al kreeg; zo herhaalt de feed
    de citaten niet bij elk gevolg."""
    r = item.rij._mapping
    d: dict[str, Any] = {
        "afspraakId": r["afspraak_id"], "versie": r["versie"], "soort": r["soort"],
        "aard": r["aard"], "geldigVanaf": r["geldig_vanaf"], "geldigTot": r["geldig_tot"],
        "juridischWerkendVanaf": r["juridisch_werkend_vanaf"], "bekendOp": r["bekend_op"],
        "ontvangenOp": r["ontvangen_op"],
        "actor": r["actor"], "rectificeert": r["rectificeert"],
    }
    if item.soort != GEBEURTENIS:
        d["gevolg"] = item.soort
        d["datum"] = item.datum.isoformat()
        d["gebeurtenis"] = f"{r['afspraak_id']}/{r['versie']}"
        return d
    extra: Mapping[str, Any] = r["extra"] or {}
    d["bronnen"] = [_bron(b) for b in r["bronnen"]]
    d["toelichting"] = r["toelichting"]
    d["datumPrecisie"] = extra.get("datumPrecisie", "DAG")
    d["datumTekst"] = extra.get("datumTekst")
    d["verslag"] = extra.get("verslag")
    return d


def _bron(b: Mapping[str, Any]) -> dict[str, Any]:
    return {("datumPrecisie" if k == "datum_precisie" else k): w for k, w in b.items()}

