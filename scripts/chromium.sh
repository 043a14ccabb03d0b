#!/usr/bin/env bash
# Drukt het pad af van een Chromium voor de browsertest van de toetspagina
# (tests/e2e/test_toetspagina.py). Ontbreekt Chromium, dan installeert root het Debian-pakket
# 'chromium' met apt-get; kan dat niet, dan zegt dit script waarom en eindigt het met code 3.
set -euo pipefail

log() { echo "chromium: $*" >&2; }

vind() { command -v chromium || command -v chromium-browser || true; }

pad=$(vind)
if [ -z "$pad" ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    log "Chromium ontbreekt, en zonder root en apt-get kan dit script het niet installeren."
    log "Installeer het pakket 'chromium' (of zet REGISTER_CHROMIUM op het pad van een Chromium);"
    log "tot dan faalt de browsertest van de toetspagina."
    exit 3
  fi
  log "Chromium ontbreekt; het Debian-pakket 'chromium' wordt geïnstalleerd (dat duurt even)"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 ||
         { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; }; then
    log "apt-get kon 'chromium' niet installeren; de browsertest van de toetspagina faalt."
    exit 3
  fi
  pad=$(vind)
fi
echo "$pad"
