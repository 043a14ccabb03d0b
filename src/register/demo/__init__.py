"""Demogegevens uit echte beleidsdocumenten, en het laden ervan."""
