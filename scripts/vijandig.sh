#!/usr/bin/env bash
# De grote ronde vijandige invoer (tests/e2e/test_vijandige_invoer.py): per mutatie
# REGISTER_VIJANDIG_AANTAL voorbeelden (standaard 10.000), elke mutatie in een eigen pytest-run;
# daarna evenveel vijandige vragen en evenveel ruwe HTTP-verzoeken (kapotte JSON, verkeerde
# methoden en content-types), en een telling per mutatie en uitkomst. In CI draaien dezelfde
# tests met 40 per mutatie.
#
#   bash scripts/vijandig.sh                              # 10.000 per mutatie, SQLite
#   REGISTER_VIJANDIG_AANTAL=1000 bash scripts/vijandig.sh
#   VIJANDIG_DATABASES="sqlite postgres" bash scripts/vijandig.sh
#   VIJANDIG_SECONDEN=150 bash scripts/vijandig.sh        # hoogstens zoveel seconden per mutatie
#   VIJANDIG_MUTATIES="afspraakWijzigen partijToetreden" bash scripts/vijandig.sh
#   VIJANDIG_OVERIGE="" bash scripts/vijandig.sh         # zonder de vragen en de ruwe HTTP
#
# Elk voorbeeld komt als regel 'database<TAB>mutatie<TAB>uitkomst' in het verslag
# (REGISTER_VIJANDIG_VERSLAG, standaard $TMPDIR/register-vijandig-verslag.tsv), ook als een run wordt afgebroken.
# Uitkomsten 'serverfout', 'gemaskeerd' en 'onverwacht' zijn bugs; de test faalt er dan op.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/uv-zeker.sh

export REGISTER_VIJANDIG_AANTAL="${REGISTER_VIJANDIG_AANTAL:-10000}"
export REGISTER_VIJANDIG_VERSLAG="${REGISTER_VIJANDIG_VERSLAG:-${TMPDIR:-/tmp}/register-vijandig-verslag.tsv}"
databases="${VIJANDIG_DATABASES:-sqlite}"
seconden="${VIJANDIG_SECONDEN:-0}"
: > "$REGISTER_VIJANDIG_VERSLAG"

uv sync --frozen --quiet
mutaties="${VIJANDIG_MUTATIES:-$(uv run --frozen python -c \
  'from tests.e2e.test_vijandige_invoer import MUTATIES; print(*MUTATIES)')}"
bestand="tests/e2e/test_vijandige_invoer.py"
test="$bestand::test_vijandige_invoer_geeft_een_getypeerd_antwoord_en_slaat_alleen_geldigs_op"
overige="${VIJANDIG_OVERIGE-test_vijandige_vragen_geven_een_antwoord_of_een_fout_in_de_vraag test_ruwe_http_geeft_nooit_een_serverfout}"

status=0
draai() {  # draai <naam> <pytest-id>
  echo "== $1 ($REGISTER_VIJANDIG_AANTAL voorbeelden$( [ "$seconden" != 0 ] && echo ", hoogstens ${seconden}s"))"
  begrenzing=()
  [ "$seconden" != 0 ] && begrenzing=(timeout -s INT "$seconden")
  uv run --frozen "${begrenzing[@]}" pytest -q -p no:cacheprovider -x "$2"
  case $? in
    0) ;;
    124|130|2) echo "   (afgebroken na ${seconden}s; wat tot dan liep, staat in het verslag)" ;;
    *) status=1 ;;
  esac
}
for mutatie in $mutaties; do
  for db in $databases; do
    draai "$mutatie op $db" "$test[$db-$mutatie]"
  done
done
for t in $overige; do
  for db in $databases; do
    draai "$t op $db" "$bestand::$t[$db]"
  done
done

uv run --frozen python - "$REGISTER_VIJANDIG_VERSLAG" <<'PY'
import collections, sys
telling = collections.defaultdict(collections.Counter)
for regel in open(sys.argv[1], encoding="utf-8"):
    database, mutatie, uitkomst = regel.rstrip("\n").split("\t")[:3]
    telling[(database, mutatie)][uitkomst] += 1
fout = ("serverfout", "gemaskeerd", "onverwacht")
print(f"\n{'database':9} {'mutatie':26} {'voorbeelden':>11} {'opgeslagen':>10} {'bugs':>5}  uitkomsten")
for (database, mutatie), c in sorted(telling.items()):
    print(f"{database:9} {mutatie:26} {sum(c.values()):>11} {c['AfspraakOpgeslagen']:>10} "
          f"{sum(c[f] for f in fout):>5}  " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
totaal = sum((c for c in telling.values()), collections.Counter())
print(f"\ntotaal {sum(totaal.values())} voorbeelden, {sum(totaal[f] for f in fout)} serverfouten "
      "of gemaskeerde fouten")
PY
exit $status
