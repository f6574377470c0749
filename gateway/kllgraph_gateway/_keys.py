"""The join keys the agencies share, normalised in one place (agency-apis.md, stitching-keys table)."""

from __future__ import annotations

import re

from ._errors import BadUserInput

__all__ = [
    "is_concept_id",
    "municipality_code",
    "organisation_number",
    "organisation_number_prefix",
    "region_code",
    "ssyk_code",
]

_CONCEPT_ID = re.compile(r"[A-Za-z0-9]{4}_[A-Za-z0-9]{3}_[A-Za-z0-9]{3}")


def is_concept_id(value: str) -> bool:
    """JobTech Taxonomy concept ids look like `DJh5_yyF_hEM`."""
    return bool(_CONCEPT_ID.fullmatch(value))


def organisation_number(value: str, *, argument: str = "organisationNumber") -> str:
    """10 digits; accepts `NNNNNN-NNNN`, `SENNNNNNNNNN` and `SENNNNNNNNNN01` (VAT) forms."""
    # The documented spellings (dash, SE prefix, inner spaces) are normalised; control characters are refused.
    cleaned = value.upper().replace(" ", "") if value.isprintable() else "\n"
    if cleaned.startswith("SE"):
        cleaned = cleaned[2:]
        if len(cleaned) == 12 and cleaned.endswith("01"):
            cleaned = cleaned[:10]
    cleaned = cleaned.replace("-", "")
    if not re.fullmatch(r"[0-9]{10}", cleaned):
        raise BadUserInput(
            f"{value!r} is not a Swedish organisation number (10 digits, NNNNNN-NNNN or SE form)", argument=argument
        )
    return cleaned


def organisation_number_prefix(value: str, *, argument: str = "employer") -> str:
    """A full organisation number in any accepted form, or a 1-9 digit prefix (JobSearch matches prefixes)."""
    if re.fullmatch(r"[0-9]{1,9}", value):
        return value
    return organisation_number(value, argument=argument)


def municipality_code(value: str, *, argument: str = "code") -> str:
    # Matched as sent: a code with surrounding whitespace is refused, never silently trimmed.
    if not re.fullmatch(r"[0-9]{4}", value):
        raise BadUserInput(f"{value!r} is not a municipality code (4 digits, e.g. 0180)", argument=argument)
    return value


def region_code(value: str, *, argument: str = "code") -> str:
    if not re.fullmatch(r"[0-9]{2}", value):
        raise BadUserInput(f"{value!r} is not a county (län) code (2 digits, e.g. 01)", argument=argument)
    return value


def ssyk_code(value: str, *, argument: str = "ssykCode") -> str:
    if not re.fullmatch(r"[0-9]{4}", value):
        raise BadUserInput(f"{value!r} is not a 4-digit SSYK 2012 code", argument=argument)
    return value
