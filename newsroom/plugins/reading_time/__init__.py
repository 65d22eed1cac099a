from .reading_time import reading_minutes, register, word_count

__all__ = ["reading_minutes", "register", "word_count"]
