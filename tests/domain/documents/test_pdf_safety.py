"""The content check of uploaded PDFs (pdf_safety): header, strict parse, no active content."""

from __future__ import annotations

import pytest

from cchc.domain.documents.layout_pdf import render_pdf
from cchc.domain.documents.pdf_safety import check_pdf
from tests.domain.documents import bad_pdfs, samples


@pytest.mark.parametrize(
    "case", [k for k, v in bad_pdfs.malformed().items() if v[2] not in ("empty", "extension")]
)
def test_each_bad_pdf_is_refused_with_its_reason(case: str) -> None:
    _name, data, code = bad_pdfs.malformed()[case]
    problem = check_pdf(data)
    assert problem is not None and problem.code == code


def test_our_own_documents_pass(demo_pki, letter_pdf: bytes) -> None:
    from tests.domain.documents.test_signing import _director_and_seal

    assert check_pdf(render_pdf(samples.letter()).data) is None
    assert check_pdf(_director_and_seal(demo_pki, letter_pdf)) is None
