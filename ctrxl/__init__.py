"""ctrxl — the yearly reporting cycle of a party committee's action programme, in Excel and Word."""

__version__ = "0.1.0"
