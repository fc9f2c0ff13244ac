"""The crash test drives jobs of three apps: it borrows their fixtures."""

from ..directives.conftest import make_directive  # noqa: F401
from ..documents.conftest import demo_pki, keys, make_draft  # noqa: F401
