"""Shipped scenarios, fragments and seller dossiers (package data)."""
