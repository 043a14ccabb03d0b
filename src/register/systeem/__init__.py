"""Het samenstel: instellingen, opslag en het bijwerken van de leesmodellen."""
