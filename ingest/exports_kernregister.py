"""The cells only a kernregister has: the work name of a public official and a website.

A kernregister names who works for a kern (the gebiedsmakelaar or kernambtenaar: a public role, named by the
function and the official's work name) and the kern's platforms. It never holds private contact details: a
column of contact persons, phone numbers or e-mail addresses is dropped by its header (exports_spec.PERSONAL_WORDS),
and an e-mail address or phone number typed into a kept column rejects the row, without showing it.
"""

from __future__ import annotations

import re

from ingest.exports_values import EMAIL, PHONE, CellError, clean_text, is_empty, is_phone_number

_WEB = re.compile(r"^(?:https?://)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?::\d+)?(?:[/?#]\S*)?$", re.I)
MAX_WERKNAAM = 80


def holds_contact_details(text: str) -> bool:
    """Whether a text holds an e-mail address or a phone number (private contact details)."""
    return bool(EMAIL.search(text)) or any(is_phone_number(m.group(0)) for m in PHONE.finditer(text))


def parse_werknaam(value: object, header: str) -> str | None:
    """The work name of a gebiedsmakelaar or kernambtenaar: a short text, never an e-mail address or phone number."""
    text = clean_text(value)
    if text is None:
        return None
    if holds_contact_details(text):
        raise CellError(
            f"{header} bevat een e-mailadres of telefoonnummer (niet getoond en niet opgeslagen); verwacht alleen "
            "de werknaam, zoals A. de Vries: contactgegevens horen niet in het kernregister"
        )
    if len(text) > MAX_WERKNAAM:
        raise CellError(f"{header} is langer dan {MAX_WERKNAAM} tekens; verwacht alleen de werknaam, zoals A. de Vries")
    return text


def parse_website(value: object, header: str) -> str | None:
    """A web address, stored with https:// when it was written without a scheme ('www.dorp.nl')."""
    if is_empty(value):
        return None
    text = clean_text(value)
    if text is None:
        return None
    if EMAIL.search(text) or text.lower().startswith("mailto:"):
        raise CellError(
            f"{header} bevat een e-mailadres (niet getoond en niet opgeslagen); verwacht een webadres, "
            "zoals www.dorpsplatform-beesd.nl"
        )
    if not _WEB.match(text):
        raise CellError(f"'{text[:40]}' is geen webadres; verwacht een webadres, zoals www.dorpsplatform-beesd.nl")
    return text if re.match(r"^https?://", text, re.I) else f"https://{text}"
