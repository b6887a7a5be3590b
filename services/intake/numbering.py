"""Case numbers (nomor registrasi, LT Pasal 11): ``KH/2026/0001`` — the district's code,
the year of registration and a sequence per district and year. Pure: the sequence itself
is kept by the repository."""

from rujukan.directory import DISTRICT_ID_PREFIXES

MIN_DIGITS = 4


def district_code(district: str) -> str:
    """The district's short code: its agency-id prefix (``kh-`` → ``KH``), else the
    initials of its words (``kota-singkawang`` → ``KS``)."""
    prefix = DISTRICT_ID_PREFIXES.get(district)
    if prefix is not None:
        return prefix.rstrip("-").upper()
    return "".join(word[0] for word in district.split("-") if word).upper()


def format_case_number(district: str, year: int, number: int) -> str:
    """``<code>/<year>/<number>``, the number zero-padded to four digits (more when the
    year has more cases)."""
    if number < 1:
        raise ValueError(f"case numbers start at 1, got {number}")
    return f"{district_code(district)}/{year}/{number:0{MIN_DIGITS}d}"
