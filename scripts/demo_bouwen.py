"""Zet de 85 echte afspraken uit ``scenarios.json`` om in registercommando's (de demogegevens).

Gebruik (alleen de standaardbibliotheek)::

    python scripts/demo_bouwen.py <scenarios.json> <tooi-map> [--uit src/register/demo/afspraken.json]

De uitvoer is een lijst afspraken, elk met een sleutel (het scenario-id) en een reeks commando's
(``mutatie`` + ``input``) die de lader één voor één aan het register geeft, precies zoals de
GraphQL-mutatie met die naam; ``id`` en ``verwachteVersie`` vult de lader zelf in.

Werkwijze en keuzes
===================

Elk feit met zijn eigen bron. De herkomsttabel (``demodata/herkomst``) noemt per partij,
verplichting, bedrag en relatie elke bron die het meldt, in de volgorde waarin de bronnen
bekend werden. Een feit komt binnen met de bron die het als eerste meldt, op de kennisdatum van
die bron (``DOCUMENTEN``); wat een latere bron toevoegt of verandert, is een eigen commando op
haar kennisdatum: ``partijToetreden`` (datum onbekend, uiterlijk de documentdatum),
``verplichtingVastleggen``, ``verplichtingWijzigen`` (uitgesteld, gewijzigd, of een andere,
meestal preciezere termijn), ``verplichtingNakomen``/``Vervallen``/``OnbeslistVerklaren``,
``afspraakWijzigen`` (een bedrag of relatie die een latere bron meldt). Elk commando noemt zijn
``grond``: de scenariogebeurtenis (``{"gebeurtenis": i}``) of het feit.

De eerste gebeurtenis, ``afspraakVastleggen``, komt uit het vroegst bekende document dat de
afspraak noemt: de ``vastgelegd``-gebeurtenis als die daaruit komt, anders de eerste
scenariogebeurtenis uit dat document, anders de eerste vermelding van een feit. Zegt die niet
wanneer de afspraak is aangegaan (geen ``vastgelegd``/``ondertekend``), dan is juridisch werkend
onbekend (uiterlijk de documentdatum). Noemt de eerste bron één partij of geen, dan staat er het
collectief "overige partijen" met "niet in de bron genoemd". Een partij die op die dag nog niet
bestond (het ministerie van VRO in 2022), wordt haar enige voorganger (``toen``); noemt een bron
van na de splitsing de nieuwe organisatie, dan treedt die toe.

Alle overige scenariogebeurtenissen volgen op hun kennisdatum (binnen één document in
scenariovolgorde). Gestructureerde mutaties staan met de hand in ``GESTRUCTUREERD`` (per
gebeurtenis, met reden); al het andere wordt ``voortgangRapporteren`` met ``aard`` = de
oorspronkelijke soort. Gebeurtenissen van een soort die een gestructureerde mutatie zou kunnen
zijn, maar die dat hier bewust niet worden, staan met reden in ``BEWUST_VOORTGANG``; het script
weigert een zulke gebeurtenis die in geen van beide tabellen staat. Feiten die de scenario's
weglieten (``ontbrekend`` in de herkomsttabel en ``EXTRA_FEITEN``) worden per document en soort
één voortgangsrapport met hun citaten; voorwaarden bij een voorwaardelijk standpunt uit
hetzelfde document gaan in dat standpunt. Tegenstrijdige bronnen (``TEGENSTRIJDIGHEDEN``) worden
``tegenstrijdigheidVastleggen``, met de bron van elke kant.

Noemt de eerste bron een afspraak zonder te zeggen sinds wanneer, en meldt een latere bron dat zij
eerder is aangegaan of ondertekend, dan wordt die melding ``beginVaststellen`` op de kennisdatum
van die latere bron: vanaf dan bestaat de afspraak vanaf dat begin, zonder partijen (geen van
deze bronnen noemt wie er bij het begin partij was). Een melding ``vastgelegd`` gaat daarin op;
een melding ``ondertekend`` blijft daarnaast een eigen gebeurtenis. Uitzonderingen staan met
reden in ``BEGIN_ANDERS``.

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
* Een ``gewijzigd``/``uitgesteld`` uit de scenario's zelf blijft voortgang (met aard); de
  nieuwe termijn komt, met haar eigen bron, uit de herkomsttabel.

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
Binding, uit de rol zoals de bron die de partij noemt haar beschrijft (de rol in de scenario's
vat alle bronnen samen): ONDERTEKENAAR bij een rol met ondertekenaar, partij of wederpartij
(niet "onderhandelingspartij"), STEUNVERKLARING, GECONSULTEERD, anders BETROKKEN; een naam of
rol met "impliciet", een "beoogde" partij en wie "géén overeenstemming" had, is BETROKKEN. Per overheid één partij: rollen
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
VWS = TOOI + "ministerie/mnre1025"
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
    # VNG-presentatie 2025: 'VRO samen met IenW, LVVN, EZ, KGG, DEF, OCW en VWS'
    "IenW, LVVN, EZ, KGG, DEF, OCW en VWS": [IENW, LNV, EZK, KGG, DEF, OCW, VWS],
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
    # de ledenbrief (dec. 2022) noemt 'relevante partijen'; dat het IPO aan de hoofdtafel zit,
    # meldt pas het IPO-dossier (2023), dat het IPO als eigen partij noemt
    ("landbouwakkoord", "partijen aan de hoofdtafel"): [C_OV],
}

# -- documenten (notities §1) ---------------------------------------------------------------

# Per document ook de kennisdatum (ontwerp §4): de dag vanaf wanneer wat het document meldt
# bekend is. Nooit vóór de dag dat het document bekend kon zijn: bij een datum op maand of jaar
# de laatste dag van die periode, tenzij het document zelf een nauwere dag rechtvaardigt. De
# reden staat erbij; de README van de demogegevens neemt deze tabel over.
DOCUMENTEN: dict[str, dict[str, Any]] = {
    "000_08da6c9771a54080.txt": {
        "datum": "2024-11", "precisie": "maand",
        "titel": "Notitie BO Landelijk Gebied 'contouren uitvoeringsgerichte en "
                 "gebiedsspecifieke aanpak' (versie 8-11, BO 28-11-2024)",
        "soort": "notitie", "kenmerk": None, "bekend": "2024-11-28",
        "waarom": "versie van 8 november, ter bespreking in het BO Landelijk Gebied van "
                  "28-11-2024: op die dag hadden de medeoverheden haar zeker (de registratie "
                  "'7.3.2025 CWS' is later)"},
    "001_a0d8ba2f6df90fad.txt": {
        "datum": "2022-12", "precisie": "maand",
        "titel": "NOVEX-startpakket, brief aan een provincie (kenmerk 2022-0000668914)",
        "soort": "brief", "kenmerk": "2022-0000668914", "bekend": "2022-12-31",
        "waarom": "gedateerd december 2022 (maand); de VNG verwachtte haar op 9 december, maar "
                  "dat is een verwachting: de laatste dag van de maand"},
    "002_108e33ca204148a2.txt": {
        "datum": "2025", "precisie": "jaar",
        "titel": "VNG-presentatie 'Actualiteiten' (team landelijk gebied, 2025)",
        "soort": "presentatie", "kenmerk": None, "bekend": "2025-12-31",
        "waarom": "gedateerd 2025 (jaar); de inhoud wijst op het najaar ('opgeleverd in "
                  "oktober', '21 november', 'december'), maar geen dag: de laatste dag van het "
                  "jaar"},
    "003_a59785af9ae9c7a2.txt": {
        "datum": "2022-12", "precisie": "maand",
        "titel": "VNG-ledenbrief aan colleges en raden, met bijlage 1 (december 2022)",
        "soort": "ledenbrief", "kenmerk": None, "bekend": "2022-12-08",
        "waarom": "gedateerd december 2022; kondigt het startpakket aan voor 9 december, dus "
                  "verstuurd vóór 9 december: uiterlijk 8-12-2022"},
    "004_347e287c16041e8a.txt": {
        "datum": "2023", "precisie": "jaar",
        "titel": "IPO-overdrachtsdossier 2023", "soort": "overdrachtsdossier", "kenmerk": None,
        "bekend": "2023-03-21",
        "waarom": "gedateerd 2023 (jaar); de inhoud loopt tot maart 2023 en noemt het "
                  "bestuurlijk overleg van 22 maart als toekomst ('Op 22 maart vindt er een "
                  "bestuurlijk overleg'): uiterlijk 21-3-2023"},
}

# -- met de hand gecontroleerde keuzes per afspraak of gebeurtenis (index 0-based) ----------

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
    ("provinciale-woningbouwafspraken", 0): "twaalf ondertekenaars tegelijk; de vastlegging komt "
                                            "uit de eerdere ledenbrief (maandprecisie)",
    ("provinciale-woningbouwafspraken", 1): "zelfde ondertekening (IPO-dossier, dagprecisie)",
    ("klimaatakkoord", 2): "nieuw doel staat al in de verplichting van de vastlegging",
    ("res", 4): "alle staten en colleges tegelijk",
    ("landbouwakkoord", 4): "'inzet is een akkoord in april' is een streven van het IPO",
    ("omgevingswet-bestuursakkoord-2015", 2): "geen nieuwe datum, geen data van uitstelbesluiten",
    ("erfgoeddeal", 0): "verlenging in maart 2023 (zonder nieuwe einddatum); de afspraak zelf "
                        "staat al sinds de eerste vermelding in de NOVEX-brief",
    ("schone-lucht-akkoord", 0): "alleen dat de eerste handtekeningen op 13-1-2020 zijn gezet; "
                                 "door wie, staat niet in de bron",
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

# (afspraak, bedrag) -> (periode zoals het citaat haar noemt, teken). Negatief: een verlaging.
BEDRAG_PERIODE_TEKEN: dict[tuple[str, int], tuple[str | None, int]] = {
    ("transitiefonds", 0): ("incidenteel", 1),
    ("transitiefonds", 1): ("beschikbaar per januari 2024", 1),
    ("programma-natuur", 0): ("t/m 2030", 1),
    ("programma-natuur", 1): ("2021", 1),
    ("tvov23-vangnet-ov", 0): ("2023", 1),
    ("spv-startakkoord", 0): ("tot 2030, in tranches", 1),
    ("accres-financieringssystematiek", 0): ("per jaar, structureel vanaf 2026", -1),
    ("accres-financieringssystematiek", 1): ("2026 (incidenteel)", 1),
    ("dsih", 0): ("per jaar, 2023–2025", 1),
}

# Meldingen van een eerder begin (zie de kop) die anders gaan, met reden: None is geen begin,
# een getal kiest een andere melding van dezelfde afspraak.
BEGIN_ANDERS: dict[tuple[str, int], int | None] = {
    # een doel ("ondertekening door een VNG-bestuurder"), geen moment waarop het gebeurde
    ("vng-zienswijze-nota-ruimte", 3): None,
    # hetzelfde IPO-dossier noemt april 2021 en april 2022 (tegenstrijdigheid vastgelegd): vanaf
    # april 2022 zeggen beide dat de afspraken bestonden
    ("grip-grootschalige-bedrijfsvestigingen", 0): 1,
}

# Bronnen die elkaar tegenspreken (uit de opmerkingen van de herkomsttabel); het register
# bewaart elke kant en verzoent niets. Per afspraak: waarover, de toelichting, het citaat van
# elke kant (document, citaat) en wat de tegenstrijdige uitspraken vastlegde: een
# scenariogebeurtenis ("gebeurtenis", i) of een bedrag ("bedrag", k); eventueel de verplichting
# (index in de scenario's) waarover het gaat.
TEGENSTRIJDIGHEDEN: dict[str, list[dict[str, Any]]] = {
    "grip-grootschalige-bedrijfsvestigingen": [{
        "betreft": "datum van de bestuurlijke afspraken GRIP",
        "toelichting": "Hetzelfde IPO-dossier dateert de GRIP-afspraken op april 2021 én op "
                       "april 2022.",
        "kanten": [("004_347e287c16041e8a.txt", "Bestuurlijke afspraken GRIP in april 2021."),
                   ("004_347e287c16041e8a.txt", "In april 2022 zijn door provincies met BZK "
                    "bestuurlijke afspraken gemaakt")],
        "grond": [("gebeurtenis", 0), ("gebeurtenis", 1)]}],
    "natuurpact": [{
        "betreft": "jaar van het Natuurpact",
        "toelichting": "De BO-notitie (2024) noemt 'Natuurpact (2012)'; het IPO-dossier (2023) "
                       "meldt dat het natuurbeleid 'sinds 2013' gedecentraliseerd is.",
        "kanten": [("004_347e287c16041e8a.txt", "Het natuurbeleid is sinds 2013 "
                    "gedecentraliseerd naar de provincies."),
                   ("000_08da6c9771a54080.txt", "Conform het Natuurpact (2012)")],
        "grond": [("gebeurtenis", 1), ("gebeurtenis", 0)]}],
    "transitiefonds": [{
        "betreft": "omvang van het Transitiefonds",
        "toelichting": "De VNG-ledenbrief noemt € 24,3 miljard, het IPO-dossier € 25 miljard "
                       "(volgens het regeerakkoord). Beide bedragen blijven staan.",
        "kanten": [("003_a59785af9ae9c7a2.txt", "Hiervoor komt een Transitiefonds van € 24,3 "
                    "miljard beschikbaar per januari 2024."),
                   ("004_347e287c16041e8a.txt", "De inzet van transitiefondsen voor "
                    "Natuur/Stikstof (€ 25 miljard)")],
        "grond": [("bedrag", 1), ("bedrag", 0)]}],
    "novex-ijkmoment-3": [{
        "betreft": "termijn van het ruimtelijk voorstel",
        "toelichting": "Dezelfde brief noemt ijkmoment 3 (juni 2023) 'het laatste moment voor "
                       "oplevering van het ruimtelijk voorstel' en laat de provincies de "
                       "voorstellen in oktober 2023 overhandigen.",
        "kanten": [("001_a0d8ba2f6df90fad.txt", "Dit is het laatste moment voor oplevering van "
                    "het ruimtelijk voorstel en het afronden van het ontwikkelperspectief."),
                   ("001_a0d8ba2f6df90fad.txt", "In oktober 2023 overhandigen de provincies de "
                    "ruimtelijke voorstellen aan de minister voor VRO.")],
        "grond": [("gebeurtenis", 2)]}],
    "regionale-woondeals": [{
        "betreft": "tekentermijn van de woondeals",
        "toelichting": "De VNG-ledenbrief noemt 'december 2022 tot 1 maart 2023', het "
                       "IPO-dossier 'tot en met de provinciale verkiezingen' (de datum daarvan "
                       "noemt het niet).",
        "kanten": [("003_a59785af9ae9c7a2.txt", "in de periode van december 2022 tot 1 maart "
                    "2023."),
                   ("004_347e287c16041e8a.txt", "die tot en met de provinciale verkiezingen een "
                    "uitwerking krijgen in te sluiten woondeals met gemeenten")],
        "grond": [("gebeurtenis", 5), ("gebeurtenis", 6)], "verplichting": 0}],
}

# Feiten die ook de herkomsttabel niet noemt, met hun citaat: (soort, document, citaat,
# omschrijving). De voetnoten van de NOVEX-brief (001) zijn de Kamerstukken waarop het
# startpakket rust; de Kamerbrief Toekomst Landbouw hoort bij het NPLG ("Deze opgave is ook
# geschetst in de Kamerbrief Toekomst Landbouw7"); het pakketbeginsel van de provincies geldt
# voor de financiële dossiers (004, dossier Financiën).
# Partijen die een bron noemt en de scenario's (en dus de herkomsttabel) niet: per afspraak
# (naam zoals de bron haar schrijft, document, citaat, rol). Ze treden toe op de kennisdatum van
# dat document, zoals elke partij die een latere bron als eerste noemt.
EXTRA_PARTIJEN: dict[str, list[tuple[str, str, str, str]]] = {
    "nota-ruimte": [("IenW, LVVN, EZ, KGG, DEF, OCW en VWS", "002_108e33ca204148a2.txt",
                     "VRO samen met IenW, LVVN, EZ, KGG, DEF, OCW en VWS.",
                     "stelt de nota op samen met het ministerie van VRO")],
}

EXTRA_FEITEN: dict[str, list[tuple[str, str, str, str]]] = {
    "novex-startpakket": [
        ("referentie", "001_a0d8ba2f6df90fad.txt", citaat, "Voetnoot van de brief: " + citaat)
        for citaat in (
            "Kamerstuk vergaderjaar 2021-2022, 34 682, nr. 92",
            "Kamerstuk vergaderjaar 2021-2022, 34 682, nr. 100", "Kamerstuk 27 625, Nr. 592",
            "Kamerstuk 34 682, Nr. 105", "Kamerstuk 30 252, Nr. 77",
            "Kamerstukken 2021/22, 32 813 nr. 1046", "Kamerstuk 34 682, nr. 103",
            "Kamerstuk 32 813, nr. 1113", "Kamerstuk 32 847, nr. 973")],
    "nplg": [("referentie", "001_a0d8ba2f6df90fad.txt", "Kamerstuk 30 252, Nr. 77",
              "Kamerbrief Toekomst Landbouw: Kamerstuk 30 252, nr. 77 (voetnoot 7 van de "
              "NOVEX-brief, bij de zin over het NPLG)")],
    "accres-financieringssystematiek": [(
        "voorwaarde", "004_347e287c16041e8a.txt",
        "hanteren de gezamenlijke provincies het uitgangspunt: ‘nothing is agreed, until "
        "everything is agreed’",
        "Pakketvoorwaarde van de gezamenlijke provincies voor de samenhangende financiële "
        "dossiers: ‘nothing is agreed, until everything is agreed’.")],
}
_MAAND = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
          "december")
VERWIJZING_PATRONEN = (
    re.compile(r"(?:Kamerstuk(?:ken)?\s+(?:vergaderjaar\s+)?(?:\d{4}\s*[-/]\s*\d{2,4},?\s+)?)?"
               r"\d{2}\s\d{3},?\s+[Nn]r\.?\s*\d{1,5}"),
    re.compile(r"(?:\bBO|Bestuurlijke?\s+Overleg(?:gen)?)\s+(?:[A-Z][\w-]*\s+){1,3}"
               r"(?:van\s+|d\.d\.\s+)?(?:\d{1,2}-\d{1,2}-\d{4}|(?:" + _MAAND + r")\s+\d{4})"),
    re.compile(r"https?://[^\s)]+[^\s).,;]"),
    re.compile(r"[Kk]enmerk\s+\d{4}-\d{6,}"),
)


def verwijzingen_in(citaat: str) -> list[str]:
    """De verwijzingen in een citaat, zoals het ze schrijft (het register normaliseert ze)."""
    uit: list[str] = []
    for patroon in VERWIJZING_PATRONEN:
        uit += [m.group(0) for m in patroon.finditer(citaat) if m.group(0) not in uit]
    return uit


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


def levensloop() -> dict[str, tuple[str | None, list[str], str]]:
    """Per overheid de begindatum, de voorgangers en de naam (uit de overhedenlijst van het
    register)."""
    pad = Path(__file__).resolve().parent.parent / "src/register/domein/data/overheden.json"
    return {o["id"]: (o.get("begindatum"), list(o.get("voorgangers") or []), o["naam"])
            for o in json.loads(pad.read_text(encoding="utf-8"))}


LEVENSLOOP = levensloop()


def toen(overheid: str, op: str) -> str:
    """De overheid die op dag `op` bestond: een organisatie van later (het ministerie van VRO,
    2 juli 2024) wordt haar enige voorganger (BZK, waar de minister voor VRO toen zat)."""
    begin, voorgangers, _ = LEVENSLOOP.get(overheid, (None, [], ""))
    if begin is None or op >= begin:
        return overheid
    if len(voorgangers) != 1:
        raise Fout(f"{overheid} bestond op {op} nog niet en heeft geen enkele voorganger")
    return toen(voorgangers[0], op)


def eigen_ids() -> set[str]:
    pad = Path(__file__).resolve().parent.parent / "src/register/domein/data/eigen_organisaties.json"
    return {o["id"] for o in json.loads(pad.read_text(encoding="utf-8"))}


def partij_binding(naam: str, rol: str) -> str:
    r = rol.lower()
    if "impliciet" in naam or "impliciet" in r or "beoogd" in r:
        return "BETROKKEN"              # partijschap niet expliciet, of nog maar beoogd
    if re.search(r"g[eé]{2}n overeenstemming", r):
        return "BETROKKEN"              # wie niet instemde, tekende niet (IPO bij het accres)
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
            "url": None, "citaat": b["citaat"], "bewijskracht": kracht,
            "verwijzingen": verwijzingen_in(b["citaat"])}


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


# -- per feit met zijn eigen bron (de herkomsttabel) ----------------------------------------

HERKOMST = Path(__file__).resolve().parent / "demodata" / "herkomst"
FEITSOORTEN = ("partijen", "verplichtingen", "bedragen", "relaties")
# Wat een bron over een verplichting meldt, als commando. 'vastgelegd' en 'herhaald' van een
# latere bron (die zegt hetzelfde nog eens) worden geen gebeurtenis.
STATUS_MUTATIE = {"nagekomen": "verplichtingNakomen", "vervallen": "verplichtingVervallen",
                  "onbeslist": "verplichtingOnbeslistVerklaren"}
ONTBREKEND_KOP = {
    "verplichting": "Wat deze bron verder als taak noemt (zonder vaste uitvoerder)",
    "voorwaarde": "Voorwaarden", "referentie": "Verwijzingen (Kamerstukken, overleggen, kenmerken)",
    "relatie": "Samenhang met andere afspraken", "partij": "Betrokkenen",
    "hoeveelheid": "Hoeveelheden", "bedrag": "Bedragen",
}
# Volgorde binnen één bron: eerst wie partij wordt, dan wat op hen rust, dan de rest.
(GROEP_PARTIJ, GROEP_VERPLICHTING, GROEP_STATUS, GROEP_INHOUD, GROEP_GEBEURTENIS, GROEP_OVERIG,
 GROEP_TEGENSTRIJDIG) = range(7)


def lees_herkomst(map_: Path = HERKOMST) -> dict[str, dict[str, Any]]:
    uit: dict[str, dict[str, Any]] = {}
    for f in sorted(map_.glob("deel*.json")):
        uit.update(json.loads(f.read_text(encoding="utf-8")))
    return uit


def kennis(seed: str) -> str:
    return str(DOCUMENTEN[seed]["bekend"])


def document_bron(seed: str, citaat: str, kracht_tekst: str = "") -> dict[str, Any]:
    """Een bron uit de herkomsttabel: het document met het citaat dat dit feit draagt."""
    doc = DOCUMENTEN[seed]
    t = kracht_tekst.lower()
    kracht = "IMPLICIET" if "impliciet" in t else "AFGELEID" if "afgeleid" in t else "EXPLICIET"
    return {"titel": doc["titel"], "soort": doc["soort"], "datum": eerste_dag(doc["datum"]),
            "datumPrecisie": PRECISIE[doc["precisie"]], "kenmerk": doc["kenmerk"], "url": None,
            "citaat": citaat, "bewijskracht": kracht, "verwijzingen": verwijzingen_in(citaat)}


def datum_onbekend(seed: str, wat: str) -> dict[str, Any]:
    """De tijdassen van een feit dat een bron meldt zonder te zeggen sinds wanneer: juridisch
    werkend onbekend (het register neemt dan het begin van de documentdatum)."""
    return {"geldigVanaf": None, "juridischWerkendVanaf": None, "bekendOp": kennis(seed),
            "datumPrecisie": "ONBEKEND",
            "datumTekst": f"{wat}: niet in de bron, uiterlijk {DOCUMENTEN[seed]['datum']}"}


def uit_feit(mutatie: str, invoer: dict[str, Any], b: dict[str, Any], toelichting: str,
             wat: str, grond: str) -> dict[str, Any]:
    """Een commando voor een feit uit de herkomsttabel, met het citaat van bron `b`."""
    kracht = " ".join(str(b.get(k) or "") for k in ("toelichting", "rol"))
    return {"mutatie": mutatie, "grond": {"feit": grond}, "input": {
        **invoer, "toelichting": toelichting,
        "bronnen": [document_bron(b["seed"], b["citaat"], kracht)],
        **datum_onbekend(b["seed"], wat)}}


class Afspraakbouw:
    """De commando's van één afspraak. Elk feit (partij, verplichting, bedrag, relatie) komt
    binnen met de bron die het als eerste meldt; wat een latere bron toevoegt, wijzigt, uitstelt
    of open laat, is een eigen commando op de kennisdatum van die bron."""

    def __init__(self, sc: dict[str, Any], hk: dict[str, Any],
                 relaties: list[tuple[dict[str, str], Any]], geldige_ids: set[str],
                 ev_commando: Any):
        self.sc, self.hk, self.sleutel = sc, hk, sc["id"]
        self.relaties, self.geldige_ids, self.ev_commando = relaties, geldige_ids, ev_commando
        self.eerste_leden: dict[str, dict[str, Any]] = {}   # de partijen van de vastlegging
        self.leden: set[str] = set()                         # wie er ooit partij werd
        self.vids: dict[int, list[str]] = defaultdict(list)   # verplichting -> overheden
        self.eerste_vids: list[tuple[int, str]] = []            # die van de vastlegging
        self.eerste_bedragen: set[int] = set()
        self.later: list[tuple[str, int, int, dict[str, Any]]] = []
        self.weggelaten: list[str] = []
        ev = sc["gebeurtenissen"]
        seeds = [g["bron"]["seed"] for g in ev] + [b["seed"] for b in self.eerste_vermeldingen()]
        self.d0 = min(seeds, key=kennis)
        standaard = next((i for i, g in enumerate(ev) if g["soort"] == "vastgelegd"), 0)
        self.eerst: int | None = standaard if ev[standaard]["bron"]["seed"] == self.d0 else next(
            (i for i, g in enumerate(ev) if g["bron"]["seed"] == self.d0), None)
        # de dag waarop de vastlegging ingaat (zoals het register haar neemt)
        if self.eerst is not None and ev[self.eerst]["soort"] in ("vastgelegd", "ondertekend"):
            g = ev[self.eerst]
            t = tijdassen(sc["id"], self.eerst, g, bron(sc["id"], self.eerst, g))
            self.vast_op = t["geldigVanaf"] or t["juridischWerkendVanaf"] or eerste_dag(
                DOCUMENTEN[self.d0]["datum"])
        else:
            self.vast_op = eerste_dag(DOCUMENTEN[self.d0]["datum"])
        self.vastlegging: dict[str, Any] = {
            "titel": sc["titel"], "soort": sc["soort"], "inhoud": sc["onderwerp"],
            "programma": sc["programma"], "partijen": [], "verplichtingen": [],
            "bedragen": [], "relaties": [],
            "inVoorbereiding": sc["id"] in IN_VOORBEREIDING, "vertrouwelijk": False}

    def eerste_vermeldingen(self) -> list[dict[str, Any]]:
        """De eerste bron van elk feit (uit de herkomsttabel, de relaties en wat de scenario's
        weglieten): waaruit blijkt wanneer de afspraak voor het eerst genoemd werd."""
        return ([f["bronnen"][0] for soort in FEITSOORTEN for f in self.hk[soort]
                 if f["bronnen"]] + [b for _, b in self.relaties if b]
                + [f["bronnen"][0] for f in self.ontbrekende_feiten() if f["bronnen"]])

    def plan(self, seed: str, groep: int, c: dict[str, Any]) -> None:
        self.later.append((kennis(seed), groep, len(self.later), c))

    # -- partijen ---------------------------------------------------------------------------

    def op(self, seed: str) -> str:
        """De dag waarop een feit uit deze bron ingaat: bij de vastlegging haar eigen begin,
        anders het begin van de documentdatum (zoals het register die neemt)."""
        if seed == self.d0:
            return self.vast_op
        return eerste_dag(DOCUMENTEN[seed]["datum"])

    def partijen_uit(self, naam: str, rol: str, binding: str, seed: str
                     ) -> list[dict[str, Any]]:
        uit = []
        for e in los_op(self.sleutel, naam):
            for o in [e["id"], *e["namens"]]:
                if o not in self.geldige_ids:
                    raise Fout(f"{self.sleutel}: overheid {o} staat niet in TOOI of eigen "
                               "organisaties")
            overheid = toen(e["id"], self.op(seed))
            if overheid != e["id"]:
                begin, _, later = LEVENSLOOP[e["id"]]
                rol += (f" (in deze bron het {LEVENSLOOP[overheid][2]}: het {later} bestaat pas "
                        f"sinds {begin})")
            p: dict[str, Any] = {"overheid": overheid, "rol": rol, "binding": binding,
                                 "naamInBron": naam}
            if e["namens"]:
                p["namens"] = list(e["namens"])
            if e["aantal"]:
                p["aantal"] = e["aantal"]
            uit.append(p)
        return uit

    def lid_vanaf_begin(self, p: dict[str, Any]) -> None:
        """Een partij van de vastlegging; een overheid onder meer namen wordt één partij met
        de sterkste binding en de letterlijke namen samen."""
        self.leden.add(p["overheid"])
        oud = self.eerste_leden.get(p["overheid"])
        if oud is None:
            self.eerste_leden[p["overheid"]] = p
            return
        naam = p["naamInBron"]
        if naam not in oud["naamInBron"].split(" | "):
            oud["naamInBron"] += " | " + naam
            oud["rol"] += f"; {p['rol']} (als '{naam}')"
        if SOORT_BINDING.index(p["binding"]) < SOORT_BINDING.index(oud["binding"]):
            oud["binding"] = p["binding"]
        namens = oud.get("namens", []) + [n for n in p.get("namens", [])
                                          if n not in oud.get("namens", [])]
        if namens:
            oud["namens"] = namens
        if "aantal" not in oud and "aantal" in p:
            oud["aantal"] = p["aantal"]

    def lid_later(self, p: dict[str, Any], b: dict[str, Any], toelichting: str) -> None:
        if p["overheid"] in self.leden:
            self.weggelaten.append(f"{self.sleutel}: '{p['naamInBron']}' ({b['seed'][:3]}) "
                                   "noemt een overheid die al partij is")
            return
        self.leden.add(p["overheid"])
        self.plan(b["seed"], GROEP_PARTIJ, uit_feit(
            "partijToetreden", {"partij": p}, b, toelichting, "partij sinds",
            f"partij {p['naamInBron']}"))

    def partijen(self) -> None:
        rollen = {p["naam"]: p["rol"] for p in self.sc["partijen"]}
        for feit in self.hk["partijen"]:
            naam = feit["naam"]
            if not feit["bronnen"]:
                # de scenario's leiden deze partij af ('impliciet'); geen citaat draagt haar:
                # met de vastlegging, en nooit sterker dan BETROKKEN
                for p in self.partijen_uit(naam, rollen[naam], "BETROKKEN", self.d0):
                    self.lid_vanaf_begin(p)
                continue
            b = feit["bronnen"][0]
            # de rol zoals déze bron haar noemt (de rol in de scenario's vat alle bronnen samen)
            rol = b.get("rol") or rollen[naam]
            for p in self.partijen_uit(naam, rol, partij_binding(naam, rol),
                                       b["seed"]):
                if b["seed"] == self.d0:
                    self.lid_vanaf_begin(p)
                else:
                    self.lid_later(p, b, f"Deze bron noemt '{naam}' als eerste "
                                         f"({rol}); wanneer deze partij "
                                         "toetrad, staat er niet in.")
            self.opvolgers_later(naam, feit, rollen)
        for naam, seed, citaat, rol in EXTRA_PARTIJEN.get(self.sleutel, []):
            b = {"seed": seed, "citaat": citaat, "rol": rol}
            for p in self.partijen_uit(naam, rol, partij_binding(naam, rol), seed):
                self.lid_later(p, b, f"Deze bron noemt '{naam}' (de scenario's niet); wanneer "
                                     "deze partij toetrad, staat er niet in.")

    def opvolgers_later(self, naam: str, feit: dict[str, Any], rollen: dict[str, str]) -> None:
        """Een naam die een latere organisatie noemt ('ministerie van VRO') was in een vroegere
        bron haar voorganger (BZK); zodra een bron van na de splitsing haar noemt, treedt de
        nieuwe organisatie toe. De voorganger blijft: geen bron zegt dat zij uittrad."""
        for later in feit["bronnen"][1:]:
            rol = later.get("rol") or rollen[naam]
            for p in self.partijen_uit(naam, rol, partij_binding(naam, rol), later["seed"]):
                if p["overheid"] not in self.leden:
                    self.leden.add(p["overheid"])
                    self.plan(later["seed"], GROEP_PARTIJ, uit_feit(
                        "partijToetreden", {"partij": p}, later,
                        f"Deze bron noemt '{naam}'; in een eerdere bron was dat nog "
                        "een voorganger. Wanneer deze partij toetrad, staat er niet in.",
                        "partij sinds", f"partij {naam}"))

    # -- verplichtingen ---------------------------------------------------------------------

    def verplichting_invoer(self, j: int, overheid: str, b: dict[str, Any]) -> dict[str, Any]:
        v = self.sc["verplichtingen"][j]
        prec, uiterlijk = b["datum_precisie"] or "onbekend", b["uiterlijk"]
        verwacht = {"dag": r"\d{4}-\d{2}-\d{2}", "maand": r"\d{4}-\d{2}", "jaar": r"\d{4}"}
        if prec == "onbekend":
            if uiterlijk is not None:
                raise Fout(f"{self.sleutel} verplichting {j}: onbekend maar met datum")
        elif not re.fullmatch(verwacht[prec], uiterlijk or ""):
            raise Fout(f"{self.sleutel} verplichting {j}: {uiterlijk!r} past niet bij {prec}")
        vp: dict[str, Any] = {
            "omschrijving": v["wat"], "partij": overheid, "uiterlijk": uiterlijk,
            "uiterlijkTekst": b["datum_tekst"],
            "binding": VERPLICHTING_BINDING.get((self.sleutel, j), "BESTUURLIJK")}
        hoeveelheden = []
        for fragment, grootheid, waarde, eenheid in HOEVEELHEDEN.get((self.sleutel, j), []):
            if fragment not in v["wat"]:
                raise Fout(f"{self.sleutel} verplichting {j}: {fragment!r} staat niet in de "
                           "tekst")
            hoeveelheden.append({"grootheid": grootheid, "waarde": waarde, "eenheid": eenheid})
        if hoeveelheden:
            vp["hoeveelheden"] = hoeveelheden
        return vp

    def verplichtingen(self) -> None:
        """Een verplichting per overheid die `wie` noemt; wie nog geen partij is, wordt het
        (BETROKKEN) met dezelfde bron."""
        for feit in self.hk["verplichtingen"]:
            j, eerste = feit["index"], feit["bronnen"][0]
            wie = self.sc["verplichtingen"][j]["wie"]
            uitleg = eerste.get("toelichting") or "Deze bron meldt de verplichting als eerste."
            for p in self.partijen_uit(wie, "genoemd als uitvoerder van een verplichting",
                                       "BETROKKEN", eerste["seed"]):
                o = p["overheid"]
                if eerste["seed"] == self.d0:
                    if o not in self.eerste_leden:
                        self.lid_vanaf_begin(p)
                    self.vastlegging["verplichtingen"].append(
                        self.verplichting_invoer(j, o, eerste))
                    self.eerste_vids.append((j, o))
                else:
                    if o not in self.leden:
                        self.lid_later(p, eerste, f"De bron noemt '{wie}' als uitvoerder van "
                                                  "een verplichting.")
                    c = uit_feit("verplichtingVastleggen",
                                 {"verplichting": self.verplichting_invoer(j, o, eerste)},
                                 eerste, uitleg, "verplichting sinds", f"verplichting {j}")
                    c["nummer"] = (j, o)        # het nummer volgt uit de volgorde: nummer()
                    self.plan(eerste["seed"], GROEP_VERPLICHTING, c)
                self.vids[j].append(o)
            termijn = eerste["uiterlijk"]
            for n, b in enumerate(feit["bronnen"]):
                termijn = self.wat_een_bron_meldt(j, n, b, termijn)

    def wat_een_bron_meldt(self, j: int, n: int, b: dict[str, Any],
                           termijn: str | None) -> str | None:
        """Het commando voor wat bron `b` over verplichting `j` meldt; geeft de termijn zoals
        die daarna bekend is. Een latere bron die de termijn herhaalt met een andere datum
        (vaak nauwkeuriger: 'juli 2023' wordt '1 juli 2023') wijzigt haar ook: de eerdere
        blijft in de geschiedenis."""
        aard, uitleg = b["aard"], b.get("toelichting") or f"De bron meldt: {b['aard']}."
        datum = b["uiterlijk"] is not None or b["datum_tekst"] is not None
        anders = b["uiterlijk"] is not None and b["uiterlijk"] != termijn
        if aard in STATUS_MUTATIE:
            mutatie, invoer = STATUS_MUTATIE[aard], {}
        elif n > 0 and ((aard in ("gewijzigd", "uitgesteld") and datum)
                        or (aard in ("herhaald", "vastgelegd") and anders)):
            if aard in ("herhaald", "vastgelegd"):
                uitleg = (b.get("toelichting") or "") + (" " if b.get("toelichting") else "") + (
                    f"Deze bron noemt de termijn anders ({b['datum_tekst'] or b['uiterlijk']}) "
                    f"dan eerder bekend was ({termijn or 'zonder datum'}).")
            mutatie, invoer = "verplichtingWijzigen", {"uiterlijk": b["uiterlijk"],
                                                       "uiterlijkTekst": b["datum_tekst"]}
            termijn = b["uiterlijk"]
        elif n > 0 and aard in ("gewijzigd", "uitgesteld"):
            wat = self.sc["verplichtingen"][j]["wat"]
            self.plan(b["seed"], GROEP_STATUS, uit_feit(
                "voortgangRapporteren", {"verslag": f"Over de verplichting '{wat}': {uitleg}",
                                         "aard": aard}, b, uitleg, f"termijn {aard}",
                f"verplichting {j}"))
            return termijn
        else:
            return termijn
        for o in self.vids[j]:
            self.plan(b["seed"], GROEP_STATUS, uit_feit(
                mutatie, {"verplichting": (j, o), **invoer}, b, uitleg, f"verplichting {aard}",
                f"verplichting {j}"))
        return termijn

    # -- bedragen, relaties en wat de scenario's weglieten ----------------------------------

    def bedragen_en_relaties(self) -> None:
        for feit in self.hk["bedragen"]:
            b_sc = self.sc["bedragen"][feit["index"]]
            if b_sc["bedrag_eur"] is None:
                continue                     # zie de docstring: bedrag niet in de bron
            b = feit["bronnen"][0]
            periode, teken = BEDRAG_PERIODE_TEKEN.get((self.sleutel, feit["index"]), (None, 1))
            if teken < 0 and "lager" not in b_sc["omschrijving"].lower():
                raise Fout(f"{self.sleutel}: een negatief bedrag hoort een verlaging te noemen")
            bedrag = {"omschrijving": b_sc["omschrijving"],
                      "bedrag": f"{teken * Decimal(str(b_sc['bedrag_eur'])):.2f}",
                      "soort": bedrag_soort(b_sc["omschrijving"]), "periode": periode,
                      "bron": document_bron(b["seed"], b["citaat"], b.get("toelichting") or "")}
            if b["seed"] == self.d0:
                self.vastlegging["bedragen"].append(bedrag)
                self.eerste_bedragen.add(feit["index"])
            else:
                self.plan(b["seed"], GROEP_INHOUD, {"bedrag": bedrag, "bron": b,
                                                    "index": feit["index"]})
        for r, b in self.relaties:
            if b is None:
                self.weggelaten.append(f"{self.sleutel}: relatie {r['soort']} -> {r['naar']} "
                                       "(geen citaat draagt haar)")
            elif kennis(b["seed"]) <= kennis(self.d0):
                self.vastlegging["relaties"].append(r)
            else:
                self.plan(b["seed"], GROEP_INHOUD, {"relatie": r, "bron": b})

    def ontbrekende_feiten(self) -> list[dict[str, Any]]:
        """Wat de scenario's weglieten: uit de herkomsttabel en uit EXTRA_FEITEN."""
        return self.hk.get("ontbrekend", []) + [
            {"soort": soort, "omschrijving": omschrijving,
             "bronnen": [{"seed": seed, "citaat": citaat}]}
            for soort, seed, citaat, omschrijving in EXTRA_FEITEN.get(self.sleutel, [])]

    def voorwaarden(self) -> dict[str, list[dict[str, Any]]]:
        per: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for f in self.ontbrekende_feiten():
            if f["soort"] == "voorwaarde" and f["bronnen"]:
                per[f["bronnen"][0]["seed"]].append(f)
        return per

    def ontbrekend(self, voorwaarden: dict[str, list[dict[str, Any]]]) -> None:
        """Feiten die de scenario's weglieten, met hun citaat: per bron en soort één
        voortgangsrapport. Voorwaarden die al in een voorwaardelijk standpunt uit dezelfde bron
        staan, niet nog eens."""
        per: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for f in self.ontbrekende_feiten():
            if f["bronnen"] and (f["soort"] != "voorwaarde" or f["bronnen"][0]["seed"] in
                                 voorwaarden):
                per[(f["bronnen"][0]["seed"], f["soort"])].append(f)
        for (seed, soort), feiten in per.items():
            if soort not in ONTBREKEND_KOP:
                raise Fout(f"{self.sleutel}: onbekende soort {soort!r} in ontbrekend")
            verslag = ONTBREKEND_KOP[soort] + ":\n" + "\n".join(
                f"- {f['omschrijving']}" for f in feiten)
            self.plan(seed, GROEP_OVERIG, {
                "mutatie": "voortgangRapporteren", "grond": {"feit": f"ontbrekend {soort}"},
                "input": {"verslag": verslag, "aard": "voortgang",
                          "toelichting": "Uit de bron; de scenario's lieten dit weg.",
                          "bronnen": [document_bron(seed, f["bronnen"][0]["citaat"])
                                      for f in feiten],
                          **datum_onbekend(seed, "gemeld")}})

    # -- alles samen ------------------------------------------------------------------------

    def bouw(self) -> list[dict[str, Any]]:
        sleutel, ev = self.sleutel, self.sc["gebeurtenissen"]
        self.partijen()
        self.verplichtingen()
        self.bedragen_en_relaties()
        voorwaarden = self.voorwaarden()
        begin = self.later_begin()
        for i, g in enumerate(ev):
            if i == begin:
                self.plan(g["bron"]["seed"], GROEP_GEBEURTENIS, self.begin_commando(i, g))
                if g["soort"] == "vastgelegd":
                    continue
            if i != self.eerst:
                c = self.ev_commando(sleutel, i, g)
                c["grond"] = {"gebeurtenis": i}
                seed = g["bron"]["seed"]
                if c["input"].get("standpunt") == "VOORWAARDELIJK" and seed in voorwaarden:
                    # de voorwaarden zelf, uit dezelfde bron (de scenario's lieten ze weg)
                    lijst = voorwaarden.pop(seed)
                    c["input"]["voorwaarden"] = "\n".join(
                        f"{n}. {f['omschrijving']}" for n, f in enumerate(lijst, 1))
                    c["input"]["bronnen"] += [document_bron(seed, f["bronnen"][0]["citaat"])
                                              for f in lijst]
                self.plan(seed, GROEP_GEBEURTENIS, c)
        self.ontbrekend(voorwaarden)
        for t in TEGENSTRIJDIGHEDEN.get(sleutel, []):
            self.plan(max((s for s, _ in t["kanten"]), key=kennis), GROEP_TEGENSTRIJDIG,
                      {"tegenstrijdigheid": t})
        if len(self.eerste_leden) < 2:
            # de eerste bron noemt één partij of geen: de andere staan er niet in (een
            # collectief staat voor meer overheden, dus ook alleen is het een afspraak)
            # wordt 'overig' later genoemd, dan is die partij er al: dat toetreden vervalt
            self.later = [t for t in self.later if not (
                t[3].get("mutatie") == "partijToetreden"
                and t[3]["input"]["partij"]["overheid"] == C_OV)]
            self.lid_vanaf_begin({"overheid": C_OV, "rol": "de andere partijen; deze bron "
                                  "noemt ze niet", "binding": "BETROKKEN",
                                  "naamInBron": "niet in de bron genoemd"})
        self.vastlegging["partijen"] = list(self.eerste_leden.values())
        if self.eerst is not None:
            g = ev[self.eerst]
            br = bron(sleutel, self.eerst, g)
            tijd = tijdassen(sleutel, self.eerst, g, br)
            if g["soort"] not in ("vastgelegd", "ondertekend"):
                # de eerste bron meldt de afspraak, maar niet wanneer zij is aangegaan
                tijd |= {"geldigVanaf": None, "juridischWerkendVanaf": None,
                         "datumPrecisie": "ONBEKEND",
                         "datumTekst": "aangegaan: niet in de bron, uiterlijk "
                                       f"{DOCUMENTEN[self.d0]['datum']}"}
            self.vastlegging |= {"toelichting": g["omschrijving"], "bronnen": [br], **tijd}
            grond: dict[str, Any] = {"gebeurtenis": self.eerst}
        else:
            citaat = next(b["citaat"] for b in self.eerste_vermeldingen()
                          if b["seed"] == self.d0)
            self.vastlegging |= {
                "toelichting": "De eerste bron die deze afspraak noemt; zij zegt niet wanneer "
                               "de afspraak is aangegaan.",
                "bronnen": [document_bron(self.d0, citaat)], **datum_onbekend(self.d0,
                                                                             "aangegaan")}
            grond = {"feit": "eerste vermelding"}
        commandos = [{"mutatie": "afspraakVastleggen", "grond": grond,
                      "input": self.vastlegging}]
        self.nummer(commandos)
        return commandos

    def later_begin(self) -> int | None:
        """De eerste latere melding dat de afspraak vóór haar vastlegging is aangegaan of
        ondertekend (met een datum); None als die er niet is."""
        for i, g in enumerate(self.sc["gebeurtenissen"]):
            if (i != self.eerst and g["soort"] in ("vastgelegd", "ondertekend") and g["datum"]
                    and eerste_dag(g["datum"]) < self.vast_op):
                keuze = BEGIN_ANDERS.get((self.sleutel, i), i)
                if keuze is not None:
                    return keuze
        return None

    def begin_commando(self, i: int, g: dict[str, Any]) -> dict[str, Any]:
        br = bron(self.sleutel, i, g)
        return {"mutatie": "beginVaststellen", "grond": {"gebeurtenis": i}, "input": {
            "toelichting": g["omschrijving"] + " — de bron noemt niet wie er toen partij was.",
            "bronnen": [br], "partijen": [], **tijdassen(self.sleutel, i, g, br)}}

    def tegenstrijdigheid(self, t: dict[str, Any], commandos: list[dict[str, Any]],
                          nummers: dict[tuple[int, str], str]) -> dict[str, Any]:
        """Het commando voor een tegenstrijdigheid; haar gebeurtenissen zijn de versies van de
        commando's die de tegenstrijdige uitspraken vastlegden (1 = de vastlegging)."""
        versies = []
        for soort, n in t["grond"]:
            if soort == "bedrag" and n in self.eerste_bedragen:
                versies.append(1)
                continue
            doel = {"gebeurtenis": n} if soort == "gebeurtenis" else {"feit": f"bedrag {n}"}
            versies.append(next(v for v, c in enumerate(commandos, 1) if c["grond"] == doel))
        # het vroegste begin: dat van de vastlegging of een dat een latere bron meldde
        begins = [c["input"] for _, _, _, c in self.later
                  if c.get("mutatie") == "beginVaststellen"] + [self.vastlegging]
        eerste = min(begins, key=lambda i: i["juridischWerkendVanaf"] or i["bronnen"][0]["datum"])
        begin = eerste["juridischWerkendVanaf"] or eerste["bronnen"][0]["datum"]
        precisie = (eerste["datumPrecisie"] if eerste["juridischWerkendVanaf"]
                    else eerste["bronnen"][0]["datumPrecisie"])
        invoer: dict[str, Any] = {
            "betreft": t["betreft"], "gebeurtenissen": versies, "toelichting": t["toelichting"],
            "bronnen": [document_bron(s, citaat) for s, citaat in t["kanten"]],
            # geldt voor de afspraak vanaf haar begin, zodat elk peilmoment haar toont
            "geldigVanaf": None, "juridischWerkendVanaf": begin, "datumPrecisie": precisie,
            "datumTekst": "betreft de afspraak vanaf haar begin",
            "bekendOp": max((kennis(s) for s, _ in t["kanten"]))}
        if "verplichting" in t:
            invoer["verplichting"] = next(v for (j, _), v in nummers.items()
                                          if j == t["verplichting"])
        return {"mutatie": "tegenstrijdigheidVastleggen",
                "grond": {"feit": f"tegenstrijdigheid: {t['betreft']}"}, "input": invoer}

    def nummer(self, commandos: list[dict[str, Any]]) -> None:
        """Zet de latere commando's op volgorde (kennisdatum, groep, plan) en vult in wat pas
        dan vaststaat: de nummers van de verplichtingen (v1, v2, ... in volgorde van
        vastlegging) en de volledige lijst bedragen en relaties bij een wijziging."""
        nummers = {k: f"v{n + 1}" for n, k in enumerate(self.eerste_vids)}
        bedragen = list(self.vastlegging["bedragen"])
        relaties = list(self.vastlegging["relaties"])
        leden = set(self.eerste_leden)
        for _, _, _, c in sorted(self.later, key=lambda t: t[:3]):
            if c.get("mutatie") == "partijToetreden":
                p = c["input"]["partij"]
                if p["overheid"] in leden:      # een eerdere bron noemde haar al
                    self.weggelaten.append(f"{self.sleutel}: '{p['naamInBron']}' noemt een "
                                           "overheid die al partij is")
                    continue
                leden.add(p["overheid"])
            if "bedrag" in c or "relatie" in c:
                b = c["bron"]
                if "bedrag" in c:
                    bedragen.append(c["bedrag"])
                    invoer = {"bedragen": list(bedragen)}
                    uitleg = f"Deze bron meldt het bedrag '{c['bedrag']['omschrijving']}'."
                else:
                    relaties.append(c["relatie"])
                    invoer = {"relaties": list(relaties)}
                    uitleg = (f"Deze bron meldt de samenhang ({c['relatie']['soort']}) met "
                              f"'{c['relatie']['naar']}'.")
                c = uit_feit("afspraakWijzigen", invoer, b, uitleg, "gemeld",
                             f"bedrag {c['index']}" if "bedrag" in c else "relatie")
            if "tegenstrijdigheid" in c:
                c = self.tegenstrijdigheid(c["tegenstrijdigheid"], commandos, nummers)
            if "nummer" in c:
                nummers[c.pop("nummer")] = f"v{len(nummers) + 1}"
            v = c["input"].get("verplichting")
            if isinstance(v, tuple):
                c["input"]["verplichting"] = nummers[v]
            commandos.append(c)


def relaties_en_volgorde(scenarios: list[dict[str, Any]], herkomst: dict[str, dict[str, Any]]
                         ) -> tuple[list[str], dict[str, list[tuple[dict[str, str], Any]]],
                                    list[str]]:
    """Normaliseert relaties naar één voorwaartse opslag en ordent afspraken topologisch. Bij
    elke relatie de eerste bron die haar meldt (van beide kanten), of None als geen citaat haar
    draagt."""
    ids = [s["id"] for s in scenarios]
    bekend = set(ids)
    gericht: set[tuple[str, str, str]] = set()        # (eigenaar, soort, doel)
    symmetrisch: set[frozenset[str]] = set()
    weggelaten: list[str] = []
    eerste_bron: dict[Any, Any] = {}

    def meld(sleutel: Any, b: Any) -> None:
        oud = eerste_bron.get(sleutel)
        if b is not None and (oud is None or kennis(b["seed"]) < kennis(oud["seed"])):
            eerste_bron[sleutel] = b
        else:
            eerste_bron.setdefault(sleutel, oud)

    for s in scenarios:
        bronnen_van = {(h["naar"], h["soort"]): (h["bronnen"] or [None])[0]
                       for h in herkomst[s["id"]]["relaties"]}
        for r in s["relaties"]:
            if r["naar"] not in bekend:
                raise Fout(f"relatie naar onbekende afspraak: {s['id']} -> {r}")
            if r["soort"] not in RELATIE_SOORTEN:
                raise Fout(f"onbekende relatiesoort {r['soort']!r} bij {s['id']}")
            soort, richting = RELATIE_SOORTEN[r["soort"]]
            b = bronnen_van[(r["naar"], r["soort"])]
            if richting == "voorwaarts":
                gericht.add((s["id"], soort, r["naar"]))
                meld((s["id"], soort, r["naar"]), b)
            elif richting == "invers":
                gericht.add((r["naar"], soort, s["id"]))
                meld((r["naar"], soort, s["id"]), b)
            else:
                symmetrisch.add(frozenset((s["id"], r["naar"])))
                meld(frozenset((s["id"], r["naar"])), b)
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
    per_afspraak: dict[str, list[tuple[dict[str, str], Any]]] = defaultdict(list)
    paren_gericht = {frozenset((e, d)) for e, _, d in gericht}
    for eigenaar, soort, doel in sorted(gericht, key=lambda t: (positie[t[0]], t[1], positie[t[2]])):
        per_afspraak[eigenaar].append(({"soort": soort, "naar": doel},
                                       eerste_bron[(eigenaar, soort, doel)]))
    for paar in sorted(symmetrisch, key=lambda p: sorted(positie[x] for x in p)):
        a, b = sorted(paar, key=positie.get)
        if paar in paren_gericht:
            weggelaten.append(f"HANGT_SAMEN_MET {b} -> {a} (al een gerichte relatie)")
            continue
        per_afspraak[b].append(({"soort": "HANGT_SAMEN_MET", "naar": a}, eerste_bron[paar]))
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


def bouw(scenarios: list[dict[str, Any]], geldige_ids: set[str],
         herkomst: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    if set(herkomst) != {s["id"] for s in scenarios}:
        raise Fout("de herkomsttabel hoort precies de afspraken van de scenario's te dragen")
    volgorde, relaties, weggelaten = relaties_en_volgorde(scenarios, herkomst)
    per_sleutel = {s["id"]: s for s in scenarios}
    afspraken = []
    gebruikt: set[tuple[str, int]] = set()
    for sleutel in volgorde:
        sc = per_sleutel[sleutel]
        bouwer = Afspraakbouw(sc, herkomst[sleutel], relaties.get(sleutel, []), geldige_ids,
                              commando)
        afspraken.append({"sleutel": sleutel, "commandos": bouwer.bouw()})
        weggelaten += bouwer.weggelaten
        gebruikt.update((sleutel, i) for i in range(len(sc["gebeurtenissen"])))
    # elke handmatige regel moet bij een echte gebeurtenis horen
    for tabel in (GESTRUCTUREERD, BEWUST_VOORTGANG, GELDIG_VANAF, BEWIJSKRACHT_HANDMATIG):
        for k in tabel:
            if k not in gebruikt:
                raise Fout(f"regel voor onbekende gebeurtenis {k}")
    for k in BEDRAG_PERIODE_TEKEN:
        if k[0] not in per_sleutel or k[1] >= len(per_sleutel[k[0]]["bedragen"]):
            raise Fout(f"regel voor onbekend bedrag {k}")
    for k in list(VERPLICHTING_BINDING) + list(HOEVEELHEDEN):
        if k[0] not in per_sleutel or k[1] >= len(per_sleutel[k[0]]["verplichtingen"]):
            raise Fout(f"regel voor onbekende verplichting {k}")
    for k in IN_VOORBEREIDING:
        if k not in per_sleutel:
            raise Fout(f"inVoorbereiding voor onbekende afspraak {k}")
    gebeurtenissen = sum(len(s["gebeurtenissen"]) for s in scenarios)
    uit = {
        "bron": f"Gemaakt met scripts/demo_bouwen.py uit domein/scenarios.json ({len(scenarios)} "
                f"afspraken, {gebeurtenissen} gebeurtenissen met citaat) en de herkomsttabel "
                "(per feit de bron die het als eerste meldt, met citaat), ontleend aan vijf "
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
    ap.add_argument("--herkomst", type=Path, default=HERKOMST,
                    help="map met de herkomsttabel (deel*.json)")
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
        uit, weggelaten = bouw(scenarios, tooi_ids(a.tooi_map) | eigen_ids(),
                               lees_herkomst(a.herkomst))
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
