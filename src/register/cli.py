"""De opdrachtregel: register serve | token aanmaken | token intrekken | token lijst | client
aanmaken | client roteren | client intrekken | herbouw | verifieer | getuige | …"""

from __future__ import annotations

import json
import logging
import logging.config
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from register.systeem.instellingen import Instellingen
from register.systeem.opslag import OngeldigeDatabaseUrl, Opslag
from register.systeem.samenstel import Systeem
from register.systeem.sleutel import GeenSleutel
from register.systeem.tokens import Tokens
from register.systeem.clients import ClientFout, Clients, lees_scopes
from register.domein.merkle import Anker
from register.systeem.verificatie import GeschondenOpslag, Verslag
from register.systeem.verificatie import verifieer as verifieer_opslag

app = typer.Typer(help="Afsprakenregister: bestuurlijke afspraken tussen overheden, met "
                  "tijdreizen over de vier STOP-assen.", no_args_is_help=True,
                  add_completion=False)
token_app = typer.Typer(help="Tokens voor systemen die schrijven.", no_args_is_help=True)
app.add_typer(token_app, name="token")
client_app = typer.Typer(help="OAuth2-clients (client credentials) voor systemen: per overheid "
                         "een client-id en geheim met scopes; toegangstokens verlopen.",
                         no_args_is_help=True)
app.add_typer(client_app, name="client")
fout = Console(stderr=True)


def _voortgang() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeRemainingColumn(), console=fout)


def _systeem(instellingen: Instellingen) -> Systeem:
    """Opent de opslag; een onbereikbare database geeft een duidelijke melding, geen traceback."""
    opslag = Opslag(instellingen.database_url)
    try:
        opslag.soort  # noqa: B018 - controleert het schema van de URL
        return Systeem(instellingen.database_url)
    except (OngeldigeDatabaseUrl, GeenSleutel) as e:
        fout.print(f"[red]Fout:[/red] {e}")
    except Exception as e:
        fout.print(f"[red]Fout:[/red] de database {opslag.veilige_url} is niet bereikbaar "
                   f"({type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}).\n"
                   "Controleer REGISTER_DATABASE_URL, of de database draait en of de gebruiker "
                   "mag verbinden.")
    raise typer.Exit(2)


BEHEERDER_DEMO = "urn:afsprakenregister:overheid:register"


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Adres om op te luisteren.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Poort.")] = 8000,
    demo: Annotated[bool, typer.Option(
        "--demo", help="Laad eerst de demogegevens (85 echte afspraken) in een lege database "
        "en druk een beheerderstoken af.")] = False,
) -> None:
    """Start de GraphQL-API op /graphql (GraphiQL in de browser)."""
    from register.api.app import maak_app
    from register.api.logboek import formaat_voor, logconfig
    from register.api.server import draai

    instellingen = Instellingen()
    json_log = formaat_voor(instellingen.omgeving, instellingen.logformaat) == "json"
    if json_log:  # dan is elke regel op stderr JSON, ook de meldingen hieronder
        logging.config.dictConfig(logconfig("json"))
    meld = logging.getLogger("register").info if json_log else fout.print
    _poort_vrij(host, port)  # vóór een demolading en een token dat daarna niets waard is
    nieuw = _nieuw_bestand(instellingen)
    systeem = _systeem(instellingen)
    if demo:
        if _laad_demo(systeem):
            _demo_token(systeem)
        else:
            meld("Een nieuw beheerderstoken: register token aanmaken --overheid "
                 f"{BEHEERDER_DEMO} --beheerder")
    elif nieuw:
        meld("Een nieuw, leeg register. Met de demogegevens: register serve --demo.")
    opslag = _waar(instellingen)
    meld(f"GraphQL op http://{host}:{port}/graphql (opslag: {opslag})" if json_log
         else f"GraphiQL: http://{host}:{port}/graphql  (opslag: {opslag})")
    draai(maak_app(instellingen, systeem), host, port, instellingen)


def _tokens(systeem: Systeem) -> Tokens:
    """De tokens, met de sleutel van het register (zonder bruikbare sleutel start het
    systeem niet: zie _systeem)."""
    return Tokens(systeem.engine, systeem.sleutel)


def _laad_demo(systeem: Systeem) -> bool:
    """Laadt de demogegevens in een leeg register; of het dat deed."""
    from register.demo.laden import aantal_commandos, laad_demo

    if systeem.laatste_positie() > 0:
        fout.print("De database bevat al gebeurtenissen; de demogegevens worden niet nog eens "
                   "geladen.")
        return False
    with _voortgang() as p:
        taak = p.add_task("Demogegevens laden", total=aantal_commandos())
        n = laad_demo(systeem, lambda i: p.update(taak, completed=i))
    fout.print(f"{n} gebeurtenissen geladen.")
    return True


def _demo_token(systeem: Systeem) -> None:
    token = _tokens(systeem).aanmaken(BEHEERDER_DEMO, beheerder=True)
    fout.print(f"Beheerderstoken voor deze demo (Authorization: Bearer …):\n{token}")


@app.command()
def demo() -> None:
    """Laadt de demogegevens (85 echte afspraken) in een leeg register en drukt dan één keer
    een beheerderstoken af. Op een register met gebeurtenissen doet het niets: veilig als
    eenmalige stap bij elke start (zoals in docker-compose.yml)."""
    systeem = _systeem(Instellingen())
    try:
        if _laad_demo(systeem):
            _demo_token(systeem)
    finally:
        systeem.sluit()


def _poort_vrij(host: str, port: int) -> None:
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as e:
            fout.print(f"[red]Fout:[/red] kan niet luisteren op {host}:{port} ({e.strerror}). "
                       "Draait het register al? Kies anders een andere poort met --port.")
            raise typer.Exit(2) from None


def _sqlite_pad(instellingen: Instellingen) -> Path | None:
    opslag = Opslag(instellingen.database_url)
    if opslag.soort != "sqlite" or opslag.in_geheugen:
        return None
    return Path(opslag.eventsourcing_env()["SQLITE_DBNAME"]).resolve()


def _nieuw_bestand(instellingen: Instellingen) -> bool:
    pad = _sqlite_pad(instellingen)
    return pad is not None and not pad.exists()


def _waar(instellingen: Instellingen) -> str:
    """Waar de opslag staat: bij SQLite het volledige pad (een relatieve URL hangt af van de
    map waarin men het register start)."""
    pad = _sqlite_pad(instellingen)
    return f"SQLite-bestand {pad}" if pad else Opslag(instellingen.database_url).veilige_url


@token_app.command("aanmaken")
def token_aanmaken(
    overheid: Annotated[str, typer.Option(help="TOOI-URI (of register-eigen URI) van de "
                                          "overheid namens wie het token schrijft.")],
    beheerder: Annotated[bool, typer.Option("--beheerder", help="Het token mag alles.")] = False,
) -> None:
    """Maakt een token en drukt het één keer af; alleen een hash wordt bewaard."""
    from register.domein.overheden import Overheden

    if overheid not in Overheden.standaard():
        fout.print(f"[red]Fout:[/red] onbekende overheid '{overheid}'. Zoek de URI op met de "
                   "vraag 'overheden' in GraphiQL.")
        raise typer.Exit(2)
    instellingen = Instellingen()
    print(_tokens(_systeem(instellingen)).aanmaken(overheid, beheerder))


@token_app.command("intrekken")
def token_intrekken(token: Annotated[str, typer.Argument(help="Het token zelf.")]) -> None:
    """Trekt een token in; daarna weigert het register elke schrijfactie ermee."""
    instellingen = Instellingen()
    if not _tokens(_systeem(instellingen)).intrekken(token):
        fout.print("[red]Fout:[/red] dit token is onbekend of al ingetrokken.")
        raise typer.Exit(2)
    fout.print("Token ingetrokken.")


@token_app.command("lijst")
def token_lijst(
    als_json: Annotated[bool, typer.Option("--json", help="Eén JSON-object per regel, voor "
                                           "scripts.")] = False,
) -> None:
    """Alle tokens en OAuth2-clients: van wie, wat zij mogen, sinds wanneer, ingetrokken of
    niet. Geen geheimen (het register bewaart alleen hashes); een rij waarvan de HMAC niet
    klopt (gewijzigd of ingevoegd buiten het register om), heet 'ONECHT' en geeft geen toegang."""
    from rich.table import Table

    systeem = _systeem(Instellingen())
    rijen = [{"soort": "token", "id": r.hash[:12], "overheid": r.overheid,
              "mag": "beheer lezen schrijven abonneren" if r.beheerder else
              "lezen schrijven abonneren", "aangemaakt": _dag(r.aangemaakt_op),
              "geroteerd": "", "ingetrokken": _dag(r.ingetrokken_op), "echt": echt}
             for r, echt in _tokens(systeem).lijst()]
    rijen += [{"soort": "client", "id": c.client_id, "overheid": c.overheid,
               "mag": " ".join(sorted(c.scopes)), "aangemaakt": _dag(c.aangemaakt_op),
               "geroteerd": _dag(c.geroteerd_op), "ingetrokken": _dag(c.ingetrokken_op),
               "echt": echt, "omschrijving": c.omschrijving}
              for c, echt in _clients(systeem).lijst()]
    if als_json:
        for rij in rijen:
            print(json.dumps(rij, ensure_ascii=False))
        return
    t = Table(title="Tokens en clients", caption="token: de eerste 12 tekens van de hash; "
              "client: het client-id")
    for kolom in ("soort", "id", "overheid", "mag", "aangemaakt", "ingetrokken", "echt"):
        t.add_column(kolom, overflow="fold")
    for rij in rijen:
        t.add_row(rij["soort"], rij["id"], rij["overheid"], rij["mag"],
                  rij["aangemaakt"] + (f" (geroteerd {rij['geroteerd']})"
                                       if rij["geroteerd"] else ""),
                  rij["ingetrokken"], "ja" if rij["echt"] else "[red]ONECHT[/red]")
    Console().print(t)


def _dag(t: object) -> str:
    return "" if t is None else str(t)[:19].replace("T", " ")


def _clients(systeem: Systeem) -> Clients:
    s = Instellingen()
    return Clients(systeem.engine, systeem.sleutel, s.herkomst, s.oauth_geldigheid)


def _scopes(scope: list[str]) -> frozenset[str]:
    try:
        return lees_scopes(" ".join(scope))
    except ClientFout as e:
        fout.print(f"[red]Fout:[/red] {e.melding}")
        raise typer.Exit(2) from None


@client_app.command("aanmaken")
def client_aanmaken(
    overheid: Annotated[str, typer.Option(help="TOOI-URI (of register-eigen URI) van de "
                                          "overheid van het systeem.")],
    scope: Annotated[list[str], typer.Option(
        help="lezen, schrijven of abonneren; herhaal de optie voor meer.")],
    omschrijving: Annotated[str, typer.Option(help="Welk systeem dit is (voor de lijst).")] = "",
) -> None:
    """Maakt een client en drukt één keer haar client_id en client_secret af (JSON op stdout);
    alleen een hash van het geheim wordt bewaard. Een systeem vraagt daarmee een toegangstoken
    bij POST /oauth/token (grant_type=client_credentials)."""
    from register.domein.overheden import Overheden

    if overheid not in Overheden.standaard():
        fout.print(f"[red]Fout:[/red] onbekende overheid '{overheid}'. Zoek de URI op met de "
                   "vraag 'overheden' in GraphiQL.")
        raise typer.Exit(2)
    scopes = _scopes(scope)
    client_id, geheim = _clients(_systeem(Instellingen())).aanmaken(overheid, scopes,
                                                                    omschrijving)
    print(json.dumps({"client_id": client_id, "client_secret": geheim, "overheid": overheid,
                      "scope": " ".join(sorted(scopes))}, indent=2))


@client_app.command("roteren")
def client_roteren(
    client_id: Annotated[str, typer.Argument(help="Het client-id (arc_…).")],
    overlap: Annotated[int, typer.Option(
        min=0, help="Seconden dat het vorige geheim nog geldt (0: meteen niet meer).")] = 3600,
) -> None:
    """Geeft de client een nieuw geheim en drukt het één keer af; het vorige geldt nog
    --overlap seconden, zodat het systeem zonder onderbreking overstapt."""
    try:
        print(_clients(_systeem(Instellingen())).roteren(client_id, overlap))
    except ClientFout as e:
        fout.print(f"[red]Fout:[/red] {e.melding}")
        raise typer.Exit(2) from None


@client_app.command("intrekken")
def client_intrekken(client_id: Annotated[str, typer.Argument(help="Het client-id (arc_…).")]
                     ) -> None:
    """Trekt een client in: haar geheim en haar toegangstokens, ook die nog niet verlopen zijn,
    geven meteen geen toegang meer."""
    if not _clients(_systeem(Instellingen())).intrekken(client_id):
        fout.print("[red]Fout:[/red] deze client is onbekend of al ingetrokken.")
        raise typer.Exit(2)
    fout.print("Client ingetrokken.")


@app.command()
def herbouw(
    forceer: Annotated[bool, typer.Option(
        "--forceer", help="Herbouw ook uit een geschonden opslag; de Merkle-boom blijft het "
        "oorspronkelijke bewijs houden en de API blijft de schending melden.")] = False,
    naast: Annotated[bool, typer.Option(
        "--naast", help="Bouw de leesmodellen op naast de lopende (PostgreSQL: schema 'naast'; "
        "SQLite: een bestand naast het register) terwijl de API blijft lezen en schrijven, en "
        "wissel dan in één transactie. Zonder --naast wachten schrijvers tot het klaar is.")
    ] = False,
) -> None:
    """Bouwt alle leesmodellen opnieuw op uit de gebeurtenissen, met voortgangsbalk; controleert
    eerst of de opslag nog is wat het register vastlegde."""
    systeem = _systeem(Instellingen())
    if naast:
        if forceer:
            fout.print("[red]Fout:[/red] --naast en --forceer gaan niet samen: naast de lopende "
                       "leesmodellen wordt alleen uit een intacte opslag herbouwd.")
            raise typer.Exit(2)
        _herbouw_naast(systeem)
        return
    try:
        # Controleren en herbouwen in één doorloop; een geschonden opslag draait alles terug.
        n = _herbouw(systeem, "Controleren en herbouwen", controleer=True)
    except GeschondenOpslag as g:
        _toon_breuk(g.verslag)
        if not forceer:
            fout.print("Herbouw geweigerd: de leesmodellen zouden de geschonden geschiedenis "
                       "overnemen. Zet de opslag terug uit een back-up, of gebruik --forceer.")
            raise typer.Exit(1) from None
        n = _herbouw(systeem, "Leesmodellen herbouwen", controleer=False)
    fout.print(f"{n} gebeurtenissen verwerkt.")


def _herbouw_naast(systeem: Systeem) -> None:
    from register.systeem.naast import NaastNietMogelijk, herbouw_naast

    try:
        with _voortgang() as p:
            totaal = systeem.laatste_positie()
            controle = p.add_task("Opslag controleren", total=totaal)
            opbouw = p.add_task("Naast opbouwen", total=systeem.verwerkt_tot())
            uitslag = herbouw_naast(
                systeem, controle=lambda n, _: p.update(controle, completed=n),
                opbouw=lambda n, _: p.update(opbouw, completed=n))
    except NaastNietMogelijk as e:
        fout.print(f"[red]Fout:[/red] {e}")
        raise typer.Exit(2) from None
    except GeschondenOpslag as g:
        _toon_breuk(g.verslag)
        fout.print("Herbouw geweigerd: de leesmodellen zouden de geschonden geschiedenis "
                   "overnemen. Zet de opslag terug uit een back-up.")
        raise typer.Exit(1) from None
    finally:
        systeem.sluit()
    fout.print(f"Gewisseld: {uitslag.opgebouwd + uitslag.ingehaald} gebeurtenissen verwerkt "
               f"({uitslag.ingehaald} bij het wisselen), de leesmodellen staan op positie "
               f"{uitslag.positie}.")


def _herbouw(systeem: Systeem, titel: str, *, controleer: bool) -> int:
    with _voortgang() as p:
        taak = p.add_task(titel, total=systeem.laatste_positie())
        return systeem.herbouw(lambda totaal, _: p.update(taak, completed=totaal),
                               controleer=controleer)


@app.command()
def verifieer(
    wortel: Annotated[str | None, typer.Option(
        help="Een eerder bewaarde wortel, <boomgrootte>:<wortel in hex> (uit de vraag "
        "'integriteit'): bewijst dat het register sindsdien alleen groeide.")] = None,
) -> None:
    """Herberekent elke gebeurtenis en de hele Merkle-boom uit de opslag; noemt de eerste
    geschonden afspraak/versie en eindigt dan met code 1."""
    try:
        anker = Anker.lees(wortel) if wortel is not None else None
    except ValueError as e:
        fout.print(f"[red]Fout:[/red] {e}")
        raise typer.Exit(2) from None
    verslag = _controleer(_systeem(Instellingen()), anker)
    if not verslag.intact:
        _toon_breuk(verslag)
        raise typer.Exit(1)
    print(f"Intact: {verslag.gebeurtenissen} gebeurtenissen, boomgrootte {verslag.grootte}, "
          f"wortel {verslag.grootte}:{verslag.wortel.hex()}")
    if verslag.nieuw:
        print(f"{verslag.nieuw} nieuwe gebeurtenissen zijn nog niet in de boom verwerkt.")
    if anker is not None:
        print(f"Het register groeide sinds {anker} alleen aan.")


def _controleer(systeem: Systeem, anker: Anker | None = None) -> Verslag:
    with _voortgang() as p:
        taak = p.add_task("Gebeurtenissen controleren", total=systeem.laatste_positie())
        return verifieer_opslag(systeem, lambda n, totaal: p.update(
            taak, completed=n, total=max(n, totaal)), anker)


def _toon_breuk(verslag: Verslag) -> None:
    print(f"GESCHONDEN: {verslag.eerste}")
    if verslag.aantal_breuken > 1:
        print(f"(en nog {verslag.aantal_breuken - 1} andere afwijking"
              f"{'en' if verslag.aantal_breuken > 2 else ''})")


@app.command()
def projecties(
    interval: Annotated[float, typer.Option(help="Seconden tussen twee rondes.")] = 0.2,
    rondes: Annotated[int, typer.Option(help="Stop na zoveel rondes (0: nooit).")] = 0,
    controleer: Annotated[bool, typer.Option(
        "--controleer", help="Verwerk niets; stop met code 0 als de leesmodellen hoogstens "
        "REGISTER_GEREED_ACHTERSTAND gebeurtenissen achterlopen, anders 1 (een "
        "healthcheck).")] = False,
) -> None:
    """Houdt de leesmodellen bij in een eigen, langlopend proces (bijv. naast API-processen op
    PostgreSQL). Hervat na een stop of crash vanaf de trackingpositie."""
    import time

    instellingen = Instellingen()
    systeem = _systeem(instellingen)
    if controleer:
        achter = systeem.laatste_positie() - systeem.verwerkt_tot()
        systeem.sluit()
        fout.print(f"De leesmodellen lopen {achter} gebeurtenissen achter.")
        raise typer.Exit(0 if achter <= instellingen.gereed_achterstand else 1)
    fout.print(f"Leesmodellen bijhouden vanaf positie {systeem.verwerkt_tot()} "
               f"(Ctrl+C stopt).")
    ronde = 0
    try:
        while rondes == 0 or ronde < rondes:
            n = systeem.bij_werken()
            if n:
                fout.print(f"{n} gebeurtenissen verwerkt, positie {systeem.verwerkt_tot()}.")
            ronde += 1
            time.sleep(interval)
    except KeyboardInterrupt:
        fout.print("Gestopt.")
    finally:
        systeem.sluit()


@app.command()
def afleveren(
    rondes: Annotated[int, typer.Option(help="Stop na zoveel rondes (0: nooit).")] = 0,
) -> None:
    """Levert de abonnementen af (webhooks) in een eigen, langlopend proces, naast `register
    projecties`: elk event dat past, als ondertekend CloudEvent naar de URL van het abonnement,
    met nieuwe pogingen (wachttijd verdubbelt) en dode brieven. Hervat na een stop of crash
    waar het was (de positie per abonnement staat in de database). Draai er één."""
    import signal

    from register.projecties.feedbericht import bron_urn
    from register.systeem.abonnementen import Afleverregels, Bezorger, draai

    s = Instellingen()
    systeem = _systeem(s)
    regels = Afleverregels(basis=s.afleveren_basis, maximum=s.afleveren_maximum,
                           max_pogingen=s.afleveren_pogingen, tijdslimiet=s.afleveren_tijdslimiet,
                           alleen_openbaar=s.omgeving == "productie")
    bezorger = Bezorger(systeem.abonnementen, systeem.feed,
                        bron_urn(s.herkomst), s.publiek_adres.rstrip("/") + "/v1", regels)
    gestopt = False

    def stop(*_: object) -> None:
        nonlocal gestopt
        gestopt = True

    signal.signal(signal.SIGTERM, stop)
    fout.print("Abonnementen afleveren (Ctrl+C stopt).")
    try:
        for ronde, n in enumerate(draai(bezorger, s.afleveren_interval, lambda: gestopt), 1):
            if n:
                fout.print(f"{n} events afgeleverd.")
            if rondes and ronde >= rondes:
                break
    except KeyboardInterrupt:
        pass
    finally:
        fout.print("Gestopt.")
        systeem.sluit()


@app.command()
def getuige(
    register: Annotated[str, typer.Option(help="De URL van het register, bijv. "
                                          "https://afspraken.example.nl")] = "",
    register_sleutel: Annotated[str, typer.Option(
        help="De verificatiesleutel van het register (<naam>+<hash>+<sleutel>), zoals het "
        "register haar publiceert.")] = "",
    naam: Annotated[str, typer.Option(help="De naam van deze getuige in haar handtekening, "
                                      "bijv. getuige.ipo.nl.")] = "",
    sleutel: Annotated[Path | None, typer.Option(
        help="Bestand met de Ed25519-sleutel van deze getuige (64 hextekens).")] = None,
    staat: Annotated[Path, typer.Option(
        help="Waar de getuige het laatst medeondertekende checkpoint bewaart.")] = Path(
        "getuige.json"),
    toon_sleutel: Annotated[bool, typer.Option(
        "--toon-sleutel", help="Druk alleen de verificatiesleutel van deze getuige af (voor "
        "REGISTER_GETUIGEN van het register).")] = False,
) -> None:
    """Controleer dat het register alleen groeide sinds het checkpoint dat deze getuige het
    laatst medeondertekende, en onderteken het nieuwe mee. Code 1: het register toont een
    andere geschiedenis; code 2: een fout in de opdracht of de verbinding."""
    import httpx

    from register.systeem.checkpoint import OngeldigeNotitie, Ondertekenaar, Verificatiesleutel
    from register.systeem.getuige import Getuige, GetuigeFout

    try:
        if sleutel is None or not naam:
            raise OngeldigeNotitie("geef --naam en --sleutel")
        ik = Ondertekenaar.uit_hex(naam, sleutel.read_text(encoding="ascii", errors="replace"))
        if toon_sleutel:
            print(ik.verificatiesleutel())
            return
        if not register or not register_sleutel:
            raise OngeldigeNotitie("geef --register en --register-sleutel")
        g = Getuige(Verificatiesleutel.lees(register_sleutel), ik, staat)
        with httpx.Client(base_url=register, timeout=30) as http:
            c = g.getuig(http)
    except (OngeldigeNotitie, OSError, httpx.HTTPError) as e:
        fout.print(f"[red]Fout:[/red] {e}")
        raise typer.Exit(2) from None
    except GetuigeFout as e:
        fout.print(f"[red]Niet medeondertekend:[/red] {e}")
        raise typer.Exit(1) from None
    fout.print(f"Medeondertekend: {c.herkomst}, {c.grootte} gebeurtenissen, wortel "
               f"{c.wortel.hex()}.")


class _Fasen:
    """Eén voortgangsbalk per fase van een back-up of herstel."""

    def __init__(self, p: Progress) -> None:
        self.p = p

    def __call__(self, fase: str, gedaan: int, totaal: int) -> None:
        taak = next((t.id for t in self.p.tasks if t.description == fase), None)
        if taak is None:
            taak = self.p.add_task(fase, total=totaal)
        self.p.update(taak, completed=gedaan, total=max(gedaan, totaal))


@app.command()
def backup(
    bestand: Annotated[Path, typer.Argument(help="Het back-upbestand (gzip), bijv. "
                                            "register-2026-01-31.backup.gz.")],
    overschrijf: Annotated[bool, typer.Option(
        "--overschrijf", help="Vervang een bestaand bestand.")] = False,
) -> None:
    """Schrijft een back-up van het register in één momentopname: alle gebeurtenissen zoals
    opgeslagen, tokens, leesverslag, medeondertekeningen en controles. Draagbaar tussen SQLite
    en PostgreSQL. De sleutel zit er niet in: bewaar die apart."""
    from register.systeem.backup import BackupFout, maak_backup

    if bestand.exists() and not overschrijf:
        fout.print(f"[red]Fout:[/red] {bestand} bestaat al; kies een andere naam of geef "
                   "--overschrijf.")
        raise typer.Exit(2)
    instellingen = Instellingen()
    systeem = _systeem(instellingen)
    try:
        with _voortgang() as p:
            kop = maak_backup(systeem, bestand, instellingen.herkomst, _Fasen(p))
    except (BackupFout, OSError) as e:
        fout.print(f"[red]Back-up mislukt:[/red] {e}")
        raise typer.Exit(1) from None
    finally:
        systeem.sluit()
    for naam in kop.niet_meegenomen:
        fout.print(f"[yellow]Let op:[/yellow] tabel {naam} is onbekend en niet meegenomen.")
    print(f"Back-up geschreven naar {bestand} ({bestand.stat().st_size} bytes): "
          f"{kop.gebeurtenissen} gebeurtenissen, boomgrootte {kop.grootte}, wortel "
          f"{kop.grootte}:{kop.wortel.hex()}")


@app.command()
def herstel(
    bestand: Annotated[Path, typer.Argument(help="Een bestand van 'register backup'.")],
) -> None:
    """Zet een back-up terug in een lege database, herbouwt de leesmodellen en controleert alles,
    ook de wortel uit de back-up. Code 2: de database is niet leeg; code 1: de back-up is
    beschadigd, past niet bij de sleutel of het herstel klopt niet (de database blijft leeg)."""
    from register.systeem.backup import BackupFout
    from register.systeem.herstel import herstel as herstel_backup

    instellingen = Instellingen()
    systeem = _systeem(instellingen)
    try:
        with _voortgang() as p:
            kop = herstel_backup(systeem, bestand, _Fasen(p))
    except BackupFout as e:
        fout.print(f"[red]Herstel geweigerd:[/red] {e}")
        raise typer.Exit(e.code) from None
    finally:
        systeem.sluit()
    print(f"Hersteld uit de back-up van {kop.gemaakt_op}: {kop.gebeurtenissen} gebeurtenissen, "
          f"boomgrootte {kop.grootte}, wortel {kop.grootte}:{kop.wortel.hex()} (gelijk aan de "
          "back-up; de volledige controle slaagde)")
    if kop.herkomst != instellingen.herkomst:
        fout.print(f"[yellow]Let op:[/yellow] de back-up komt van herkomst {kop.herkomst}, dit "
                   f"register heet {instellingen.herkomst} (REGISTER_HERKOMST): getuigen "
                   "volgen de herkomst.")


_DATUM = "JJJJ-MM-DD"


@app.command()
def dossier(
    afspraak_id: Annotated[str, typer.Argument(help="Het id van de afspraak.")],
    uit: Annotated[Path, typer.Option("--uit", help="Het bestand: .html of .pdf.")],
    geldig_op: Annotated[str | None, typer.Option(help=f"{_DATUM}; standaard vandaag.")] = None,
    juridisch_werkend_op: Annotated[str | None, typer.Option(help=_DATUM)] = None,
    bekend_op: Annotated[str | None, typer.Option(help=_DATUM)] = None,
    ontvangen_op: Annotated[str | None, typer.Option(help="ISO 8601; zonder zone UTC.")] = None,
    vergelijk_geldig_op: Annotated[str | None, typer.Option(help=_DATUM)] = None,
    vergelijk_juridisch_werkend_op: Annotated[str | None, typer.Option(help=_DATUM)] = None,
    vergelijk_bekend_op: Annotated[str | None, typer.Option(help=_DATUM)] = None,
    vergelijk_ontvangen_op: Annotated[str | None, typer.Option(help="ISO 8601.")] = None,
    token: Annotated[str | None, typer.Option(
        help="Lees als de overheid van dit token (zoals de API); zonder token leest u als "
        "beheerder.")] = None,
) -> None:
    """Schrijft het dossier van een afspraak (HTML of PDF) voor een toetser: de afspraak op
    het peilmoment, haar geschiedenis met bronnen, partijen en verplichtingen in de tijd, met
    --vergelijk-… het verschil met een tweede moment (wat daar ontbreekt, is gelijk aan het
    peilmoment), het citaat en de bewijsbundel. Wie de database en de sleutel heeft, is de
    beheerder: zonder --token leest het dossier als beheerder (en komt een vertrouwelijke
    afspraak in het leesverslag)."""
    import asyncio

    from register.api import dossier as d
    from register.api.context import Context
    from register.api.schema import maak_schema
    from register.domein.actor import Actor

    def peil(voor: str, *assen: str | None) -> d.Peil:
        g, j, b, o = assen
        return d.Peil(d.lees_datum(f"--{voor}geldig-op", g),
                      d.lees_datum(f"--{voor}juridisch-werkend-op", j),
                      d.lees_datum(f"--{voor}bekend-op", b),
                      d.lees_tijdstip(f"--{voor}ontvangen-op", o))

    try:
        formaat = d.formaat_van(uit)
        vergelijk = peil("vergelijk-", vergelijk_geldig_op, vergelijk_juridisch_werkend_op,
                         vergelijk_bekend_op, vergelijk_ontvangen_op)
        vraag = d.Dossiervraag(afspraak_id, peil("", geldig_op, juridisch_werkend_op,
                                                 bekend_op, ontvangen_op),
                               None if vergelijk.leeg else vergelijk)
        if formaat == "pdf":
            d.pdf_beschikbaar()
    except (d.OngeldigeVraag, d.GeenPdf) as e:
        fout.print(f"[red]Fout:[/red] {e}")
        raise typer.Exit(2) from None
    instellingen = Instellingen()
    systeem = _systeem(instellingen)
    try:
        systeem.bij_werken()  # wat een ander proces schreef, telt mee
        actor = Actor(BEHEERDER_DEMO, beheerder=True) if token is None else _tokens(
            systeem).actor(token)
        if actor is None:
            fout.print("[red]Fout:[/red] dit token is onbekend of ingetrokken.")
            raise typer.Exit(2)
        context = Context(systeem=systeem, instellingen=instellingen, actor=actor,
                          token_ongeldig=False, verzoek_id=f"dossier-{afspraak_id[:40]}")
        inhoud = asyncio.run(d.maak_dossier(maak_schema(instellingen), context, vraag, formaat))
    except d.DossierFout as e:
        fout.print(f"[red]Fout:[/red] {e.melding}")
        raise typer.Exit(1) from None
    finally:
        systeem.sluit()
    if inhoud is None:
        fout.print(f"[red]Fout:[/red] er is geen afspraak '{afspraak_id}' die deze lezer mag "
                   "zien.")
        raise typer.Exit(1)
    uit.write_bytes(inhoud)
    print(f"Dossier geschreven naar {uit} ({len(inhoud)} bytes, {formaat.upper()}).")
