"""Een afnemer van de feed als eigen proces, voor de toets die hem met SIGKILL stopt
(test_feed_afnemer.py): hij schrijft elk event als regel `<sequence> <id>` in een bestand en
hervat na een herstart met de sequence van de laatste volledige regel; een halve laatste regel
(gestopt tijdens het schrijven) telt niet en wordt overschreven.

    python -m tests.e2e.feed_afnemer <basis-url> <bestand> [token]
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import httpx


def hervat(bestand: Path) -> tuple[str, int]:
    """De laatste sequence en de lengte van het bestand tot en met de laatste volledige regel."""
    if not bestand.exists():
        return "0", 0
    inhoud = bestand.read_bytes()
    heel = inhoud[:inhoud.rfind(b"\n") + 1]
    regels = heel.decode().splitlines()
    return (regels[-1].split()[0] if regels else "0"), len(heel)


def main() -> None:
    basis, bestand = sys.argv[1], Path(sys.argv[2])
    kop = {"Authorization": f"Bearer {sys.argv[3]}"} if len(sys.argv) > 3 else {}
    na, lengte = hervat(bestand)
    rng = random.Random()
    fd = os.open(bestand, os.O_WRONLY | os.O_CREAT)
    os.truncate(fd, lengte)
    os.lseek(fd, lengte, os.SEEK_SET)
    with httpx.Client(base_url=basis, timeout=60, headers=kop) as client:
        while True:
            r = client.get("/v1/gebeurtenissen", params={"na": na, "limit": rng.randint(50, 1000)})
            r.raise_for_status()
            events = r.json()
            if not events:
                break
            for e in events:
                os.write(fd, f"{e['sequence']} {e['id']}\n".encode())
            na = events[-1]["sequence"]
    os.close(fd)


if __name__ == "__main__":
    main()
