"""cchc — nền tảng điều hành cải cách hành chính."""

__version__ = "0.1.0"
