"""DICOM files without their patient identifiers (DICOM PS3.15 Annex E, the Basic Application
Level Confidentiality Profile), and their pixels as a picture.

Removed on import, and named in what the import reports: every attribute of the basic
profile's table E.1-1 that is present (names, IDs, birth date, accession number, institution,
physicians, operators, addresses, dates and times, device serial numbers, free-text comments,
…), every person name (VR PN) and date or time (VR DA, DT, TM) anywhere in the file including
sequences, every private attribute, overlays and curves (groups 60xx, 50xx: burned-in text may
hide there). Instance UIDs are replaced by new random ones (they can be looked up in the
hospital's archive). A file that says its pixels carry burned-in annotation is refused: no
attribute removal can take text out of the picture.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Any

from isconf.errors import Problem, ServiceError

# PS3.15 table E.1-1, the attributes the basic profile removes, empties or replaces (by keyword).
BASIC_PROFILE = (
    "AccessionNumber", "AcquisitionComments", "AcquisitionDate", "AcquisitionDateTime",
    "AcquisitionDeviceProcessingDescription", "AcquisitionTime", "ActualHumanPerformersSequence",
    "AdditionalPatientHistory", "AdmissionID", "AdmittingDate", "AdmittingDiagnosesCodeSequence",
    "AdmittingDiagnosesDescription", "AdmittingTime", "Allergies", "Arbitrary", "AuthorObserverSequence",
    "BranchOfService", "CassetteID", "CommentsOnThePerformedProcedureStep", "ConfidentialityConstraintOnPatientDataDescription",
    "ContentCreatorName", "ContentCreatorIdentificationCodeSequence", "ContentDate", "ContentTime",
    "ContributionDateTime", "ContributionDescription", "CountryOfResidence", "CurrentPatientLocation",
    "CurveDate", "CurveTime", "CustodialOrganizationSequence", "DataSetTrailingPadding", "DerivationDescription",
    "DetectorID", "DeviceSerialNumber", "DeviceUID", "DigitalSignaturesSequence", "DischargeDiagnosisDescription",
    "DistributionAddress", "DistributionName", "EthnicGroup", "FrameComments", "GantryID", "GeneratorID",
    "GraphicAnnotationSequence", "HumanPerformerName", "HumanPerformerOrganization", "IconImageSequence",
    "IdentifyingComments", "ImageComments", "ImagePresentationComments", "ImagingServiceRequestComments",
    "Impressions", "InstitutionAddress", "InstitutionalDepartmentName", "InstitutionName",
    "InsurancePlanIdentification", "IntendedRecipientsOfResultsIdentificationSequence", "InterpretationApproverSequence",
    "InterpretationAuthor", "InterpretationDiagnosisDescription", "InterpretationIDIssuer", "InterpretationRecorder",
    "InterpretationText", "InterpretationTranscriber", "IssuerOfAdmissionID", "IssuerOfPatientID",
    "IssuerOfServiceEpisodeID", "LastMenstrualDate", "MedicalAlerts", "MedicalRecordLocator",
    "MilitaryRank", "ModifiedAttributesSequence", "ModifiedImageDescription", "ModifyingDeviceID",
    "ModifyingDeviceManufacturer", "NameOfPhysiciansReadingStudy", "NamesOfIntendedRecipientsOfResults",
    "Occupation", "OperatorIdentificationSequence", "OperatorsName", "OriginalAttributesSequence",
    "OrderCallbackPhoneNumber", "OrderEnteredBy", "OrderEntererLocation", "OtherPatientIDs",
    "OtherPatientIDsSequence", "OtherPatientNames", "OverlayDate", "OverlayTime", "ParticipantSequence",
    "PatientAddress", "PatientAge", "PatientBirthDate", "PatientBirthName", "PatientBirthTime",
    "PatientComments", "PatientID", "PatientInstitutionResidence", "PatientInsurancePlanCodeSequence",
    "PatientMotherBirthName", "PatientName", "PatientPrimaryLanguageCodeSequence",
    "PatientPrimaryLanguageModifierCodeSequence", "PatientReligiousPreference", "PatientSex",
    "PatientSexNeutered", "PatientSize", "PatientState", "PatientTelephoneNumbers", "PatientTransportArrangements",
    "PatientWeight", "PerformedLocation", "PerformedProcedureStepDescription", "PerformedProcedureStepEndDate",
    "PerformedProcedureStepEndTime", "PerformedProcedureStepID", "PerformedProcedureStepStartDate",
    "PerformedProcedureStepStartTime", "PerformedStationAETitle", "PerformedStationGeographicLocationCodeSequence",
    "PerformedStationName", "PerformedStationNameCodeSequence", "PerformingPhysicianIdentificationSequence",
    "PerformingPhysicianName", "PersonAddress", "PersonIdentificationCodeSequence", "PersonName",
    "PersonTelephoneNumbers", "PhysicianApprovingInterpretation", "PhysiciansOfRecord",
    "PhysiciansOfRecordIdentificationSequence", "PhysiciansReadingStudyIdentificationSequence",
    "PlateID", "PreMedication", "PregnancyStatus", "ReasonForTheImagingServiceRequest",
    "ReasonForStudy", "ReferencedPatientAliasSequence", "ReferencedPatientSequence",
    "ReferencedStudySequence", "ReferringPhysicianAddress", "ReferringPhysicianIdentificationSequence",
    "ReferringPhysicianName", "ReferringPhysicianTelephoneNumbers", "RegionOfResidence",
    "RequestAttributesSequence", "RequestedContrastAgent", "RequestedProcedureComments",
    "RequestedProcedureDescription", "RequestedProcedureID", "RequestedProcedureLocation",
    "RequestingPhysician", "RequestingService", "ResponsibleOrganization", "ResponsiblePerson",
    "ResultsComments", "ResultsDistributionListSequence", "ResultsIDIssuer", "ScheduledHumanPerformersSequence",
    "ScheduledPatientInstitutionResidence", "ScheduledPerformingPhysicianIdentificationSequence",
    "ScheduledPerformingPhysicianName", "ScheduledProcedureStepEndDate", "ScheduledProcedureStepEndTime",
    "ScheduledProcedureStepDescription", "ScheduledProcedureStepLocation", "ScheduledProcedureStepStartDate",
    "ScheduledProcedureStepStartTime", "ScheduledStationAETitle", "ScheduledStationGeographicLocationCodeSequence",
    "ScheduledStationName", "ScheduledStationNameCodeSequence", "ScheduledStudyLocation",
    "ScheduledStudyLocationAETitle", "SeriesDate", "SeriesDescription", "SeriesTime", "ServiceEpisodeDescription",
    "ServiceEpisodeID", "SmokingStatus", "SourceImageSequence", "SpecialNeeds", "StationName",
    "StudyComments", "StudyDate", "StudyDescription", "StudyID", "StudyIDIssuer", "StudyTime",
    "TextComments", "TextString", "TimezoneOffsetFromUTC", "TopicAuthor", "TopicKeywords", "TopicSubject",
    "TopicTitle", "VerifyingObserverIdentificationCodeSequence", "VerifyingObserverName",
    "VerifyingObserverSequence", "VerifyingOrganization", "VisitComments", "ProtocolName",
    "InstanceCreationDate", "InstanceCreationTime", "InstanceCreatorUID", "Manufacturer",
    "ManufacturerModelName", "SoftwareVersions", "RequestedProcedureCodeSequence",
    "ProcedureCodeSequence", "PerformedProcedureCodeSequence", "ReferencedPerformedProcedureStepSequence",
    "ReferencedImageSequence", "DateOfLastCalibration", "TimeOfLastCalibration",
)  # fmt: skip
# Instance UIDs (table E.1-1 "U"): replaced, so the copy cannot be found in the archive.
UIDS = (
    "StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "FrameOfReferenceUID",
    "SynchronizationFrameOfReferenceUID", "IrradiationEventUID", "ConcatenationUID",
    "DimensionOrganizationUID", "ReferencedSOPInstanceUID", "StorageMediaFileSetUID",
)  # fmt: skip
IDENTIFYING_VRS = ("PN", "DA", "DT", "TM")
METHOD = "PS3.15 E.1 Basic Profile (isconf)"  # a LO value: at most 64 characters


@dataclass(frozen=True)
class Cleaned:
    data: bytes  # the DICOM file without the identifiers
    removed: tuple[str, ...]  # the attributes removed, by keyword (or tag), once each
    study_date: str | None  # the StudyDate it held (YYYYMMDD), for the image's study date


def refuse(message: str) -> ServiceError:
    return ServiceError([Problem("image", message)])


def read(data: bytes) -> Any:
    """The pydicom dataset of ``data``; a file pydicom cannot read is a ServiceError. pydicom's
    warnings about values out of the standard (common in real files) are not errors here."""
    import pydicom
    from pydicom.errors import InvalidDicomError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pydicom.dcmread(io.BytesIO(data))
    except (InvalidDicomError, ValueError, EOFError, KeyError, TypeError) as exc:
        raise refuse(f"is not a DICOM file pydicom can read ({exc})") from None


def identifiers(data: bytes) -> tuple[str, ...]:
    """The identifying attributes a DICOM file still holds (what ``clean`` would remove)."""
    return tuple(name for name in _identifying(read(data)) if not name.endswith("UID"))


def clean(data: bytes) -> Cleaned:
    """``data`` with the basic profile's identifiers removed, and what was removed."""
    from pydicom.uid import generate_uid

    ds = read(data)
    if str(ds.get("BurnedInAnnotation", "")).upper() == "YES":
        raise refuse("says its pixels carry burned-in annotation (patient data in the picture); not imported")
    if "PixelData" not in ds:
        raise refuse("holds no pixel data (no picture to show)")
    study = str(ds.get("StudyDate", "") or "") or None
    removed: dict[str, None] = {}
    for name in _identifying(ds):
        removed.setdefault(name, None)
    _strip(ds)
    for uid in UIDS:
        if uid in ds:
            setattr(ds, uid, generate_uid())
    if "SOPInstanceUID" in ds and ds.file_meta is not None:
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.PatientIdentityRemoved = "YES"
    ds.DeidentificationMethod = METHOD
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds.save_as(out, enforce_file_format=True)
    return Cleaned(out.getvalue(), tuple(removed), study)


def _identifying(ds: Any) -> list[str]:
    """The identifying attributes of ``ds`` and its sequences, by keyword, in file order."""
    found: list[str] = []
    for elem in ds.iterall():
        tag = elem.tag
        name = elem.keyword or str(tag)
        group = tag.group
        if (
            elem.keyword in BASIC_PROFILE
            or elem.keyword in UIDS
            or elem.VR in IDENTIFYING_VRS
            or tag.is_private
            or 0x6000 <= group <= 0x60FF
            or 0x5000 <= group <= 0x50FF
        ) and name not in found:
            found.append(name)
    return found


def _strip(ds: Any) -> None:
    ds.remove_private_tags()
    for elem in list(ds):
        group = elem.tag.group
        if elem.keyword in BASIC_PROFILE or elem.VR in IDENTIFYING_VRS or 0x5000 <= group <= 0x60FF:
            del ds[elem.tag]
        elif elem.VR == "SQ":
            for item in elem.value:
                _strip(item)


def picture(data: bytes) -> bytes:
    """The DICOM image as a PNG: the middle frame, its modality and VOI LUTs applied (the
    file's window centre and width, else its full range), MONOCHROME1 inverted."""
    import numpy as np
    from PIL import Image
    from pydicom.pixels import apply_modality_lut, apply_voi_lut

    ds = read(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pixels = ds.pixel_array
    except Exception as exc:  # pydicom raises many kinds for a transfer syntax it cannot decode
        raise refuse(f"pixel data cannot be decoded here ({exc})") from None
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    if frames > 1:
        pixels = pixels[frames // 2]
    if str(ds.get("PhotometricInterpretation", "")).startswith(("RGB", "YBR")):
        rgb = np.asarray(pixels, dtype=np.uint8)
        return _png(Image.fromarray(rgb, "RGB"))
    values = apply_modality_lut(pixels, ds).astype(np.float64)
    if "WindowCenter" in ds and "WindowWidth" in ds:
        values = apply_voi_lut(values, ds).astype(np.float64)
    low, high = float(values.min()), float(values.max())
    scaled = (values - low) / (high - low) * 255.0 if high > low else np.zeros_like(values)
    if str(ds.get("PhotometricInterpretation", "")) == "MONOCHROME1":
        scaled = 255.0 - scaled
    return _png(Image.fromarray(scaled.astype(np.uint8), "L"))


def _png(image: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
