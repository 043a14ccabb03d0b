"""Alle configuratie op één plek; niets leest de omgeving bij het importeren."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Instellingen(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="REGISTER_", extra="ignore")

    database_url: str = "sqlite:///register.db"
    # 'ontwikkeling' of 'productie': in productie geen GraphiQL en geen introspectie.
    omgeving: str = "ontwikkeling"
    introspectie: bool | None = None
    max_pagina: int = 100
    # Zoveel afspraken leest één vraag naar verplichtingen hoogstens; daarna een pagina met
    # hasNextPage en een cursor om verder te lezen (een filter dat weinig treft, blijft zo
    # per verzoek begrensd).
    max_afspraken_per_vraag: int = 1000
    max_diepte: int = 12
    max_aliassen: int = 30
    max_tokens: int = 5000
    max_verzoek_bytes: int = 1_000_000
    # Hoe diep JSON in een verzoek genest mag zijn (variabelen: lijsten in invoer).
    max_json_diepte: int = 32
    # Zoveel velden mag één antwoord hebben (vooraf geraamd en tijdens het uitvoeren geteld),
    # en zolang mag het duren; anoniem krapper dan met een token.
    max_velden_anoniem: int = 50_000
    max_velden: int = 500_000
    max_seconden_per_vraag: float = 20.0
    # Zoveel vragen tegelijk per rij (triviaal: hoogstens triviaal_tot geraamde velden, een
    # opzoeking; licht: hoogstens licht_tot); wie langer
    # dan de wachttijd op een plaats wacht, krijgt 503 met Retry-After.
    # Hoe vaak Python tussen threads wisselt (sys.setswitchinterval; Python zelf: 5 ms). Vragen
    # met een token rekenen in threads; met een korte wisseltijd wacht een eenvoudige vraag (en
    # de event loop) minder lang op haar beurt: onder de aanval van bench/aanval.py zonder
    # werkproces p99 1,6-1,8 s bij 5 ms, 1,1-1,2 s bij 0,5 ms (SQLite, 2 kernen).
    wisseltijd: float = 0.0005
    # Zoveel processen voeren anonieme queries boven triviaal_tot uit (api/werkplaats.py): zo
    # houden die geen vraag met een token en geen opzoeking op. 0: in de server zelf.
    werkprocessen: int = 1
    gelijktijdig_triviaal: int = 4
    triviaal_tot: int = 50
    gelijktijdig_licht: int = 8
    gelijktijdig_zwaar_anoniem: int = 2
    gelijktijdig_zwaar: int = 4
    licht_tot: int = 2000
    wachttijd: float = 10.0
    # De server: een verbinding stuurt binnen kop_seconden een volledige kop en haar lichaam
    # binnen lichaam_seconden, anders wordt zij gesloten (408); hoogstens zoveel verbindingen
    # per client (IP-adres; 0: geen grens, bijvoorbeeld achter een proxy die dat zelf doet) en
    # in totaal (daarboven 503).
    kop_seconden: float = 10.0
    lichaam_seconden: float = 30.0
    max_verbindingen_per_client: int = 100
    max_verbindingen: int = 2000
    # De log: 'json' (één object per regel) of 'tekst'; standaard json in productie.
    logformaat: str | None = None
    # /gereed geeft 503 zolang de leesmodellen meer gebeurtenissen achterlopen dan dit.
    gereed_achterstand: int = 1000
    # Zoveel afspraken houdt het register in het geheugen voor schrijfacties (0: geen cache).
    aggregaat_cache: int = 1000
    # De geheime sleutel (32 bytes als 64 hextekens) waarmee het register zijn tokenrijen
    # authenticeert; zonder: het sleutelbestand (zie systeem/sleutel.py).
    sleutel: SecretStr | None = None
    sleutelbestand: str | None = None
    # Ed25519-sleutel (32 bytes als 64 hextekens) waarmee het register zijn boomwortels
    # ondertekent; zonder sleutel geen handtekening.
    ondertekensleutel: SecretStr | None = None
    # De herkomst (origin) in de checkpoints van dit register, en de naam van zijn sleutel
    # daarin; wereldwijd uniek, bijvoorbeeld de domeinnaam van het register.
    herkomst: str = "afsprakenregister.local"
    # Verificatiesleutels (<naam>+<hash>+<sleutel>, komma's ertussen) van de getuigen wier
    # medeondertekening het register aanneemt en bij zijn checkpoints toont.
    getuigen: str = ""
    # Het openbare adres van dit register (zonder / aan het eind): in de webhooks verwijst
    # `dataref` naar <publiek_adres>/v1/afspraken/…
    publiek_adres: str = "http://127.0.0.1:8000"
    # Webhooks (register afleveren): wachttijd na de eerste mislukte poging (verdubbelt per
    # poging, tot het maximum), pogingen vóór de dode brieven, seconden per POST, en rust tussen
    # twee rondes zonder werk.
    afleveren_basis: float = Field(default=30.0, ge=0)
    afleveren_maximum: float = Field(default=3600.0, ge=0)
    afleveren_pogingen: int = Field(default=8, ge=1, le=100)
    afleveren_tijdslimiet: float = Field(default=10.0, gt=0, le=120)
    afleveren_interval: float = Field(default=1.0, gt=0)
    # Seconden dat een OAuth2-toegangstoken (POST /oauth/token) geldt.
    oauth_geldigheid: int = Field(default=3600, ge=60, le=86_400)

    @property
    def introspectie_aan(self) -> bool:
        return self.introspectie if self.introspectie is not None else (
            self.omgeving != "productie")
