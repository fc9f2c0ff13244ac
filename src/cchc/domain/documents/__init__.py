"""Documents in the Nghị định 30/2020/NĐ-CP layout: model, numbering, DOCX/PDF rendering, PAdES
signatures (PKCS#12 and PKCS#11), verification, archive fixity and Phụ lục VI metadata.

Plain Python (no Django): the Django app ``cchc.apps.documents`` wraps these functions with registers,
gapless numbering in the database, the archive and permissions.
"""
