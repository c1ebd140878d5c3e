"""Where citizens read what was announced: the published plan, its PDFs and signed scan, the
evaluation. The QR code printed on an announcement and the staff's links to the published pages
point there.

The public app serves those pages. It is above announcements, so it says where they are when it
starts (public/apps.py calls `register`), rather than announcements naming its URLs.
"""

from __future__ import annotations

from collections.abc import Callable

_addresses: dict[str, Callable[..., str]] = {}


def register(**addresses: Callable[..., str]) -> None:
    _addresses.update(addresses)


def public_address(name: str, *args) -> str:
    """The path of a citizens' page or file: `plan`, `plan_pdf`, `announcement_pdf` and `signed_scan`
    of an announced plan (the argument), or `evaluation` of an organisation's code and a fiscal year."""
    return _addresses[name](*args)
