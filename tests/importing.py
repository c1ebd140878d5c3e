"""Bringing a file in through the pages as staff do: upload, the review page, confirm."""

from __future__ import annotations

from django.test import Client


def upload(client: Client, url: str, data: dict):
    """Post the upload form; the answer is the review page (or the page that refused the file)."""
    response = client.post(url, data)
    assert response.status_code == 302, response.status_code
    return client.get(response["Location"], follow=True)


def upload_and_confirm(client: Client, url: str, data: dict, choices: dict | None = None):
    """Upload, then press “ยืนยันนำเข้า” on the review page; the answer to the confirmation."""
    response = client.post(url, data)
    assert response.status_code == 302, response.status_code
    return client.post(response["Location"], {"action": "confirm", **(choices or {})})
