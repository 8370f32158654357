"""world package."""
