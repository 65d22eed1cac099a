from .pages_hosting import register

__all__ = ["register"]
