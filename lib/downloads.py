"""Responses that hand the visitor a file: content made for this request, or a stored upload or PDF."""

from __future__ import annotations

import mimetypes

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Stored uploads carry the extension their content proved (lib.uploads.with_extension); anything
# else (a file from before that rule, say) is never shown in the browser, only downloaded.
SHOWN_INLINE = {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"}


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """`content` as a file to save, under a Thai file name."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def stored_file(file, filename: str, as_attachment: bool = True) -> FileResponse:
    """A stored file (a FieldFile); shown in the browser only if asked and it is an image or a PDF."""
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    if content_type not in SHOWN_INLINE:
        content_type, as_attachment = "application/octet-stream", True
    response = FileResponse(file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=as_attachment, filename=filename)
    return response
