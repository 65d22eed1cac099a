from .clean_markup import register
from .pipeline import Cleaned, clean_html, clean_title

__all__ = ["Cleaned", "clean_html", "clean_title", "register"]
