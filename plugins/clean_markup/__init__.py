from .clean_markup import register

__all__ = ["register"]
