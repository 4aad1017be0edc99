"""What a document must be inside: a PDF with no script, launch action or attached file; an
office file that is the kind of document its extension claims (its ZIP parts, or the streams of
an old binary file), without macros.

Called by ``icc.validators.validate_document_file`` once the extension and the first bytes have
matched; every refusal is a ValidationError with a message the uploader can act on.
"""

import re
import zipfile

import olefile
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INVALID_PDF_MESSAGE = _(
    "The file is not a valid PDF: it is damaged, or it is another kind of file renamed .pdf."
)
PDF_JAVASCRIPT_MESSAGE = _(
    "The PDF contains JavaScript, which is not accepted. Save it again as a plain PDF (for "
    "example with “Print to PDF”) and upload that copy."
)
PDF_LAUNCH_MESSAGE = _(
    "The PDF contains an action that opens another program, which is not accepted. Save it "
    "again as a plain PDF (for example with “Print to PDF”) and upload that copy."
)
PDF_EMBEDDED_FILES_MESSAGE = _(
    "The PDF contains attached files, which are not accepted. Save it again without its "
    "attachments and upload the other files separately."
)
MACROS_MESSAGE = _(
    "The document contains macros, which are not accepted. Save it again without macros "
    "(as .docx, .xlsx, .pptx or OpenDocument) and upload that copy."
)
MISMATCH_MESSAGE = _("The file's content does not match its extension %(extension)s.")

# What a browser takes for HTML when it sniffs the first bytes of a response.
_HTML_START = re.compile(rb"<\s*(?:!doctype|html|head|body|script|iframe|svg|img|a\s)", re.I)
_SCRIPT_KEYS = {"/JS", "/JavaScript", "/XFA"}
_SCRIPT_ACTIONS = {"/JavaScript"}
_LAUNCH_ACTIONS = {"/Launch"}
# /EF is a file specification's embedded copy; /EmbeddedFiles the catalog's list of them.
_FILE_KEYS = {"/EmbeddedFiles", "/EF"}
_FILE_TYPES = {"/EmbeddedFile"}
# Looked for in the raw bytes too, for objects a damaged cross-reference table would hide.
_RAW_MARKERS = (
    (b"/JavaScript", PDF_JAVASCRIPT_MESSAGE, "pdf_javascript"),
    (b"/Launch", PDF_LAUNCH_MESSAGE, "pdf_launch"),
    (b"/EmbeddedFiles", PDF_EMBEDDED_FILES_MESSAGE, "pdf_embedded_files"),
)

# Office Open XML: the main part's content type each extension must declare.
_OOXML_MAIN_TYPES = {
    ".docx": b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ".xlsx": b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ".pptx": b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
# OpenDocument: the ``mimetype`` entry each extension must hold.
_ODF_MIMETYPES = {
    ".odt": b"application/vnd.oasis.opendocument.text",
    ".ods": b"application/vnd.oasis.opendocument.spreadsheet",
    ".odp": b"application/vnd.oasis.opendocument.presentation",
}
_CONTENT_TYPES_LIMIT = 1024 * 1024  # [Content_Types].xml is a few kilobytes
# Old binary Office files (OLE compound files): the stream each kind's content lives in, and the
# storages where Word and Excel keep macros (PowerPoint keeps them inside its main stream).
_OLE_MAIN_STREAMS = {
    ".doc": ("WordDocument",),
    ".xls": ("Workbook", "Book"),
    ".ppt": ("PowerPoint Document",),
}
_OLE_MACRO_STORAGES = {"macros", "_vba_project_cur", "_vba_project"}


def check_document_content(upload, extension):
    """Refuse what a document of ``extension`` must not be or carry (upload read from 0)."""
    if extension == ".pdf":
        check_pdf(upload)
    elif extension in _OOXML_MAIN_TYPES or extension in _ODF_MIMETYPES:
        check_office_zip(upload, extension)
    elif extension in _OLE_MAIN_STREAMS:
        check_office_ole(upload, extension)


def check_pdf(upload):
    data = upload.read()
    if _HTML_START.search(data[:1024]):
        raise ValidationError(INVALID_PDF_MESSAGE, code="invalid_pdf")
    for marker, message, code in _RAW_MARKERS:
        if marker in data:
            raise ValidationError(message, code=code)
    upload.seek(0)
    # pypdf weighs about 19 MB in a process: imported by the processes that check an upload
    # only, not by every app process with the validators.
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject

    try:
        reader = PdfReader(upload, strict=False)
        root = reader.trailer["/Root"].get_object()
        if not isinstance(root, DictionaryObject):
            raise ValueError("no document catalog")
        objects = [root, *_indirect_objects(reader)]
    except ValidationError:
        raise
    except Exception as error:  # pypdf raises many kinds of errors for what is not a PDF.
        raise ValidationError(INVALID_PDF_MESSAGE, code="invalid_pdf") from error
    for value in objects:
        _check_pdf_value(value)


def _indirect_objects(reader):
    """Every object the cross-reference tables name, object streams included."""
    from pypdf.generic import IndirectObject

    numbers = {
        (number, generation) for generation, table in reader.xref.items() for number in table
    }
    numbers |= {(number, 0) for number in reader.xref_objStm}
    for number, generation in sorted(numbers):
        try:
            value = reader.get_object(IndirectObject(number, generation, reader))
        except Exception:  # an unreadable object is one no viewer can run either
            continue
        if value is not None:
            yield value


def _check_pdf_value(value, depth=0):
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    if depth > 64:  # nested that deep is no document, only an attempt to exhaust the stack
        raise ValidationError(INVALID_PDF_MESSAGE, code="invalid_pdf")
    if isinstance(value, DictionaryObject):
        keys = set(value)
        kind = value.get("/S"), value.get("/Type"), value.get("/Subtype")
        if keys & _SCRIPT_KEYS or kind[0] in _SCRIPT_ACTIONS:
            raise ValidationError(PDF_JAVASCRIPT_MESSAGE, code="pdf_javascript")
        if kind[0] in _LAUNCH_ACTIONS:
            raise ValidationError(PDF_LAUNCH_MESSAGE, code="pdf_launch")
        if keys & _FILE_KEYS or kind[1] in _FILE_TYPES or kind[2] == NameObject("/FileAttachment"):
            raise ValidationError(PDF_EMBEDDED_FILES_MESSAGE, code="pdf_embedded_files")
        for item in value.values():
            if not isinstance(item, IndirectObject):
                _check_pdf_value(item, depth + 1)
    elif isinstance(value, ArrayObject):
        for item in value:
            if not isinstance(item, IndirectObject):
                _check_pdf_value(item, depth + 1)


def check_office_zip(upload, extension):
    mismatch = ValidationError(
        MISMATCH_MESSAGE, code="invalid_content", params={"extension": extension}
    )
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if extension in _OOXML_MAIN_TYPES:
                content_types = _read_entry(archive, "[Content_Types].xml")
                if content_types is None or _OOXML_MAIN_TYPES[extension] not in content_types:
                    raise mismatch
                if b"macroEnabled" in content_types or any(
                    name.lower().endswith("vbaproject.bin") for name in names
                ):
                    raise ValidationError(MACROS_MESSAGE, code="macros")
            else:
                if (_read_entry(archive, "mimetype") or b"").strip() != _ODF_MIMETYPES[extension]:
                    raise mismatch
                if any(name.startswith(("Basic/", "Scripts/")) for name in names):
                    raise ValidationError(MACROS_MESSAGE, code="macros")
    except ValidationError:
        raise
    except Exception as error:  # zipfile's errors for a damaged or disguised archive
        raise mismatch from error


def _read_entry(archive, name):
    """The entry's bytes, or None when missing or larger than any real one (a zip bomb)."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _CONTENT_TYPES_LIMIT:
        return None
    with archive.open(info) as entry:
        data = entry.read(_CONTENT_TYPES_LIMIT + 1)
    return data if len(data) <= _CONTENT_TYPES_LIMIT else None


def check_office_ole(upload, extension):
    mismatch = ValidationError(
        MISMATCH_MESSAGE, code="invalid_content", params={"extension": extension}
    )
    try:
        with olefile.OleFileIO(upload) as document:
            if not any(document.exists(name) for name in _OLE_MAIN_STREAMS[extension]):
                raise mismatch
            entries = document.listdir(streams=False, storages=True)
    except ValidationError:
        raise
    except Exception as error:  # olefile's errors for a damaged or disguised compound file
        raise mismatch from error
    if any(entry and entry[0].lower() in _OLE_MACRO_STORAGES for entry in entries):
        raise ValidationError(MACROS_MESSAGE, code="macros")
