"""Synthetic clinical content for tests: a case file with every addition of issue 16, a PNG, and a
DICOM file made with pydicom carrying a planted patient name and ID."""

from __future__ import annotations

import base64
import copy
import io
import json
from typing import Any

from conftest import VIGNETTES

PLANTED_NAME = "Quixplantname^Zorba"
PLANTED_ID = "PLANTED-ID-77311"
PLANTED = (b"Quixplantname", PLANTED_ID.encode(), b"Plantedville General", b"ACCN-99812", b"Refdocplanted")


def png_bytes(size: int = 24, shade: int = 90) -> bytes:
    from PIL import Image

    image = Image.new("L", (size, size), shade)
    for x in range(size):
        image.putpixel((x, x), 255)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def dicom_bytes(*, rows: int = 64, burned_in: bool = False) -> bytes:
    """An MR image with a planted name, ID, birth date, accession, institution, referring
    physician, study date, and a private attribute repeating the name."""
    import numpy as np
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, MRImageStorage, generate_uid

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = MRImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = MRImageStorage
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.PatientName = PLANTED_NAME
    ds.PatientID = PLANTED_ID
    ds.PatientBirthDate = "20251201"
    ds.AccessionNumber = "ACCN-99812"
    ds.InstitutionName = "Plantedville General"
    ds.ReferringPhysicianName = "Refdocplanted^Ann"
    ds.StudyDate = "20260601"
    ds.StudyTime = "101500"
    ds.Modality = "MR"
    ds.Rows = ds.Columns = rows
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.WindowCenter, ds.WindowWidth = 600, 1200
    if burned_in:
        ds.BurnedInAnnotation = "YES"
    ramp = np.add.outer(np.arange(rows), np.arange(rows)).astype(np.uint16) * (1200 // rows)
    ds.PixelData = ramp.tobytes()
    ds.add_new(0x00110010, "LO", "PLANTED VENDOR")
    ds.add_new(0x00111001, "LO", "Quixplantname private copy")
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


ADDITIONS: dict[str, Any] = {
    "semiology_description": "clusters on waking, head turns right",
    "mri_report": "Left frontal transmantle sign; blurred grey-white junction, 2026-06-01 3T.",
    "eeg_report": "Modified hypsarrhythmia with left frontal maximum; ictal: spasms with left-led electrodecrement",
    "goals": "Wants her to be free of spasms; walking matters less than understanding.",
    "gene": "TSC2",
    "variant": "c.5024C>T",
    "caption": "Axial FLAIR, left frontal FCD",
    "instrument_name": "Locally normed scale",
}


def full_document() -> dict[str, Any]:
    """The left frontal dysplasia vignette with every addition of issue 16 (a PNG image)."""
    document = json.loads((VIGNETTES / "fcd_left_frontal_candidate.json").read_text(encoding="utf-8"))
    case = copy.deepcopy(document["case"])
    case["spasms"]["semiology"] = {
        "type": "flexor", "asymmetric": True, "side": "right", "focal_seizures": True,
        "description": ADDITIONS["semiology_description"],
    }  # fmt: skip
    case["mri"][0]["report"] = ADDITIONS["mri_report"]
    case["eeg"][0]["report"] = ADDITIONS["eeg_report"]
    case["etiology"]["syndrome"] = "focal_cortical_dysplasia"
    case["etiology"]["genetic"] = {
        "gene": ADDITIONS["gene"], "variant": ADDITIONS["variant"], "classification": "likely_pathogenic"
    }  # fmt: skip
    case["development"]["assessments"] = [
        {"date": "2026-05-01", "instrument": "bayley_4", "domain": "cognitive", "standard_score": 74,
         "age_equivalent_months": 4},
        {"date": "2026-07-01", "instrument": "vineland_3", "domain": "composite", "standard_score": 58,
         "age_equivalent_months": 3},
        {"date": "2026-09-01", "instrument": "other", "name": ADDITIONS["instrument_name"],
         "domain": "motor", "developmental_quotient": 55},
    ]  # fmt: skip
    case["family"] = {
        "priorities": ["seizure_freedom", "development", "walking"],
        "goals": ADDITIONS["goals"],
    }
    case["images"] = [
        {"modality": "mri", "study_date": "2026-06-01", "caption": ADDITIONS["caption"],
         "media_type": "image/png", "data": base64.b64encode(png_bytes()).decode("ascii")}
    ]  # fmt: skip
    document["case"] = case
    return document


def long_document() -> dict[str, Any]:
    """A long case for screenshots and scale: 8 trials, 3 MRIs, 3 EEGs, a PET, 3 assessments, images."""
    document = full_document()
    case = document["case"]
    trial = {"dose": None, "dose_unit": None, "end_date": None, "outcome": None}

    def t(agent: str, start: str, end: str | None, outcome: str, dose: float | None = None,
          unit: str | None = None, name: str | None = None) -> dict[str, Any]:  # fmt: skip
        entry = {**trial, "agent": agent, "start_date": start, "end_date": end, "outcome": outcome}
        if dose is not None:
            entry.update(dose=dose, dose_unit=unit)
        if name is not None:
            entry["name"] = name
        return entry

    case["treatments"] = [
        t("vigabatrin", "2026-04-20", "2026-05-10", "no_response", 150, "mg/kg/day"),
        t("prednisolone", "2026-05-11", "2026-06-05", "relapse", 40, "mg/day"),
        t("acth", "2026-06-08", "2026-07-01", "partial", 150, "IU/m2/day"),
        t("other_asm", "2026-07-02", "2026-08-01", "no_response", 10, "mg/kg/day", "Topiramate"),
        t("ketogenic_diet", "2026-07-20", "2026-09-15", "stopped_adverse_effects"),
        t("other_asm", "2026-08-05", "2026-09-20", "partial", 40, "mg/kg/day", "Levetiracetam"),
        t("vigabatrin", "2026-09-21", "2026-10-20", "no_response", 120, "mg/kg/day"),
        t("other_asm", "2026-10-21", None, "ongoing", 8, "mg/kg/day", "Clobazam"),
    ]
    lesion = {"type": "fcd", "side": "left", "lobes": ["frontal"], "extent": "lobar", "epileptogenic": True}
    case["mri"] = [
        {"date": "2026-04-22", "field_strength_t": 1.5, "finding": "nonspecific", "lesions": [],
         "report": "Immature myelination; no definite lesion at 1.5 T."},
        {"date": "2026-06-01", "field_strength_t": 3, "finding": "lesional", "lesions": [lesion],
         "report": ADDITIONS["mri_report"]},
        {"date": "2026-10-02", "field_strength_t": 3, "finding": "lesional",
         "lesions": [{**lesion, "lobes": ["frontal", "parietal"], "extent": "multilobar"}],
         "report": "Left fronto-parietal FCD, transmantle sign; extends to the central sulcus."},
    ]  # fmt: skip
    case["eeg"] = [
        {"date": "2026-04-18", "hypsarrhythmia": "classic", "lateralization": "bilateral",
         "report": "Classic hypsarrhythmia; clusters of spasms on waking."},
        {"date": "2026-06-10", "hypsarrhythmia": "modified", "lateralization": "left", "based_score": 4,
         "report": ADDITIONS["eeg_report"]},
        {"date": "2026-10-05", "hypsarrhythmia": "modified", "lateralization": "left", "based_score": 4,
         "note": "Video-EEG, 24 h", "report": "Left fronto-central maximum; ictal left-led decrement."},
    ]  # fmt: skip
    case["pet"] = [{"date": "2026-10-12", "finding": "hypometabolism", "side": "left", "lobes": ["frontal"]}]
    picture = base64.b64encode(png_bytes(size=160, shade=60)).decode("ascii")
    case["images"] += [
        {"modality": "mri", "study_date": "2026-10-02", "caption": "Coronal T2, transmantle sign",
         "media_type": "image/png", "data": picture},
        {"modality": "pet", "study_date": "2026-10-12", "caption": "FDG-PET, left frontal hypometabolism",
         "media_type": "image/png", "data": base64.b64encode(png_bytes(size=150, shade=110)).decode("ascii")},
    ]  # fmt: skip
    return document


def close_studies_document() -> dict[str, Any]:
    """The long case with studies of one day, of one week and of three days in a row, as a busy
    work-up has them (their labels on the timeline's axis must not overprint)."""
    close = {
        "mri": [{"date": "2026-06-01"}, {"date": "2026-06-03"}, {"date": "2026-09-01"}],
        "eeg": [{"date": "2026-06-01"}, {"date": "2026-06-02"}, {"date": "2026-06-05"}],
        "pet": [{"date": "2026-06-04"}],
    }
    document = long_document()
    for kind, studies in close.items():
        had = document["case"][kind]
        document["case"][kind] = [{**old, **new} for old, new in zip(had, studies, strict=False)]
        document["case"][kind] += studies[len(had) :]
    return document
