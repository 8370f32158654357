"""Simulateur NTC: training simulator for the French title Négociateur technico-commercial."""

__version__ = "0.1.0"
