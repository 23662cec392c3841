"""The demo holds both seed SOPs and their actor mappings, and loading it again adds nothing."""

import pytest

from tuntas.core.demo import demo_load
from tuntas.sops.models import ActorAssignment, Sop, SopVersion
from tuntas.sops.selectors import activity_count

from .helpers import BABEL, BANTUL

pytestmark = pytest.mark.django_db


def test_demo_has_both_seeds_with_their_activities() -> None:
    assert activity_count(Sop.objects.get(code=BABEL)) == 15
    assert activity_count(Sop.objects.get(code=BANTUL)) == 13
    mapped = ActorAssignment.objects.filter(region_id="34.02", actor_code="TIM_SPM")
    assert [a.user.username for a in mapped] == ["bantul.verifikator"]


def test_loading_the_demo_again_adds_nothing() -> None:
    versions, mappings = SopVersion.objects.count(), ActorAssignment.objects.count()
    demo_load()
    assert (SopVersion.objects.count(), ActorAssignment.objects.count()) == (versions, mappings)
