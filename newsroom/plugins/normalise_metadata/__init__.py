from .normalise_metadata import register

__all__ = ["register"]
