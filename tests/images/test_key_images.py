"""Key images (issue 16): PNG, JPEG and DICOM imported without what identifies the child, stored
size-limited and hash-checked, added with ``isconf image add``. A DICOM file made with pydicom
carries a planted name and ID: neither the database file nor any export holds them."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest

from clinical_files import PLANTED, dicom_bytes, full_document, png_bytes
from conftest import run_cli, vignette_files
from isconf.images import dicom, display, importing
from isconf.images.importing import import_image
from isconf.schema import CaseFileError, parse_case_document
from isconf.services import ServiceError, Services


def _files_of(db: str) -> bytes:
    """Every file of the SQLite database (its WAL and shared-memory files too)."""
    path = Path(db)
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_a_dicom_file_loses_its_identifiers_and_says_which() -> None:
    imported = import_image(dicom_bytes(), modality="mri", caption="Axial T2")
    for planted in PLANTED:
        assert planted not in imported.image.data
    for name in ("DICOM PatientName", "DICOM PatientID", "DICOM PatientBirthDate", "DICOM AccessionNumber",
                 "DICOM InstitutionName", "DICOM ReferringPhysicianName", "DICOM StudyDate"):  # fmt: skip
        assert name in imported.removed
    assert any("(0011," in name for name in imported.removed)  # the private attributes
    assert imported.image.media_type == "application/dicom"
    assert imported.image.study_date is not None and imported.image.study_date.isoformat() == "2026-06-01"
    cleaned = dicom.read(imported.image.data)
    assert cleaned.PatientIdentityRemoved == "YES" and "PatientName" not in cleaned
    assert dicom.identifiers(imported.image.data) == ()


def test_a_dicom_image_is_drawn_with_its_window() -> None:
    from PIL import Image

    imported = import_image(dicom_bytes(rows=32), modality="mri")
    picture = Image.open(io.BytesIO(display.picture(imported.image)))
    assert picture.size == (32, 32) and picture.mode == "L"
    assert picture.getextrema() == (0, 255)


def test_a_dicom_with_burned_in_annotation_is_refused() -> None:
    with pytest.raises(ServiceError, match="burned-in annotation"):
        import_image(dicom_bytes(burned_in=True), modality="mri")


def test_a_png_keeps_only_the_chunks_that_draw_it() -> None:
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Quixplantname")
    out = io.BytesIO()
    Image.new("L", (8, 8), 40).save(out, format="PNG", pnginfo=info)
    imported = import_image(out.getvalue(), modality="photo")
    assert b"Quixplantname" not in imported.image.data
    assert imported.removed == ("PNG tEXt chunk",)
    assert Image.open(io.BytesIO(imported.image.data)).size == (8, 8)


def test_a_jpeg_loses_its_exif() -> None:
    from PIL import Image

    exif = Image.Exif()
    exif[0x013B] = "Quixplantname"  # Artist
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 20, 30)).save(out, format="JPEG", exif=exif.tobytes())
    imported = import_image(out.getvalue(), modality="photo")
    assert b"Quixplantname" not in imported.image.data and "JPEG APP1 segment" in imported.removed
    assert Image.open(io.BytesIO(imported.image.data)).size == (8, 8)


def test_other_files_and_large_ones_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ServiceError, match="image: is not a PNG, JPEG or DICOM file"):
        import_image(b"GIF89a....", modality="mri")
    monkeypatch.setattr(importing, "IMAGE_MAX_BYTES", 100)
    with pytest.raises(ServiceError, match="the limit is 0 MB"):
        import_image(png_bytes(size=64), modality="mri")


def test_a_case_file_cannot_bring_in_a_dicom_with_identifiers() -> None:
    document = full_document()
    document["case"]["images"] = [
        {
            "modality": "mri",
            "media_type": "application/dicom",
            "data": base64.b64encode(dicom_bytes()).decode(),
        }
    ]
    with pytest.raises(CaseFileError) as caught:
        parse_case_document(document)
    [problem] = caught.value.problems
    assert problem.path == "case.images[0].data"
    assert "still holds patient identifiers (StudyDate, StudyTime, AccessionNumber" in problem.message


@pytest.mark.both_backends
def test_image_add_stores_no_planted_identifier(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    run_cli(capsys, "import", "--db", db, *map(str, vignette_files()))
    file = tmp_path / "t2.dcm"
    file.write_bytes(dicom_bytes())
    code, out, err = run_cli(
        capsys,
        "image",
        "add",
        "--db",
        db,
        "SYN-0001",
        str(file),
        "--modality",
        "mri",
        "--caption",
        "Axial T2",
    )
    assert code == 0, err
    assert "added application/dicom image 1 to SYN-0001, study date 2026-06-01" in out
    assert "DICOM PatientName" in out and "DICOM PatientID" in out
    services = Services.open(db)
    try:
        [image] = services.get_case("SYN-0001").case.images
        assert image.caption == "Axial T2"
        exports = json.dumps(services.export_document("SYN-0001")) + json.dumps(
            services.export_deidentified("SYN-0001")
        )
    finally:
        services.close()
    for planted in PLANTED:
        assert planted.decode() not in exports
        assert base64.b64encode(planted).decode()[:8] not in exports
    if not db.startswith("postgresql"):
        stored = _files_of(db)
        for planted in PLANTED:
            assert planted not in stored


def test_image_add_errors_are_one_line(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    run_cli(capsys, "import", "--db", db, *map(str, vignette_files()))
    file = tmp_path / "notes.txt"
    file.write_text("hello")
    code, _, err = run_cli(capsys, "image", "add", "--db", db, "SYN-0001", str(file), "--modality", "mri")
    assert code != 0 and err.strip().count("\n") == 0 and "not a PNG, JPEG or DICOM file" in err
    code, _, err = run_cli(capsys, "image", "add", "--db", db, "NOPE", str(file), "--modality", "mri")
    assert code != 0 and err.strip().count("\n") == 0
    code, _, err = run_cli(
        capsys, "image", "add", "--db", db, "SYN-0001", str(tmp_path / "gone.png"), "--modality", "mri"
    )
    assert code != 0 and "cannot be read" in err
