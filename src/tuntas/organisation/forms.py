from django import forms
from django.utils.translation import gettext_lazy as _


class AgencyForm(forms.Form):
    code = forms.SlugField(
        label=_("Kode"), max_length=30, help_text=_("Singkat, huruf kecil, mis. dinkes")
    )
    name = forms.CharField(label=_("Nama perangkat daerah"), max_length=200)
    short_name = forms.CharField(label=_("Singkatan"), max_length=50, required=False)
