"""Leesmodellen, elk naast de getrackte projectie die hem bijhoudt."""
