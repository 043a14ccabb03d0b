"""De applicatielaag: de Register-applicatie die elke schrijfactie uitvoert."""
