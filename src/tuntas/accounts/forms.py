from django import forms
from django.utils.translation import gettext_lazy as _

from tuntas.organisation.models import Agency

from .models import NATIONAL_ROLES, Role


class UserCreateForm(forms.Form):
    """Fields of a new Pemda user; the scope rules are checked by `user_create`."""

    username = forms.RegexField(
        label=_("Nama pengguna"),
        max_length=150,
        regex=r"^[a-z0-9._-]+$",
        error_messages={"invalid": _("Gunakan huruf kecil, angka, titik atau tanda hubung.")},
        help_text=_("Huruf kecil, angka, titik atau tanda hubung, mis. bantul.dinsos.operator"),
    )
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    job_title = forms.CharField(label=_("Jabatan"), max_length=200, required=False)
    email = forms.EmailField(label=_("Surel"), required=False)
    role = forms.ChoiceField(
        label=_("Peran"), choices=[c for c in Role.choices if c[0] not in NATIONAL_ROLES]
    )
    agency = forms.ModelChoiceField(
        label=_("Perangkat daerah"),
        queryset=Agency.objects.none(),
        required=False,
        help_text=_("Wajib untuk operator dan kepala OPD."),
    )

    def __init__(self, *args: object, agencies: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
