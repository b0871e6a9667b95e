"""The guided path's step forms: they check shape; the checkpoints check rules.

One module per step or pair of steps."""

from referrals.intake.forms.child import ChildViewForm, GuardiansForm
from referrals.intake.forms.children import ChildrenForm
from referrals.intake.forms.consent import ConfidentialityForm, ConsentForm
from referrals.intake.forms.crisis import CrisisForm
from referrals.intake.forms.first_contact import FirstContactForm
from referrals.intake.forms.needs import NeedsForm, ThreatsForm
from referrals.intake.forms.referral import ReferralForm
from referrals.intake.forms.relative import (
    PERSONAL_IDENTITY_NUMBER,
    RelativeForm,
    SafeContactForm,
    luhn_ok,
)

__all__ = [
    "PERSONAL_IDENTITY_NUMBER",
    "ChildViewForm",
    "ChildrenForm",
    "ConfidentialityForm",
    "ConsentForm",
    "CrisisForm",
    "FirstContactForm",
    "GuardiansForm",
    "NeedsForm",
    "ReferralForm",
    "RelativeForm",
    "SafeContactForm",
    "ThreatsForm",
    "luhn_ok",
]
