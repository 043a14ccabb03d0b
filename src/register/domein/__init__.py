"""Het domein van het afsprakenregister: afspraken, hun gebeurtenissen en tijdreizen."""
