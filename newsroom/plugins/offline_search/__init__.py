from .offline_search import register

__all__ = ["register"]
