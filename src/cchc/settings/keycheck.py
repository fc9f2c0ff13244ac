"""How strong a secret key is, judged by its characters rather than its length (plain Python, no Django).

A 50-character key of one repeated letter is as long as a good key and worth nothing. The estimate is
the empirical Shannon entropy of the key's characters times its length: a key drawn at random from a
large alphabet scores near length × log2(alphabet); repetitions and short alphabets score low.
"""

from __future__ import annotations

import math
from collections import Counter

MIN_LENGTH = 50  # Django's own deploy check (security.W009) asks for at least 50 characters
MIN_DISTINCT = 10
MIN_BITS = 160.0


def estimated_bits(key: str) -> float:
    if not key:
        return 0.0
    counts = Counter(key)
    n = len(key)
    per_char = -sum(c / n * math.log2(c / n) for c in counts.values())
    return max(0.0, per_char * n)


def repeats(key: str) -> bool:
    """True if ``key`` is a shorter text repeated (``abcabcabc…``): its character counts look random, the key is not."""
    n = len(key)
    for period in range(1, n // 2 + 1):
        if all(key[i] == key[i + period] for i in range(n - period)):
            return True
    return False


def weakness(key: str) -> str | None:
    """A Vietnamese reason why ``key`` is too weak for production, or None if it is strong enough."""
    hint = "tạo khóa mới bằng: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    if key.startswith("django-insecure") or "insecure" in key.lower() or "change-me" in key.lower():
        return f"CCHC_SECRET_KEY là khóa mẫu/không an toàn; {hint}"
    if len(key) < MIN_LENGTH:
        return f"CCHC_SECRET_KEY phải dài ít nhất {MIN_LENGTH} ký tự (hiện có {len(key)}); {hint}"
    distinct = len(set(key))
    bits = estimated_bits(key)
    if repeats(key):
        return f"CCHC_SECRET_KEY quá dễ đoán: là một đoạn ký tự lặp lại; {hint}"
    if distinct < MIN_DISTINCT or bits < MIN_BITS:
        return (
            f"CCHC_SECRET_KEY quá dễ đoán: {distinct} ký tự khác nhau, độ ngẫu nhiên ước tính "
            f"{bits:.0f} bit (cần ít nhất {MIN_DISTINCT} ký tự khác nhau và {MIN_BITS:.0f} bit); {hint}"
        )
    return None
