"""Legacy Word (.doc, Word 97–2003) through LibreOffice: converted to DOCX, then read as a DOCX.

Debian offers three converters: ``antiword`` and ``catdoc`` print plain text, losing Word's automatic
paragraph numbers ("1.", "(a)") and footnote anchoring; LibreOffice (``libreoffice-writer-nogui``)
converts the document to DOCX with its numbering definitions and footnotes intact, so the DOCX
reader (:mod:`.docx`) reads it exactly as it reads a Word file saved as DOCX, and the same text
gives the same triples. LibreOffice is run headless, with a profile of its own in a temporary
folder (no user settings read or written, several conversions may run at once) and a time limit.
Without it, a .doc file is reported with the command that installs it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from tipkg.loaders.errors import LoadError
from tipkg.loaders.model import Document
from tipkg.loaders.registry.model import Registry
from tipkg.loaders.sources.docx import extract_docx
from tipkg.loaders.sources.extracted import ManifestArg, build_document, file_sha256, one_line

LOADER = "tipkg.loaders.doc"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file a .doc is stored in
TIMEOUT = 120  # seconds for one conversion (LibreOffice's first start takes several)
NO_CONVERTER = "legacy Word .doc needs LibreOffice to convert it (apt-get install libreoffice-writer-nogui)"


def soffice() -> str | None:
    """The LibreOffice command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(path: Path, out_dir: Path) -> Path:
    """``path`` converted by LibreOffice into ``out_dir``; LoadError when it cannot be."""
    cmd = soffice()
    if cmd is None:
        raise LoadError(path, NO_CONVERTER)
    profile = out_dir / "profile"
    args = [
        cmd,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(out_dir),
        str(path),
    ]
    try:
        run = subprocess.run(
            args, capture_output=True, timeout=TIMEOUT, check=False, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired:
        raise LoadError(path, f"LibreOffice did not convert the .doc within {TIMEOUT} s") from None
    except OSError as exc:
        raise LoadError(path, f"cannot run LibreOffice: {one_line(str(exc))}") from None
    target = out_dir / (path.stem + ".docx")
    if run.returncode != 0 or not target.is_file():
        why = one_line(run.stderr.decode("utf-8", "replace") or f"exit code {run.returncode}")
        raise LoadError(path, f"LibreOffice could not convert the .doc: {why}")
    return target


def load_doc(path: Path | str, manifest: ManifestArg = None, registry: Registry | None = None) -> Document:
    """Load a UN resolution from a legacy Word file (.doc)."""
    p = Path(path)
    with tempfile.TemporaryDirectory(prefix="tipkg-doc-") as tmp:
        converted = convert_to_docx(p, Path(tmp))
        extracted = extract_docx(converted)
    return build_document(
        extracted,
        path=p,
        fmt="doc",
        loader=LOADER,
        sha256=file_sha256(p),
        manifest=manifest,
        registry=registry,
    )
