"""Zet de 85 echte afspraken uit ``scenarios.json`` om in registercommando's (de demogegevens).

Gebruik (alleen de standaardbibliotheek)::

    python scripts/demo_bouwen.py <scenarios.json> <tooi-map> [--uit src/register/demo/afspraken.json]

De uitvoer is een lijst afspraken, elk met een sleutel (het scenario-id) en een reeks commando's
(``mutatie`` + ``input``) die de lader één voor één aan het register geeft, precies zoals de
GraphQL-mutatie met die naam; ``id`` en ``verwachteVersie`` vult de lader zelf in.

Werkwijze en keuzes
===================

Eén scenario-gebeurtenis is precies één commando (85 afspraken, 291 gebeurtenissen, dus 291
commando's). Het eerste commando van elke afspraak is ``afspraakVastleggen`` met de inhoud van
het scenario (titel, soort, inhoud = onderwerp, programma, partijen, verplichtingen, bedragen,
relaties). Het "verbruikt" de eerste gebeurtenis van soort ``vastgelegd`` (anders de eerste
gebeurtenis): die levert de bron (met citaat), de tijdassen en de toelichting. Eén uitzondering,
in ``VASTLEG_GEBEURTENIS``: bij ``novex-startpakket`` is de enige ``vastgelegd``-gebeurtenis een
latere samenvatting (IPO-dossier 2023) van de brief zelf; daar verbruikt de vastlegging de
gebeurtenis ``aangeboden`` uit de brief (december 2022), anders zou het startpakket tot 2023 niet
bestaan terwijl het in december 2022 is verstuurd.

Alle overige gebeurtenissen volgen in scenariovolgorde. Gestructureerde mutaties staan met de hand
in ``GESTRUCTUREERD`` (per gebeurtenis, met reden); al het andere wordt ``voortgangRapporteren``
met ``aard`` = de oorspronkelijke soort. Gebeurtenissen van een soort die een gestructureerde
mutatie zou kunnen zijn, maar die dat hier bewust niet worden, staan met reden in
``BEWUST_VOORTGANG``; het script weigert een zulke gebeurtenis die in geen van beide tabellen staat.

* ``stopgezet`` (NPLG, Transitiefonds) wordt ``afspraakStopzetten``: de bronnen melden de stop,
  niet de datum ervan, en zeggen uitdrukkelijk dat de afhechting nog niet gebeurd is
  (BO-notitie 2024). ``afspraakAfhechten`` (wijze STOPGEZET) zou een afhechting verzinnen die de
  bronnen niet bevatten, en opschorten is tijdelijk; stopzetten (status STOPGEZET) zegt "niet meer
  van kracht, nog niet afgehecht". De toelichting zegt dat. Juridisch werkend blijft leeg (onbekend): het
  register neemt dan de documentdatum (november 2024) als bovengrens.
* ``vervangen`` (NPLG) wordt voortgang: de relatie VERVANGT staat al, in voorwaartse richting, bij
  de opvolger ``nieuwe-aanpak-landelijk-gebied``.
* ``in_werking`` bij ``glb-nsp`` en ``dsih`` wordt ``afspraakInWerkingStellen``; die afspraken worden
  daarom ``inVoorbereiding`` vastgelegd. Bij ``rtlg`` is ``in_werking`` de eerste gebeurtenis en
  dus de vastlegging zelf.
* ``standpuntInnemen``: VNG stemt in met de eigen zienswijze (de commissies RWM en EKEM zijn
  VNG-organen); de provincies (collectief) committeren zich aan de digitaliseringsscan; het IPO
  (namens de provincies) stemt voorwaardelijk in met Betalen naar Gebruik en is het niet eens met
  de bevriezing van het accres.
* Geen ``afspraakOndertekenen``: elke ondertekening in de bronnen is ofwel de eerste gebeurtenis
  (dus de vastlegging, met de ondertekenaars als ONDERTEKENAAR en de tekendatum als juridisch
  werkend), ofwel door veel partijen tegelijk (een commando noemt één overheid), ofwel zonder datum.
* Geen ``afspraakAfhechten``: de bronnen bevatten geen echte afhechting (notities §6).
* Geen ``afspraakWijzigen``/``verplichtingWijzigen``: elke ``gewijzigd``/``uitgesteld`` in de
  scenario's noemt ofwel geen nieuwe waarde, ofwel een waarde die het scenario al in de inhoud van
  de vastlegging heeft opgenomen (het Klimaatakkoord-doel 55-60%, de € 100 mln, de KpVV-financier).

Tijdassen. ``juridischWerkendVanaf`` is de datum van de gebeurtenis (eerste dag van de maand of het
jaar bij minder precisie, met ``datumPrecisie`` en ``datumTekst`` = de letterlijke datumfrase).
Bij ``gepland`` is de scenariodatum een streefdatum: dan is juridisch werkend de documentdatum (de
aankondiging) en staat de streefdatum in ``datumTekst``. Onbekende datum: juridisch werkend leeg,
``ONBEKEND``. ``bekendOp`` = de kennisdatum van het brondocument (``DOCUMENTEN``: nooit vóór de
dag dat het document bekend kon zijn). ``geldigVanaf`` blijft leeg, behalve bij
de cao 2022-2023 (looptijd vanaf 1-1-2022, terugwerkende kracht; zie ``GELDIG_VANAF``).

Bron. Titel, soort en kenmerk komen uit ``DOCUMENTEN`` (notities §1). ``bewijskracht``: IMPLICIET
waar de gebeurtenis "impliciet" zegt; AFGELEID waar een datum uit een URL of uit de documentdatum
is afgeleid (het woord "afgeleid", plus de met de hand gecontroleerde gevallen in
``JAAR_AFGELEID``); anders EXPLICIET. De cao-vastlegging is EXPLICIET: de data staan in het citaat.

Partijen. ``NAMEN`` zet elke naam uit ``partijen[].naam`` en ``verplichtingen[].wie`` om in een
lijst overheden; ``NAMEN_PER_AFSPRAAK`` doet dat voor namen die alleen in hun afspraak betekenis
hebben ("partijen", "SPV-partners", ...). Een naam zonder regel laat het script stoppen.
Resolutie naar TOOI-ids alleen waar de verzameling zeker is ("12 provincies", "alle 12
provincies", "iedere provincie"); anders een collectief (``urn:afsprakenregister:collectief:*``)
met ``aantal`` waar de bron een getal geeft. "De gezamenlijke provincies" is het IPO namens de
twaalf provincies. Ministers en ministeries gaan naar het ministerie van toen: LNV en LVVN zijn
beide mnre1153 (hernoemd), EZK is mnre1045, de "minister voor VRO" van 2022-2023 zat bij BZK
(mnre1034) en het "ministerie van VRO" van 2024-2025 is mnre1171. "Rijk" zonder meer is de
Rijksoverheid (TOOI oorg12345). Niet-overheden (LTO, Aedes, NS, vakbonden, ...) vallen onder het
collectief overig. Register-eigen organisaties die TOOI mist (BIJ12, PBL, College van
Rijksadviseurs, DOVA, Omgevingsdienst NL, Europese Commissie) staan in ``eigen_organisaties.json``.
Binding: ONDERTEKENAAR bij een rol met ondertekenaar, partij of wederpartij (niet
"onderhandelingspartij"), STEUNVERKLARING, GECONSULTEERD, anders BETROKKEN; een naam of rol met
"impliciet", en een "beoogde" partij, is altijd BETROKKEN. Per overheid één partij: rollen
worden samengevoegd (sterkste binding, letterlijke namen samen in ``naamInBron``, gescheiden door
" | ").

Verplichtingen. Een verplichting rust in het register op één partij. Noemt ``wie`` meer overheden
("Rijk en provincies", "12 provincies"), dan wordt zij per overheid vastgelegd, met dezelfde
omschrijving (zo heeft elke provincie haar eigen indiendatum). Staat zo'n overheid niet tussen de
partijen, dan wordt zij partij met binding BETROKKEN en ``naamInBron`` = de letterlijke ``wie``.
Binding per verplichting staat in ``VERPLICHTING_BINDING`` (standaard BESTUURLIJK); hoeveelheden in
``HOEVEELHEDEN``, met het letterlijke tekstfragment dat het script in de omschrijving terugzoekt.

Weggelaten (eerlijk: niet verzonnen, niet stilzwijgend verloren)
----------------------------------------------------------------
* Bedrag zonder bedrag: "Specifieke uitkering per provincie voor opstellen en uitvoeren van
  woondeals (bedrag niet in bron)" (regionale-woondeals). De omschrijving staat niet in het
  register als bedrag; de gebeurtenis ``uitgekeerd`` (dit najaar 2022) blijft als voortgang.
* Bereiken zijn geen hoeveelheid (één getal): 0,4-0,8 Mton CO2-eq (bossenstrategie), 150-250 m
  bufferzones (7e NAP), 55-60% (coalitieakkoord); ook "twee derde betaalbaar" (geen getal) en
  "€ 300.000 per jaar" (DSIH; staat al als bedrag MAXIMUM). De tekst van de verplichting blijft
  ongewijzigd.
* Relaties naar onbekende scenario-ids: geen (het script stopt als er een opduikt).
* Dubbele relaties: elk paar wordt één keer opgeslagen, voorwaarts (de inverse leidt het register
  af). Een HANGT_SAMEN_MET tussen twee afspraken die al een gerichte relatie hebben, vervalt; het
  script drukt de lijst af (``--toon-weggelaten``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

# -- identiteiten ---------------------------------------------------------------------------

TOOI = "https://identifier.overheid.nl/tooi/id/"
EIGEN = "urn:afsprakenregister:overheid:"
COLL = "urn:afsprakenregister:collectief:"

RIJK = TOOI + "oorg/oorg12345"          # Rijksoverheid (TOOI soort Rijk)
AZ = TOOI + "ministerie/mnre1010"
BZK = TOOI + "ministerie/mnre1034"
DEF = TOOI + "ministerie/mnre1018"
EZK = TOOI + "ministerie/mnre1045"      # EZK; sinds 2024 weer EZ (zelfde id)
FIN = TOOI + "ministerie/mnre1090"
IENW = TOOI + "ministerie/mnre1130"
JENV = TOOI + "ministerie/mnre1058"
KGG = TOOI + "ministerie/mnre1182"      # Klimaat en Groene Groei (2024), TOOI-lijst v4
LNV = TOOI + "ministerie/mnre1153"      # LNV, sinds 2024 LVVN (zelfde id)
OCW = TOOI + "ministerie/mnre1109"
SZW = TOOI + "ministerie/mnre1073"
VRO = TOOI + "ministerie/mnre1171"      # ministerie van VRO (2024), TOOI-lijst v4
EA = TOOI + "oorg/oorg10258"            # Ecologische Autoriteit
KB = TOOI + "zbo/zb000169"              # Koninklijke Bibliotheek
NLA = TOOI + "oorg/oorg12349"           # Nederlandse Arbeidsinspectie
OM = TOOI + "oorg/oorg12371"            # Openbaar Ministerie
ROB = TOOI + "oorg/oorg10166"           # Raad voor het Openbaar Bestuur
RVO = TOOI + "oorg/oorg10005"           # Rijksdienst voor Ondernemend Nederland
VRA = TOOI + "so/so0001"                # Vervoerregio Amsterdam
MRDH = TOOI + "so/so0830"               # Metropoolregio Rotterdam Den Haag
FLEVOLAND = TOOI + "provincie/pv24"
GELDERLAND = TOOI + "provincie/pv25"
ZEEWOLDE = TOOI + "gemeente/gm0050"
PROV12 = [TOOI + f"provincie/pv{n}" for n in range(20, 32)]   # de twaalf provincies
VERVOERREGIOS = [VRA, MRDH]             # de twee vervoerregio's (woordenlijst: VRA, MRDH)

IPO = EIGEN + "ipo"
VNG = EIGEN + "vng"
UVW = EIGEN + "uvw"
BIJ12 = EIGEN + "bij12"
PBL = EIGEN + "pbl"
CRA = EIGEN + "college-van-rijksadviseurs"
DOVA = EIGEN + "dova"
ODNL = EIGEN + "omgevingsdienst-nl"
EC = EIGEN + "europese-commissie"

C_PROV = COLL + "provincies"
C_GEM = COLL + "gemeenten"
C_WS = COLL + "waterschappen"
C_MIN = COLL + "ministeries"
C_OV = COLL + "overig"


def namens(overheid: str, vertegenwoordigd: list[str]) -> dict[str, Any]:
    return {"id": overheid, "namens": list(vertegenwoordigd)}


def aantal(overheid: str, n: int) -> dict[str, Any]:
    return {"id": overheid, "aantal": n}


IPO_NAMENS_12 = namens(IPO, PROV12)

# -- de naamtabel: elke letterlijke naam uit partijen[].naam en verplichtingen[].wie ----------
# Waarde: lijst van overheid-ids, of dicts {"id", "namens"?, "aantal"?}.

NAMEN: dict[str, list[Any]] = {
    # provincies
    "12 provincies": PROV12,
    "12 provincies (elk afzonderlijk)": PROV12,
    "12 provincies (ondersteund door BIJ12)": PROV12,   # alleen als wie: de provincies rapporteren
    "12 provincies / BAC Financiën": [*PROV12, IPO_NAMENS_12],  # BAC FIN is een IPO-commissie
    "12 provincies — impliciet": PROV12,
    "alle 12 provincies": PROV12,
    "elke provincie afzonderlijk": PROV12,
    "iedere provincie": PROV12,
    "6 provincies met veenweidegebied": [aantal(C_PROV, 6)],  # welke zes: niet in de scenario's
    "College van GS van de geadresseerde provincie (naam niet in tekst); gelijksoortige brief aan "
    "alle 12 provincies": [aantal(C_PROV, 1)],
    "provincie": [C_PROV],                     # een niet genoemde provincie
    "provincies": [C_PROV],
    "provincies (in afstemming met waterschappen)": [C_PROV],
    "provincies (stelselpartner)": [C_PROV],
    "provincies — impliciet": [C_PROV],
    "nog te verdelen per provincie": [C_PROV],
    "gedeputeerden voor cultuur en onderwijs": [C_PROV],
    "gezamenlijke provincies": [IPO_NAMENS_12],
    "gezamenlijke provincies (IPO)": [IPO_NAMENS_12],
    "gezamenlijke provincies en DOVA": [IPO_NAMENS_12, DOVA],
    "provincie Flevoland (gemeente Zeewolde: voorlopige voorkeurslocatie)": [FLEVOLAND, ZEEWOLDE],
    "provincie Gelderland (mogelijke alternatieve locatie)": [GELDERLAND],
    "provincie en BZK": [C_PROV, BZK],
    "provincie en Rijk": [C_PROV, RIJK],
    "provincies en Rijk": [C_PROV, RIJK],
    "provincies en gemeenten (en Rijk)": [C_PROV, C_GEM, RIJK],
    "provincies en vervoerregio's": [C_PROV, *VERVOERREGIOS],
    "provincies met gemeenten": [C_PROV, C_GEM],
    # koepels en hun organen
    "IPO": [IPO],
    "IPO (IPSN)": [IPO],
    "IPO (gedeputeerde Elies Lemkes aan de hoofdtafel)": [IPO],
    "IPO (bestuurlijke onderhandelingsdelegatie namens provinciale werkgevers)": [IPO_NAMENS_12],
    "IPO (namens 12 provincies)": [IPO_NAMENS_12],
    "IPO / provincies": [IPO_NAMENS_12],
    "IPO/provincies — impliciet": [IPO_NAMENS_12],
    "IPO-bestuur": [IPO],
    "IPO-bureau": [IPO],
    "IPO, VNG, UvW (medeoverheden)": [IPO, VNG, UVW],
    "medeoverheden (IPO, VNG, UvW)": [IPO, VNG, UVW],
    "VNG, IPO, UvW": [VNG, IPO, UVW],
    "VNG": [VNG],
    "VNG — impliciet": [VNG],
    "VNG (ondertekening door VNG-bestuurder)": [VNG],
    "VNG-afdelingen (voorzitters)": [VNG],
    "VNG-commissies RWM en EKEM": [VNG],
    "VNG, VEWIN": [VNG, C_OV],
    "UvW": [UVW],
    "UvW — impliciet": [UVW],
    "UvW / waterschappen — impliciet": [UVW, C_WS],
    "BIJ12": [BIJ12],
    "BIJ12 (NDFF)": [BIJ12],
    # gemeenten, waterschappen, regio's
    "gemeenten": [C_GEM],
    "90 gemeenten": [aantal(C_GEM, 90)],
    "gemeenten per woondealregio": [C_GEM],
    "riviergemeenten": [C_GEM],
    "wethouders voor cultuur en onderwijs": [C_GEM],
    "gemeenten, provincie en minister voor VRO": [C_GEM, C_PROV, BZK],
    "gemeenten, waterschappen": [C_GEM, C_WS],
    "waterschappen": [C_WS],
    "vervoerregio's": VERVOERREGIOS,
    "RES-regio's": [C_PROV, C_GEM, C_WS],
    "RES-regio's (provincies, gemeenten, waterschappen)": [C_PROV, C_GEM, C_WS],
    "regio (provincies, gemeenten, waterschappen)": [C_PROV, C_GEM, C_WS],
    "regio (provincies, vervoerregio's, gemeenten)": [C_PROV, *VERVOERREGIOS, C_GEM],
    "regionale partijen (provincies, gemeenten, regio's)": [C_PROV, C_GEM, C_OV],
    "decentrale overheden (bevoegd gezag)": [C_PROV, C_GEM, C_WS],
    "overheden in de 16 NOVEX-gebieden (Rijk, provincies, gemeenten, waterschappen)":
        [RIJK, C_PROV, C_GEM, C_WS],
    "overheden per NOVEX-gebied": [RIJK, C_PROV, C_GEM, C_WS],
    "overheden (Rijk, provincies/IPO, gemeenten/VNG, waterschappen/UvW)":
        [RIJK, C_PROV, IPO, C_GEM, VNG, C_WS, UVW],
    # Rijk en ministeries
    "Rijk": [RIJK],
    "Rijk — impliciet": [RIJK],
    "Rijk (wetgever)": [RIJK],
    "Rijk (kabinet Rutte IV)": [RIJK],
    "Rijk (kabinet, LNV)": [RIJK, LNV],
    "Rijk (minister voor VRO / kabinet)": [BZK, RIJK],
    "Rijk (BZK)": [BZK],
    "Rijk (BZK/VRO)": [BZK],
    "Rijk (BZK/VRO, IenW)": [BZK, IENW],
    "Rijk (BZK, IenW) — impliciet": [BZK, IENW],
    "Rijk (BZK, IenW, LNV)": [BZK, IENW, LNV],
    "Rijk (EZK, met minister voor VRO)": [EZK, BZK],
    "Rijk (IenW)": [IENW],
    "Rijk (IenW) — impliciet": [IENW],
    "Rijk (IenW, Financiën, BZK)": [IENW, FIN, BZK],
    "Rijk (LNV)": [LNV],
    "Rijk (LNV) — impliciet": [LNV],
    "Rijk (LNV, met IenW en BZK)": [LNV, IENW, BZK],
    "Rijk (LNV/LVVN)": [LNV],
    "Rijk (LNV/LVVN) — impliciet": [LNV],
    "Rijk (LNV; Minister voor Natuur en Stikstof)": [LNV],
    "Rijk (OCW) — impliciet": [OCW],
    "Rijk en 12 provincies (met gemeenten)": [RIJK, *PROV12, C_GEM],
    "Rijk en decentrale overheden": [RIJK, C_PROV, C_GEM, C_WS],
    "Rijk en provincie": [RIJK, C_PROV],
    "Rijk en provincies": [RIJK, C_PROV],
    "Rijk en regio": [RIJK, C_PROV, *VERVOERREGIOS, C_GEM],   # "regio" zoals elders in het NTF
    "Rijk en regio (alle waterbeheerders)": [RIJK, C_WS],       # waterbeheerders: Rijk, waterschappen
    "Rijk met medeoverheden": [RIJK, C_PROV, C_GEM, C_WS],
    "Nederland": [RIJK],                                         # de Staat
    "Nederland (alle partijen)": [RIJK, C_PROV, IPO, C_GEM, VNG, C_WS, UVW, C_OV],
    "BZK": [BZK],
    "BZK-accountorganisatie": [BZK],
    "BZK met kopgroep regionale woondeals (provincies en gemeenten)": [BZK, C_PROV, C_GEM],
    "Minister van BZK": [BZK],
    "Ministerie van BZK": [BZK],
    "ministerie van BZK": [BZK],
    "Minister voor VRO": [BZK],                      # 2022-2023: minister voor VRO binnen BZK
    "Minister voor VRO (Rijk)": [BZK],
    "Minister voor VRO (Hugo de Jonge), ministerie van BZK": [BZK],
    "Minister voor VRO / ministerie van BZK": [BZK],
    "Ministerie van BZK (fondsbeheerder) en staatssecretaris van Financiën": [BZK, FIN],
    "fondsbeheerders: minister van BZK en staatssecretaris van Financiën": [BZK, FIN],
    "Ministerie van VRO": [VRO],                     # 2024-2025: ministerie van VRO
    "Ministerie van LVVN, ministerie van VRO": [LNV, VRO],
    "Ministeries van VRO, IenW, KGG": [VRO, IENW, KGG],
    "Defensie": [DEF],
    "Ministerie van Defensie / kabinet": [DEF, RIJK],
    "Ministerie van EZK": [EZK],
    "ministerie van EZK": [EZK],
    "Ministeries van IenW en EZK": [IENW, EZK],
    "IenW": [IENW],
    "IenW en BZK": [IENW, BZK],
    "Ministeries van IenW en BZK": [IENW, BZK],
    "Ministerie van IenW": [IENW],
    "ministerie van IenW": [IENW],
    "Ministerie van IenW (Harbers, Heijnen)": [IENW],
    "staatssecretaris van IenW (2019 en 2022)": [IENW],
    "Ministerie van JenV": [JENV],
    "Ministerie van SZW": [SZW],
    "Ministerie van OCW": [OCW],
    "Minister van LNV": [LNV],
    "Ministerie van LNV": [LNV],
    "Ministerie van LNV (RTLG is ondergebracht bij LNV)": [LNV],
    "Ministerie van LNV (minister Van der Wal)": [LNV],
    "Ministerie van LNV (vanaf 2024 aangeduid als LVVN)": [LNV],
    "Ministerie van LVVN": [LNV],
    "Ministerie van LVVN / minister LVVN": [LNV],
    "minister (LVVN)": [LNV],
    "relevante ministeries (nationale programma's)": [C_MIN],
    "Bestuurlijk Omgevingsberaad (o.a. IenW, SZW, JenV, OM, IPO, VNG, UvW)":
        [IENW, SZW, JENV, OM, IPO, VNG, UVW, C_OV],          # "o.a.": de rest niet vastgesteld
    # rijksorganisaties en adviseurs
    "Ecologische Autoriteit": [EA],
    "ROB": [ROB],
    "ROB (Raad voor het Openbaar Bestuur)": [ROB],
    "Nederlandse Arbeidsinspectie (NLA)": [NLA],
    "Koninklijke Bibliotheek (KB)": [KB],
    "PBL": [PBL],
    "PBL i.s.m. WUR": [PBL, C_OV],
    "College van Rijksadviseurs": [CRA],
    "RVO, Regieorganisatie GLB, collectieven, LEADER-groepen": [RVO, C_OV],
    "Omgevingsdienst NL (ODNL)": [ODNL],
    "DOVA (decentrale OV-autoriteiten)": [DOVA],
    "Europese Commissie": [EC],
    "Europese Commissie ('Brussel')": [EC],
    # niet-overheden en niet vastgestelde verzamelingen: collectief overig
    "A&O fonds Provincies": [C_OV],
    "Aedes": [C_OV],
    "BoerenNatuur / collectieven": [C_OV],
    "Brzo-omgevingsdiensten": [C_OV],
    "Bureau Erfgoeddeal": [C_OV],
    "CROW": [C_OV],
    "Cebeon": [C_OV],
    "Commissie Van Aartsen": [C_OV],
    "LTO": [C_OV],
    "LTO, NAJK, BoerenNatuur": [C_OV],
    "NAJK": [C_OV],
    "NOVEX-gebieden": [C_OV],
    "NPLG (veehouderij en akkerbouw)": [C_OV],   # een programma, geen overheid; houder onbekend
    "NS": [C_OV],
    "PO-Raad": [C_OV],
    "Stichting Samenwerkende POI's Nederland (SPN)": [C_OV],
    "Tour de Force-platform": [C_OV],
    "Veiligheidsregio's": [C_OV],
    "Vereniging Openbare Bibliotheken (VOB)": [C_OV],
    "andere overheden": [C_OV],
    "bedrijven": [C_OV],
    "bouwende partijen": [C_OV],
    "circa 30 partners": [aantal(C_OV, 30)],
    "diverse stakeholders": [C_OV],
    "landbouw- en ketenpartijen": [C_OV],
    "maatschappelijke organisaties": [C_OV],
    "natuurorganisaties en TBO's (o.a. Natuurmonumenten)": [C_OV],
    "netbeheerders": [C_OV],
    "niet gespecificeerd": [C_OV],
    "niet gespecificeerd in bron": [C_OV],
    "vakbonden (FNV, CNV, AAV, CMHF)": [C_OV],
    "vijf innovatie-ecosystemen": [aantal(C_OV, 5)],
    "woningcorporaties": [C_OV],
    "partijen aan de hoofdtafel": [IPO, C_OV],     # alleen het IPO is met naam aan de hoofdtafel
    "stelselpartners (impliciet: Rijk/OCW, provincies, gemeenten)": [OCW, C_PROV, C_GEM],
}

# Namen die alleen binnen hun afspraak betekenis hebben.
NAMEN_PER_AFSPRAAK: dict[tuple[str, str], list[Any]] = {
    ("convenant-brzo-plus", "partijen"): [C_PROV, IENW, SZW, JENV, C_OV, NLA],
    ("ibp-versterking-vth", "partijen"): [IENW, JENV, BZK, IPO, VNG, ODNL],  # niet de adviseur
    ("tvov23-vangnet-ov", "partijen"): [IENW, IPO_NAMENS_12, DOVA],
    ("bkco", "partijen"): [OCW, C_OV, C_GEM, C_PROV],
    ("erfgoeddeal", "partijen"): [OCW, C_PROV],                  # niet het Bureau Erfgoeddeal
    ("cao-provincies-2022-2023", "partijen"): [IPO_NAMENS_12, C_OV],
    # de twaalf provincies beslissen via hun IPO-commissie BAC Financiën (zie het scenario)
    ("verdeelmodel-provinciefonds", "partijen"): [BZK, FIN, IPO_NAMENS_12],
    ("spv-startakkoord", "SPV-partners"): [IENW, JENV, IPO, VNG, *VERVOERREGIOS],
    ("bibliotheekconvenant", "stelselpartners"): [OCW, C_PROV, C_GEM],
    ("bouwsteen-emissiereductie-landbouw", "opstellers"): [IPO, C_OV, UVW, VNG],
    ("bouwsteen-natuur", "opstellers (voorstel)"): [IPO, UVW, VNG, C_OV],
}

# -- documenten (notities §1) ---------------------------------------------------------------

# Per document ook de kennisdatum (ontwerp §4): de dag vanaf wanneer wat het document meldt
# bekend is. Nooit vóór de dag dat het document bekend kon zijn: bij een datum op maand of jaar
# de laatste dag van die periode, tenzij het document zelf een nauwere dag rechtvaardigt. De
# reden staat erbij; de README van de demogegevens neemt deze tabel over.
DOCUMENTEN: dict[str, dict[str, Any]] = {
    "000_08da6c9771a54080.txt": {
        "titel": "Notitie BO Landelijk Gebied 'contouren uitvoeringsgerichte en "
                 "gebiedsspecifieke aanpak' (versie 8-11, BO 28-11-2024)",
        "soort": "notitie", "kenmerk": None, "bekend": "2024-11-28",
        "waarom": "versie van 8 november, ter bespreking in het BO Landelijk Gebied van "
                  "28-11-2024: op die dag hadden de medeoverheden haar zeker (de registratie "
                  "'7.3.2025 CWS' is later)"},
    "001_a0d8ba2f6df90fad.txt": {
        "titel": "NOVEX-startpakket, brief aan een provincie (kenmerk 2022-0000668914)",
        "soort": "brief", "kenmerk": "2022-0000668914", "bekend": "2022-12-31",
        "waarom": "gedateerd december 2022 (maand); de VNG verwachtte haar op 9 december, maar "
                  "dat is een verwachting: de laatste dag van de maand"},
    "002_108e33ca204148a2.txt": {
        "titel": "VNG-presentatie 'Actualiteiten' (team landelijk gebied, 2025)",
        "soort": "presentatie", "kenmerk": None, "bekend": "2025-12-31",
        "waarom": "gedateerd 2025 (jaar); de inhoud wijst op het najaar ('opgeleverd in "
                  "oktober', '21 november', 'december'), maar geen dag: de laatste dag van het "
                  "jaar"},
    "003_a59785af9ae9c7a2.txt": {
        "titel": "VNG-ledenbrief aan colleges en raden, met bijlage 1 (december 2022)",
        "soort": "ledenbrief", "kenmerk": None, "bekend": "2022-12-08",
        "waarom": "gedateerd december 2022; kondigt het startpakket aan voor 9 december, dus "
                  "verstuurd vóór 9 december: uiterlijk 8-12-2022"},
    "004_347e287c16041e8a.txt": {
        "titel": "IPO-overdrachtsdossier 2023", "soort": "overdrachtsdossier", "kenmerk": None,
        "bekend": "2023-03-21",
        "waarom": "gedateerd 2023 (jaar); de inhoud loopt tot maart 2023 en noemt het "
                  "bestuurlijk overleg van 22 maart als toekomst ('Op 22 maart vindt er een "
                  "bestuurlijk overleg'): uiterlijk 21-3-2023"},
}

# -- met de hand gecontroleerde keuzes per afspraak of gebeurtenis (index 0-based) ----------

VASTLEG_GEBEURTENIS = {"novex-startpakket": 1}

IN_VOORBEREIDING = {
    "glb-nsp": "uitvoering pas vanaf 1 januari 2023 (in_werking)",
    "dsih": "deelnamebesluit januari 2022, gestart in 2023 (in_werking)",
    "landbouwakkoord": "uitkomst niet in de bronnen; akkoord nog in de maak",
    "ruimtelijk-arrangement": "geen bewijs dat een arrangement is afgesloten",
    "regionale-woondeals": "alleen format en tekenmoment; geen getekende woondeal in de bronnen",
    "nieuwe-aanpak-landelijk-gebied": "rolverdeling nog in uitwerking",
    "nota-ruimte": "in 2025 alleen een ontwerp",
    "vng-zienswijze-nota-ruimte": "in 2025 in voorbereiding; ondertekening is het doel",
    "nationaal-milieuprogramma": "concept zomer, vaststelling eind 2023 gepland",
    "programma-energiehoofdstructuur": "Kamerbrief en ontwerp nog gepland",
}

GELDIG_VANAF = {("cao-provincies-2022-2023", 0): "2022-01-01"}   # looptijd vanaf 1-1-2022

BEWIJSKRACHT_HANDMATIG = {("cao-provincies-2022-2023", 0): "EXPLICIET"}

# Jaar (of dag) niet in het citaat maar afgeleid uit de documentdatum of de context.
JAAR_AFGELEID = {
    ("nplg", 1), ("ruimtelijk-arrangement", 4), ("kazerne-zeewolde-locatiekeuze", 0),
    ("regionale-woondeals", 0), ("programma-woningbouw", 1),
    ("grip-grootschalige-bedrijfsvestigingen", 2), ("delta-aanpak-waterkwaliteit", 3),
    ("water-en-bodem-sturend", 4), ("convenant-brzo-plus", 1), ("pmiek", 2),
    ("landbouwakkoord", 4), ("hoofdrailnetconcessie", 2), ("actieagenda-sterk-bestuur", 2),
    ("betalen-naar-gebruik-mrb", 1), ("cao-provincies-2022-2023", 2),
    ("circulaire-economie-krachtenkaart", 2),
}

GESTRUCTUREERD: dict[tuple[str, int], tuple[str, dict[str, Any], str]] = {
    ("nplg", 6): ("afspraakStopzetten", {},
                  ("De bron meldt dat het NPLG is stopgezet; de datum van het stopbesluit staat "
                  "niet in de bron (vóór november 2024) en de afhechting is nog niet gebeurd.")),
    ("transitiefonds", 5): ("afspraakStopzetten", {},
                            ("De bron meldt dat het Transitiefonds is afgeschaft; de datum van "
                            "het besluit staat niet in de bron en een afhechting is niet "
                            "vastgelegd.")),
    ("glb-nsp", 1): ("afspraakInWerkingStellen", {}, ""),
    ("dsih", 1): ("afspraakInWerkingStellen", {}, ""),
    ("vng-zienswijze-nota-ruimte", 2): (
        "standpuntInnemen", {"overheid": VNG, "standpunt": "INGESTEMD"},
        "De commissies RWM en EKEM zijn organen van de VNG."),
    ("digitalisering-mkb-agenda", 2): (
        "standpuntInnemen", {"overheid": C_PROV, "standpunt": "INGESTEMD"}, ""),
    ("betalen-naar-gebruik-mrb", 2): (
        "standpuntInnemen",
        {"overheid": IPO, "standpunt": "VOORWAARDELIJK",
         "voorwaarden": "Mits aan 'het bovenstaande' wordt voldaan; de voorwaarden zelf staan in "
                        "de bron vóór het citaat en zijn niet letterlijk overgenomen."},
        "Standpunt van de gezamenlijke provincies, ingenomen door het IPO namens hen."),
    ("accres-financieringssystematiek", 4): (
        "standpuntInnemen", {"overheid": IPO, "standpunt": "NIET_INGESTEMD"},
        "Anders dan de VNG heeft het IPO géén overeenstemming over de bevriezing 2023-2025."),
}

STRUCTUREERBAAR = {"ondertekend", "ingestemd", "voorwaardelijk_ingestemd", "niet_overeengekomen",
                   "toegetreden", "in_werking", "stopgezet", "vervangen", "uitgesteld",
                   "gewijzigd", "verlengd"}

BEWUST_VOORTGANG: dict[tuple[str, int], str] = {
    ("nplg", 7): "relatie VERVANGT staat bij de opvolger",
    ("nplg-gebiedsprogramma", 6): "vervalt maar een deel van verplichting (beoordelen); datum "
                                  "onbekend",
    ("wsn-verplichtingen", 2): "twaalf provincies tegelijk; een standpunt noemt één overheid",
    ("transitiefonds", 2): "instemming met een principe (verdeelmechanisme), niet met de afspraak",
    ("vng-zienswijze-nota-ruimte", 3): "ondertekening is een doel; moment niet gegeven",
    ("provinciale-woningbouwafspraken", 1): "twaalf ondertekenaars tegelijk",
    ("provinciale-woningbouwafspraken", 2): "zelfde ondertekening, maandprecisie",
    ("klimaatakkoord", 2): "nieuw doel staat al in de verplichting van de vastlegging",
    ("res", 4): "alle staten en colleges tegelijk",
    ("landbouwakkoord", 4): "'inzet is een akkoord in april' is een streven van het IPO",
    ("omgevingswet-bestuursakkoord-2015", 2): "geen nieuwe datum, geen data van uitstelbesluiten",
    ("schone-lucht-akkoord", 1): "toetredingsdata en eerste ondertekenaars niet in de bron",
    ("bestuurlijke-agenda-mth", 1): "nieuwe inhoud niet in de bron",
    ("kpvv-financiering", 1): "nieuwe financier staat al in partijen en verplichting",
    ("accres-financieringssystematiek", 2): "bedrag staat al in de vastlegging",
}

VERPLICHTING_BINDING: dict[tuple[str, int], str] = {
    ("wsn-verplichtingen", 0): "WETTELIJK",
    ("stikstof-omgevingswaarde-kdw", 0): "WETTELIJK",
    ("natuurdoelanalyses", 0): "WETTELIJK",
    ("pas-melders-legalisatie", 0): "WETTELIJK",
    ("bibliotheekconvenant", 1): "WETTELIJK",
    ("novex-startpakket", 0): "GEVRAAGD",
    ("novex-startpakket", 1): "GEVRAAGD",
    ("kazerne-zeewolde-locatiekeuze", 0): "GEVRAAGD",
    ("ruimtelijk-arrangement", 2): "GEVRAAGD",
    ("richtinggevend-kader-woningbouwlocaties", 2): "GEVRAAGD",
    ("programma-werklocaties", 1): "GEVRAAGD",
    ("mvo-2021-2024", 0): "GEVRAAGD",
    ("circulaire-economie-krachtenkaart", 0): "GEVRAAGD",
    ("nieuwe-aanpak-landelijk-gebied", 0): "VOORGESTELD",
    ("bouwsteen-emissiereductie-landbouw", 0): "VOORGESTELD",
    ("bouwsteen-natuur", 0): "VOORGESTELD",
}

# (afspraak, verplichting) -> [(letterlijk fragment, grootheid, waarde, eenheid)]
HOEVEELHEDEN: dict[tuple[str, int], list[tuple[str, str, str, str]]] = {
    ("nplg-regionale-doelen", 2): [("1 Mton CO2-eq", ("emissiereductie broeikasgassen "
                                    "(nationale opgave veenweide)"), "1", "Mton CO2-eq")],
    ("nplg-regionale-doelen", 3): [("5 Mton CO2-eq", ("emissiereductie veehouderij en "
                                    "akkerbouw"), "5", "Mton CO2-eq")],
    ("nplg-regionale-doelen", 4): [("3,1282 Mton CO2-eq", "methaanemissiereductie (minimaal)",
                                    "3.1282", "Mton CO2-eq")],
    ("stikstof-omgevingswaarde-kdw", 0): [("74%", "stikstofgevoelig areaal onder de KDW", "74",
                                           "%")],
    ("nnn-realisatie", 0): [("80.000 ha", "extra natuur (NNN)", "80000", "ha")],
    ("provinciale-woningbouwafspraken", 0): [("900.000 nieuwe woningen", "nieuwe woningen",
                                              "900000", "woningen")],
    ("klimaatakkoord", 0): [("49% minder CO2-uitstoot", ("reductie CO2-uitstoot t.o.v. 1990 "
                             "(Klimaatwet)"), "49", "%"),
                            ("streven 55%", ("reductie CO2-uitstoot t.o.v. 1990 (streven, "
                             "Europese Klimaatwet)"), "55", "%")],
    ("res", 0): [("35 TWh", "hernieuwbare opwek op land", "35", "TWh")],
    ("spv-startakkoord", 0): [("nul verkeersslachtoffers", "verkeersslachtoffers", "0",
                               "slachtoffers")],
    ("nationaal-toekomstbeeld-fiets", 0): [("20% meer fietskilometers", ("toename "
                                            "fietskilometers t.o.v. 2017"), "20", "%")],
    ("bouwsteen-natuur", 0): [("90% van condities", "condities van habitats op orde", "90", "%")],
}

RELATIE_SOORTEN: dict[str, tuple[str, str]] = {
    # scenario-soort: (registersoort, richting) — voorwaarts: opgeslagen bij de afspraak zelf
    "vervangt": ("VERVANGT", "voorwaarts"),
    "vervangen_door": ("VERVANGT", "invers"),
    "onderdeel_van": ("ONDERDEEL_VAN", "voorwaarts"),
    "omvat": ("ONDERDEEL_VAN", "invers"),
    "uitwerking_van": ("UITWERKING_VAN", "voorwaarts"),
    "basis_voor": ("UITWERKING_VAN", "invers"),
    "instantie_van": ("INSTANTIE_VAN", "voorwaarts"),
    "voorwaarde_voor": ("VOORWAARDE_VOOR", "voorwaarts"),
    "financiert": ("FINANCIERT", "voorwaarts"),
    "gefinancierd_door": ("FINANCIERT", "invers"),
    "input_voor": ("HANGT_SAMEN_MET", "symmetrisch"),
    "ontvangt_input_van": ("HANGT_SAMEN_MET", "symmetrisch"),
    "reactie_op": ("HANGT_SAMEN_MET", "symmetrisch"),
    "hangt_samen_met": ("HANGT_SAMEN_MET", "symmetrisch"),
}

PRECISIE = {"dag": "DAG", "maand": "MAAND", "jaar": "JAAR", "onbekend": "ONBEKEND"}
SOORT_BINDING = ("ONDERTEKENAAR", "STEUNVERKLARING", "BETROKKEN", "GECONSULTEERD")  # sterk->zwak


class Fout(Exception):
    pass


# -- hulpfuncties ---------------------------------------------------------------------------


def eerste_dag(vaag: str) -> str:
    delen = vaag.split("-")
    jaar, maand, dag = int(delen[0]), int(delen[1]) if len(delen) > 1 else 1, \
        int(delen[2]) if len(delen) > 2 else 1
    return date(jaar, maand, dag).isoformat()


def tooi_ids(map_: Path) -> set[str]:
    """Alle ids in de TOOI-lijsten: JSON-LD-bestanden plus de ministerielijst in de XSD."""
    ids: set[str] = set()
    for f in sorted(map_.glob("*.json")):
        for knoop in json.loads(f.read_text(encoding="utf-8")):
            i = knoop.get("@id", "")
            if i.startswith(TOOI):
                ids.add(i)
    for f in sorted(map_.glob("*.xsd")):
        ids.update(re.findall(r'value="(' + re.escape(TOOI) + r'ministerie/mnre\d+)"',
                              f.read_text(encoding="utf-8")))
    if not ids:
        raise Fout(f"geen TOOI-ids gevonden in {map_}")
    return ids


def eigen_ids() -> set[str]:
    pad = Path(__file__).resolve().parent.parent / "src/register/domein/data/eigen_organisaties.json"
    return {o["id"] for o in json.loads(pad.read_text(encoding="utf-8"))}


def partij_binding(naam: str, rol: str) -> str:
    r = rol.lower()
    if "impliciet" in naam or "impliciet" in r or "beoogd" in r:
        return "BETROKKEN"              # partijschap niet expliciet, of nog maar beoogd
    if "steunverklaring" in r:          # ook "ondertekenaar of steunverklaring": ten minste dat
        return "STEUNVERKLARING"
    if "geconsulteerd" in r:
        return "GECONSULTEERD"
    # "partij" en "wederpartij" wel, "onderhandelingspartij" niet (nog niets getekend)
    if "ondertekenaar" in r or re.search(r"\b(weder)?partij\b", r):
        return "ONDERTEKENAAR"
    return "BETROKKEN"


def bedrag_soort(omschrijving: str) -> str:
    o = omschrijving.lower()
    if any(w in o for w in ("niet meer dan", "plafond", "maxim")):
        return "MAXIMUM"
    if any(w in o for w in ("minimaal", "ondergrens", "bodem")):
        return "MINIMUM"
    if any(w in o for w in ("indicatief", "circa")):
        return "INDICATIEF"
    return "EXACT"


def normaliseer(entry: Any) -> dict[str, Any]:
    if isinstance(entry, str):
        return {"id": entry, "namens": [], "aantal": None}
    return {"id": entry["id"], "namens": list(entry.get("namens", [])),
            "aantal": entry.get("aantal")}


def los_op(sleutel: str, naam: str) -> list[dict[str, Any]]:
    if (sleutel, naam) in NAMEN_PER_AFSPRAAK:
        lijst = NAMEN_PER_AFSPRAAK[(sleutel, naam)]
    elif naam in NAMEN:
        lijst = NAMEN[naam]
    else:
        raise Fout(f"naam zonder regel in de naamtabel: {naam!r} (afspraak {sleutel})")
    uit = [normaliseer(e) for e in lijst]
    ids = [e["id"] for e in uit]
    if len(set(ids)) != len(ids):
        raise Fout(f"naamtabel noemt een overheid dubbel voor {naam!r}")
    return uit


# -- bouw -----------------------------------------------------------------------------------


def bron(sleutel: str, i: int, g: dict[str, Any]) -> dict[str, Any]:
    b = g["bron"]
    doc = DOCUMENTEN.get(b["seed"])
    if doc is None:
        raise Fout(f"onbekend brondocument {b['seed']!r} ({sleutel}, gebeurtenis {i})")
    tekst = (g["omschrijving"] + " " + (g.get("datum_tekst") or "")).lower()
    if (sleutel, i) in BEWIJSKRACHT_HANDMATIG:
        kracht = BEWIJSKRACHT_HANDMATIG[(sleutel, i)]
    elif "impliciet" in tekst:
        kracht = "IMPLICIET"
    elif "afgeleid" in tekst or (sleutel, i) in JAAR_AFGELEID:
        kracht = "AFGELEID"
    else:
        kracht = "EXPLICIET"
    return {"titel": doc["titel"], "soort": doc["soort"], "datum": eerste_dag(b["document_datum"]),
            "datumPrecisie": PRECISIE[b["document_datum_precisie"]], "kenmerk": doc["kenmerk"],
            "url": None, "citaat": b["citaat"], "bewijskracht": kracht}


def kennisdatum(g: dict[str, Any]) -> str:
    """Vanaf wanneer bekend is wat de bron van deze gebeurtenis meldt (zie DOCUMENTEN)."""
    return str(DOCUMENTEN[g["bron"]["seed"]]["bekend"])


def tijdassen(sleutel: str, i: int, g: dict[str, Any], br: dict[str, Any]) -> dict[str, Any]:
    datum, precisie, frase = g["datum"], g["datum_precisie"], g.get("datum_tekst")
    if g["soort"] == "gepland":
        doel = f"{frase} ({datum})" if frase and datum else (frase or datum)
        werkend, prec = br["datum"], br["datumPrecisie"]
        tekst = f"streefdatum {doel}" if doel else "streefdatum onbekend"
    elif datum:
        werkend, prec, tekst = eerste_dag(datum), PRECISIE[precisie], frase
    else:
        werkend, prec, tekst = None, "ONBEKEND", frase
    return {"geldigVanaf": GELDIG_VANAF.get((sleutel, i)), "juridischWerkendVanaf": werkend,
            "bekendOp": kennisdatum(g), "datumPrecisie": prec, "datumTekst": tekst}


def partijen_van(sc: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    per_id: dict[str, dict[str, Any]] = {}
    volgorde: list[str] = []
    for p in sc["partijen"]:
        binding = partij_binding(p["naam"], p["rol"])
        for e in los_op(sc["id"], p["naam"]):
            oud = per_id.get(e["id"])
            if oud is None:
                per_id[e["id"]] = {"overheid": e["id"], "rol": p["rol"], "binding": binding,
                                   "naamInBron": p["naam"], "namens": list(e["namens"]),
                                   "aantal": e["aantal"]}
                volgorde.append(e["id"])
                continue
            if p["naam"] not in oud["naamInBron"].split(" | "):
                oud["naamInBron"] += " | " + p["naam"]
                oud["rol"] += f"; {p['rol']} (als '{p['naam']}')"
            if SOORT_BINDING.index(binding) < SOORT_BINDING.index(oud["binding"]):
                oud["binding"] = binding
            oud["namens"] += [n for n in e["namens"] if n not in oud["namens"]]
            if oud["aantal"] is None:
                oud["aantal"] = e["aantal"]
    return [per_id[i] for i in volgorde], per_id


def verplichtingen_van(sc: dict[str, Any], per_id: dict[str, dict[str, Any]],
                       lijst: list[dict[str, Any]]) -> list[dict[str, Any]]:
    uit = []
    for j, v in enumerate(sc["verplichtingen"]):
        prec, uiterlijk = v["datum_precisie"], v["uiterlijk"]
        verwacht = {"dag": r"\d{4}-\d{2}-\d{2}", "maand": r"\d{4}-\d{2}", "jaar": r"\d{4}"}
        if prec == "onbekend":
            if uiterlijk is not None:
                raise Fout(f"{sc['id']} verplichting {j}: onbekend maar met datum")
        elif not re.fullmatch(verwacht[prec], uiterlijk or ""):
            raise Fout(f"{sc['id']} verplichting {j}: {uiterlijk!r} past niet bij {prec}")
        hoeveelheden = []
        for fragment, grootheid, waarde, eenheid in HOEVEELHEDEN.get((sc["id"], j), []):
            if fragment not in v["wat"]:
                raise Fout(f"{sc['id']} verplichting {j}: {fragment!r} staat niet in de tekst")
            hoeveelheden.append({"grootheid": grootheid, "waarde": waarde, "eenheid": eenheid})
        for e in los_op(sc["id"], v["wie"]):
            if e["id"] not in per_id:
                nieuw = {"overheid": e["id"], "rol": "genoemd als uitvoerder van een verplichting",
                         "binding": "BETROKKEN", "naamInBron": v["wie"],
                         "namens": list(e["namens"]), "aantal": e["aantal"]}
                per_id[e["id"]] = nieuw
                lijst.append(nieuw)
            vp: dict[str, Any] = {
                "omschrijving": v["wat"], "partij": e["id"], "uiterlijk": uiterlijk,
                "uiterlijkTekst": v.get("datum_tekst"),
                "binding": VERPLICHTING_BINDING.get((sc["id"], j), "BESTUURLIJK")}
            if hoeveelheden:
                vp["hoeveelheden"] = hoeveelheden
            uit.append(vp)
    return uit


def bedragen_van(sc: dict[str, Any]) -> list[dict[str, Any]]:
    uit = []
    for b in sc["bedragen"]:
        if b["bedrag_eur"] is None:
            continue                     # zie de docstring: bedrag niet in de bron
        uit.append({"omschrijving": b["omschrijving"],
                    "bedrag": f"{Decimal(str(b['bedrag_eur'])):.2f}",
                    "soort": bedrag_soort(b["omschrijving"])})
    return uit


def relaties_en_volgorde(scenarios: list[dict[str, Any]]
                         ) -> tuple[list[str], dict[str, list[dict[str, str]]], list[str]]:
    """Normaliseert relaties naar één voorwaartse opslag en ordent afspraken topologisch."""
    ids = [s["id"] for s in scenarios]
    bekend = set(ids)
    gericht: set[tuple[str, str, str]] = set()        # (eigenaar, soort, doel)
    symmetrisch: set[frozenset[str]] = set()
    weggelaten: list[str] = []
    for s in scenarios:
        for r in s["relaties"]:
            if r["naar"] not in bekend:
                raise Fout(f"relatie naar onbekende afspraak: {s['id']} -> {r}")
            if r["soort"] not in RELATIE_SOORTEN:
                raise Fout(f"onbekende relatiesoort {r['soort']!r} bij {s['id']}")
            soort, richting = RELATIE_SOORTEN[r["soort"]]
            if richting == "voorwaarts":
                gericht.add((s["id"], soort, r["naar"]))
            elif richting == "invers":
                gericht.add((r["naar"], soort, s["id"]))
            else:
                symmetrisch.add(frozenset((s["id"], r["naar"])))
    # topologisch: het doel van een gerichte relatie komt eerder; bij gelijkheid scenariovolgorde
    index = {i: n for n, i in enumerate(ids)}
    na: dict[str, set[str]] = defaultdict(set)
    ingraad = dict.fromkeys(ids, 0)
    for eigenaar, _, doel in gericht:
        if eigenaar not in na[doel]:
            na[doel].add(eigenaar)
            ingraad[eigenaar] += 1
    klaar = sorted((i for i in ids if ingraad[i] == 0), key=index.get)
    volgorde: list[str] = []
    while klaar:
        i = klaar.pop(0)
        volgorde.append(i)
        for j in na[i]:
            ingraad[j] -= 1
            if ingraad[j] == 0:
                klaar.append(j)
        klaar.sort(key=index.get)
    if len(volgorde) != len(ids):
        raise Fout("kringverwijzing in de relaties: " + ", ".join(set(ids) - set(volgorde)))
    positie = {i: n for n, i in enumerate(volgorde)}
    per_afspraak: dict[str, list[dict[str, str]]] = defaultdict(list)
    paren_gericht = {frozenset((e, d)) for e, _, d in gericht}
    for eigenaar, soort, doel in sorted(gericht, key=lambda t: (positie[t[0]], t[1], positie[t[2]])):
        per_afspraak[eigenaar].append({"soort": soort, "naar": doel})
    for paar in sorted(symmetrisch, key=lambda p: sorted(positie[x] for x in p)):
        a, b = sorted(paar, key=positie.get)
        if paar in paren_gericht:
            weggelaten.append(f"HANGT_SAMEN_MET {b} -> {a} (al een gerichte relatie)")
            continue
        per_afspraak[b].append({"soort": "HANGT_SAMEN_MET", "naar": a})
    return volgorde, per_afspraak, weggelaten


def commando(sleutel: str, i: int, g: dict[str, Any]) -> dict[str, Any]:
    br = bron(sleutel, i, g)
    tijd = tijdassen(sleutel, i, g, br)
    gemeen = {"toelichting": g["omschrijving"], "bronnen": [br], **tijd}
    if (sleutel, i) in GESTRUCTUREERD:
        mutatie, velden, extra = GESTRUCTUREERD[(sleutel, i)]
        if extra:
            gemeen["toelichting"] = g["omschrijving"] + " — " + extra
        return {"mutatie": mutatie, "input": {**velden, **gemeen}}
    if g["soort"] in STRUCTUREERBAAR and (sleutel, i) not in BEWUST_VOORTGANG:
        raise Fout(f"{sleutel} gebeurtenis {i} ({g['soort']}): kies GESTRUCTUREERD of "
                   "BEWUST_VOORTGANG")
    return {"mutatie": "voortgangRapporteren",
            "input": {"verslag": g["omschrijving"], "aard": g["soort"], **gemeen}}


def bouw(scenarios: list[dict[str, Any]], geldige_ids: set[str]) -> tuple[dict[str, Any], list[str]]:
    volgorde, relaties, weggelaten = relaties_en_volgorde(scenarios)
    per_sleutel = {s["id"]: s for s in scenarios}
    afspraken = []
    gebruikt: set[tuple[str, int]] = set()
    for sleutel in volgorde:
        sc = per_sleutel[sleutel]
        ev = sc["gebeurtenissen"]
        eerst = VASTLEG_GEBEURTENIS.get(
            sleutel, next((i for i, g in enumerate(ev) if g["soort"] == "vastgelegd"), 0))
        lijst, per_id = partijen_van(sc)
        verplichtingen = verplichtingen_van(sc, per_id, lijst)
        if len(per_id) < 2:
            raise Fout(f"{sleutel}: minder dan twee verschillende partijen")
        for p in lijst:
            for o in [p["overheid"], *p["namens"]]:
                if o not in geldige_ids:
                    raise Fout(f"{sleutel}: overheid {o} staat niet in TOOI of eigen organisaties")
        partijen = [{k: v for k, v in p.items() if not (k in ("namens", "aantal") and not v)}
                    for p in lijst]
        g = ev[eerst]
        br = bron(sleutel, eerst, g)
        vastleggen = {
            "titel": sc["titel"], "soort": sc["soort"], "inhoud": sc["onderwerp"],
            "programma": sc["programma"], "partijen": partijen, "verplichtingen": verplichtingen,
            "bedragen": bedragen_van(sc), "relaties": relaties.get(sleutel, []),
            "inVoorbereiding": sleutel in IN_VOORBEREIDING, "vertrouwelijk": False,
            "toelichting": g["omschrijving"], "bronnen": [br],
            **tijdassen(sleutel, eerst, g, br)}
        commandos = [{"mutatie": "afspraakVastleggen", "input": vastleggen}]
        for i, g in enumerate(ev):
            if i != eerst:
                commandos.append(commando(sleutel, i, g))
        gebruikt.update((sleutel, i) for i in range(len(ev)))
        afspraken.append({"sleutel": sleutel, "commandos": commandos})
    # elke handmatige regel moet bij een echte gebeurtenis horen
    for tabel in (GESTRUCTUREERD, BEWUST_VOORTGANG, GELDIG_VANAF, BEWIJSKRACHT_HANDMATIG):
        for k in tabel:
            if k not in gebruikt:
                raise Fout(f"regel voor onbekende gebeurtenis {k}")
    for k in list(VERPLICHTING_BINDING) + list(HOEVEELHEDEN):
        if k[0] not in per_sleutel or k[1] >= len(per_sleutel[k[0]]["verplichtingen"]):
            raise Fout(f"regel voor onbekende verplichting {k}")
    for k in IN_VOORBEREIDING:
        if k not in per_sleutel:
            raise Fout(f"inVoorbereiding voor onbekende afspraak {k}")
    gebeurtenissen = sum(len(s["gebeurtenissen"]) for s in scenarios)
    uit = {
        "bron": f"Gemaakt met scripts/demo_bouwen.py uit domein/scenarios.json ({len(scenarios)} "
                f"afspraken, {gebeurtenissen} gebeurtenissen met citaat), ontleend aan vijf "
                "brondocumenten: BO-notitie Landelijk Gebied (nov. 2024), NOVEX-startpakket (kenmerk "
                "2022-0000668914, dec. 2022), VNG-presentatie Actualiteiten (2025), VNG-ledenbrief "
                "(dec. 2022) en IPO-overdrachtsdossier 2023.",
        "afspraken": afspraken,
    }
    return uit, weggelaten


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenarios", type=Path)
    ap.add_argument("tooi_map", type=Path)
    ap.add_argument("--uit", type=Path, default=Path("src/register/demo/afspraken.json"))
    ap.add_argument("--toon-weggelaten", action="store_true")
    a = ap.parse_args(argv)
    scenarios = json.loads(a.scenarios.read_text(encoding="utf-8"))
    try:
        # eerst alle namen: één lijst van wat ontbreekt in plaats van de eerste fout
        ontbrekend = sorted({(s["id"], n) for s in scenarios
                             for n in [p["naam"] for p in s["partijen"]]
                             + [v["wie"] for v in s["verplichtingen"]]
                             if n not in NAMEN and (s["id"], n) not in NAMEN_PER_AFSPRAAK})
        if ontbrekend:
            raise Fout("namen zonder regel in de naamtabel:\n  " + "\n  ".join(
                f"{n!r} (afspraak {s})" for s, n in ontbrekend))
        uit, weggelaten = bouw(scenarios, tooi_ids(a.tooi_map) | eigen_ids())
    except Fout as f:
        print(f"demo_bouwen: {f}", file=sys.stderr)
        return 1
    a.uit.parent.mkdir(parents=True, exist_ok=True)
    a.uit.write_text(json.dumps(uit, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    n = sum(len(x["commandos"]) for x in uit["afspraken"])
    print(f"{len(uit['afspraken'])} afspraken, {n} commando's -> {a.uit}")
    if a.toon_weggelaten:
        for w in weggelaten:
            print("weggelaten:", w)
    return 0


if __name__ == "__main__":
    sys.exit(main())
