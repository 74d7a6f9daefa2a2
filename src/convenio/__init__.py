"""Convenio: the shared system of record of an international custody-outsourcing agreement."""

__version__ = "0.1.0"
