from .render_cache import register, striptags

__all__ = ["register", "striptags"]
