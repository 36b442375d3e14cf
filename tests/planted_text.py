"""Identifiers planted in every free text of a meeting and of its case (issue 23): a child's
names, MRN, birth date, a parent's name, a street address, a phone number and an email,
spelled as people type them."""

from __future__ import annotations

from datetime import time

from isconf import clock
from isconf.meetings.model import ActionItem, ConsideredOption
from isconf.services import Services

MRN = "DEMO-1001"
PARENT, STREET, PHONE, EMAIL = "Nancy Dickensworth", "14 Baker Street", "020 7946 0958", "nancy.d@example.org"


def planted_text(child: dict[str, str]) -> str:
    """Every kind of identifier, spelled as people type them."""
    spaced_mrn = " ".join(child["mrn"])
    return (
        f"{child['given'].upper()} {child['family'].lower()} (MRN {spaced_mrn}, born {child['dob_uk']}), "
        f"mother {PARENT}, {STREET}, {PHONE}, {EMAIL}"
    )


def forbidden(child: dict[str, str]) -> list[str]:
    return [
        child["given"],
        child["family"],
        child["mrn"],
        child["mrn"].replace("-", ""),
        child["dob_uk"],
        child["dob_iso"],
        "Dickensworth",
        "Baker Street",
        "7946",
        "example.org",
    ]


def leaks(text: str, child: dict[str, str]) -> list[str]:
    squashed = " ".join(text.split()).lower()
    return [s for s in forbidden(child) if s.lower() in squashed or s.lower() in squashed.replace(" ", "")]


def plant_meeting(services: Services) -> tuple[int, dict[str, str]]:
    """A closed, signed and amended meeting of DEMO-1001 with every kind of identifier typed
    into every free text of the meeting and of the case file; the child's identifiers."""
    services.add_demo_cases()
    case = services.get_case(MRN).case
    assert case.given_name and case.family_name and case.date_of_birth
    child = {
        "given": case.given_name,
        "family": case.family_name,
        "mrn": case.mrn,
        "dob_uk": case.date_of_birth.strftime("%d/%m/%Y"),
        "dob_iso": case.date_of_birth.isoformat(),
    }
    text = planted_text(child)
    plant_in_case(services, text)
    m = services.meetings
    meeting = m.create_meeting(
        title=f"Conference {text}"[:200],
        day=clock.today(),
        start_time=time(8, 0),
        chair="Dr Chair",
        place=text,
    )
    m.add_cases(meeting.id, [MRN])
    m.set_item(meeting.id, MRN, question=f"Resect? {text}")
    m.record_decision(
        meeting.id,
        MRN,
        recommendation="further_evaluation",
        rationale=f"PET first. {text}",
        consensus="majority",
        dissent=f"Disagree. {text}",
        tests=("pet",),
        options=[ConsideredOption("further_evaluation", f"note {text}")],
        actions=[ActionItem(f"Call {text}"[:500], f"{child['given']} {PHONE}", clock.today())],
    )
    m.set_status(meeting.id, "closed")
    services.users.add_user("Dr Chair", "epileptologist", "chair-password")
    services.sign_in("Dr Chair", "chair-password")  # the team's first member writes from now on
    services.signing.sign(meeting.id, user="Dr Chair", password="chair-password", meaning="approved")
    services.signing.amend(meeting.id, reason=f"Wrong side. {text}")
    return meeting.id, child


def plant_in_case(services: Services, text: str) -> None:
    """The case file's typed texts a summary or the slide shows: the family's goals, the MRI
    and EEG reports, a key image's caption, a rater's comment and name, the team's figure's note."""
    from dataclasses import replace

    from clinical_files import png_bytes
    from isconf.domain import Assessment, BenefitOverride

    stored = services.get_case(MRN)
    case = stored.case
    tradeoff = replace(
        case.tradeoff,
        assessments=(
            *case.tradeoff.assessments,
            Assessment(
                procedure="lobar_resection",
                deficit="hemianopia",
                rating="acceptable",
                rated_by=PARENT,
                comment=f"Fine. {text}",
            ),
        ),
        benefit_overrides=(BenefitOverride("lobar_resection", 55.0, f"Our series. {text}"),),
    )
    case = replace(
        case,
        family=replace(case.family, goals=f"Walk. {text}"),
        mri=(replace(case.mri[0], report=f"FCD. {text}"), *case.mri[1:]),
        eeg=(replace(case.eeg[0], report=f"Hypsarrhythmia. {text}"), *case.eeg[1:]),
        tradeoff=tradeoff,
    )
    services.save_case(case, original_mrn=MRN, expected_version=stored.version)
    services.add_image(MRN, png_bytes(), modality="mri", caption=f"Axial. {text}")
