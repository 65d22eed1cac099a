from .fast_filters import register, striptags

__all__ = ["register", "striptags"]
