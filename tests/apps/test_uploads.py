"""The one upload check (core.uploads): extension, emptiness and size, with the same Vietnamese messages."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.apps.core.uploads import accepted_extensions, check_upload

DOSSIER = (".csv", ".xlsx", ".json")


def _refused(f, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as exc:
        check_upload(f, **kwargs)
    return exc.value


def test_an_extension_not_accepted_is_refused_naming_the_file_and_what_is_accepted():
    error = _refused(SimpleUploadedFile("a.exe", b"MZ"), extensions=DOSSIER)
    assert error.code == "extension"
    assert error.messages == ["Chỉ nhận tệp .csv, .xlsx hoặc .json (tệp đã chọn: “a.exe”)."]


def test_a_file_without_extension_is_refused():
    error = _refused(SimpleUploadedFile("csv", b"a,b\n"), extensions=DOSSIER)
    assert error.messages == ["Chỉ nhận tệp .csv, .xlsx hoặc .json (tệp đã chọn: “csv”)."]


def test_an_empty_file_is_refused():
    error = _refused(SimpleUploadedFile("a.csv", b""), extensions=DOSSIER)
    assert error.code == "empty" and error.messages == ["Tệp “a.csv” rỗng."]


def test_a_file_over_the_limit_is_refused(settings):
    settings.MAX_UPLOAD_MB = 1
    check_upload(SimpleUploadedFile("a.csv", b"x" * 1024 * 1024), extensions=DOSSIER)  # exactly the limit
    error = _refused(SimpleUploadedFile("a.csv", b"x" * (1024 * 1024 + 1)), extensions=DOSSIER)
    assert error.code == "too_large" and error.messages == ["Tệp “a.csv” lớn hơn 1 MB."]


def test_the_extension_is_compared_without_case():
    check_upload(SimpleUploadedFile("BAO-CAO.XLSX", b"PK\x03\x04"), extensions=DOSSIER)
    check_upload(SimpleUploadedFile("a.csv", b"x"), extensions=(".CSV",))


def test_a_label_names_the_kind_of_file_in_every_message(settings):
    label = "tệp minh chứng"
    error = _refused(SimpleUploadedFile("virus.exe", b"MZ"), extensions={".pdf", ".docx"}, label=label)
    assert error.messages == ["Chỉ nhận tệp minh chứng .docx hoặc .pdf (tệp đã chọn: “virus.exe”)."]
    error = _refused(SimpleUploadedFile("a.pdf", b""), extensions={".pdf"}, label=label)
    assert error.messages == ["Tệp minh chứng “a.pdf” rỗng."]
    settings.MAX_UPLOAD_MB = 1
    error = _refused(SimpleUploadedFile("a.pdf", b"x" * (1024 * 1024 + 1)), extensions={".pdf"}, label=label)
    assert error.messages == ["Tệp minh chứng “a.pdf” lớn hơn 1 MB."]


def test_accepted_extensions_read_as_a_vietnamese_list():
    assert accepted_extensions([".pdf"]) == ".pdf"
    assert accepted_extensions((".csv", ".xlsx")) == ".csv hoặc .xlsx"
    assert accepted_extensions({".zip", ".pdf", ".doc"}) == ".doc, .pdf hoặc .zip"
