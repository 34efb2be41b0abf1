ID_DIGITS = 18


class IdConverter:
    """A database id: digits that fit a 64-bit column, so a huge number is a 404."""

    regex = f"[0-9]{{1,{ID_DIGITS}}}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


class TokenConverter:
    """An invitation token as `secrets.token_urlsafe` writes it."""

    regex = "[A-Za-z0-9_-]{1,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def parse_number(value: str, *, digits: int = ID_DIGITS) -> int | None:
    """A query-string number as the URLs take it: ASCII digits only (`"²"` and
    `"٣"` pass `str.isdigit` but not `int`), at most `digits` long; else None."""
    if 0 < len(value) <= digits and value.isascii() and value.isdigit():
        return int(value)
    return None
