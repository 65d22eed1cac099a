from .source_checks import register

__all__ = ["register"]
