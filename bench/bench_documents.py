"""Sign + verify a generated 10-page PDF (DESIGN §6 target: under 1 s together)."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.domain.documents.samples when run via bench/run.py


def run(quick: bool = True) -> dict:
    from tests.domain.documents import samples

    from cchc.domain.documents import pki, verify
    from cchc.domain.documents.layout_pdf import FIELD_PERSON, FIELD_SEAL, render_pdf
    from cchc.domain.documents.signing import Pkcs12Key, SignOptions, StampKind, sign_pdf

    rounds = 3 if quick else 10
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as tmp:
        start = time.perf_counter()
        demo = pki.create_demo_pki(tmp)
        pki_s = time.perf_counter() - start
        extra = 6
        rendered = render_pdf(samples.letter(extra_paragraphs=extra))
        while rendered.page_count < 10:
            extra += 4
            rendered = render_pdf(samples.letter(extra_paragraphs=extra))
        start = time.perf_counter()
        render_pdf(samples.letter(extra_paragraphs=extra))
        render_s = time.perf_counter() - start
        director = Pkcs12Key(demo.persons["director"].p12, pki.DEMO_PASSWORD.encode())
        org = Pkcs12Key(demo.organisation.p12, pki.DEMO_PASSWORD.encode())
        sign_pdf(rendered.data, director, SignOptions(field_name=FIELD_PERSON))  # warm fonts and imports
        signs, verifies, seals = [], [], []
        for _ in range(rounds):
            t0 = time.perf_counter()
            signed = sign_pdf(rendered.data, director, SignOptions(field_name=FIELD_PERSON))
            t1 = time.perf_counter()
            result = verify.verify_pdf(signed, trust_roots=[demo.ca.cert_pem])
            t2 = time.perf_counter()
            assert result.ok, verify.report_vi(result)
            sealed = sign_pdf(signed, org, SignOptions(field_name=FIELD_SEAL, stamp=StampKind.ORG))
            t3 = time.perf_counter()
            signs.append(t1 - t0)
            verifies.append(t2 - t1)
            seals.append(t3 - t2)
        start = time.perf_counter()
        assert verify.verify_pdf(sealed, trust_roots=[demo.ca.cert_pem]).ok
        verify_two_s = time.perf_counter() - start
    best = min(s + v for s, v in zip(signs, verifies, strict=True))
    return {
        "pages": rendered.page_count,
        "pdf_bytes": len(rendered.data),
        "render_pdf_s": round(render_s, 3),
        "demo_pki_s": round(pki_s, 3),
        "sign_person_s": round(min(signs), 3),
        "verify_one_signature_s": round(min(verifies), 3),
        "sign_seal_s": round(min(seals), 3),
        "verify_two_signatures_s": round(verify_two_s, 3),
        "sign_plus_verify_s": round(best, 3),
        "target_s": 1.0,
        "meets_target": best < 1.0,
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
