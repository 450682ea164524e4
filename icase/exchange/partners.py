"""The national partners a barrier can be escalated to: exactly the organisations the sources name
as the National Collaboration for Integrated Care and Support ("Integrated Care and Support: Our
Shared Commitment", May 2013, its list of partners and footnote 1 of the letter inviting pioneers),
with National Voices, which the framework lists "in association with" them. Nothing is added that
the sources do not name."""

SOURCE = "2013-05-integrated-care-and-support-our-shared-commitment.txt"

PARTNER_CHOICES = [
    ("adass", "Association of Directors of Adult Social Services (ADASS)"),
    ("adcs", "Association of Directors of Children's Services (ADCS)"),
    ("cqc", "Care Quality Commission (CQC)"),
    ("dh", "Department of Health (DH)"),
    ("hee", "Health Education England (HEE)"),
    ("lga", "Local Government Association (LGA)"),
    ("monitor", "Monitor"),
    ("nhs-england", "NHS England"),
    ("nhs-iq", "NHS Improving Quality (NHS IQ)"),
    ("nice", "National Institute for Health and Care Excellence (NICE)"),
    ("phe", "Public Health England (PHE)"),
    ("scie", "Social Care Institute for Excellence (SCIE)"),
    ("tlap", "Think Local Act Personal (TLAP)"),
    ("national-voices", "National Voices"),
]
PARTNER_NAMES = dict(PARTNER_CHOICES)
