"""Prestatiemetingen van het Afsprakenregister (zie README, Prestaties)."""
