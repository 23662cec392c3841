"""The seed SOPs and who carries out their actors' steps in the demo Pemda."""

from tuntas.accounts.models import User
from tuntas.regions.models import Region

from .services import actor_assign, sop_save
from .validation import bundled_sop_files

# Pemda code -> SOP actor code -> demo usernames.
DEMO_ACTORS = {
    "34.02": {
        "KABAG": ["bantul.koordinator"],
        "SUBKOORDINATOR": ["bantul.koordinator"],
        "TIM_SPM": ["bantul.verifikator"],
        "OPD": ["bantul.dinkes.operator", "bantul.dinkes.kepala"],
        "ARSIPARIS": ["bantul.admin"],
    },
    "19": {
        "SEKDA": ["babel.sekda"],
        "ASISTEN_PEMERINTAHAN": ["babel.koordinator"],
        "BIRO_PEMERINTAHAN": ["babel.koordinator"],
        "TIM_SPM": ["babel.verifikator"],
        "OPD": ["babel.dinkes.operator", "babel.dinkes.kepala"],
    },
}


def sops_demo_load() -> None:
    """Idempotent: an unchanged seed file makes no new version, a mapping is made once."""
    for path in bundled_sop_files():
        sop_save(actor=None, text=path.read_text(encoding="utf-8"), source=path.name)
    for code, actors in DEMO_ACTORS.items():
        region = Region.objects.get(code=code)
        for actor_code, usernames in actors.items():
            for user in User.objects.filter(username__in=usernames):
                actor_assign(actor=None, region=region, actor_code=actor_code, user=user)
