from .render_memo import register, striptags

__all__ = ["register", "striptags"]
