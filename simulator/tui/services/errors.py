"""The error the services raise: a French message to show the user."""

from __future__ import annotations


class ServiceError(Exception):
    """A French message to show the user (unknown scenario, unreadable log...)."""
