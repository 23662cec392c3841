from django import forms
from django.utils.translation import gettext_lazy as _


class NarrativeForm(forms.Form):
    text = forms.CharField(
        label=_("Teks"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Teks biasa; pisahkan paragraf dengan satu baris kosong."),
    )


class SettingsForm(forms.Form):
    name_lines = forms.CharField(
        label=_("Nama instansi pada kop"), widget=forms.Textarea(attrs={"rows": 2})
    )
    address = forms.CharField(label=_("Alamat"), max_length=300)
    phone = forms.CharField(label=_("Telepon"), max_length=50, required=False)
    email = forms.EmailField(label=_("Surel"), required=False)
    website = forms.CharField(label=_("Laman"), max_length=100, required=False)
    city = forms.CharField(label=_("Kota penandatanganan"), max_length=100, required=False)
    logo = forms.FileField(label=_("Logo (PNG atau JPEG)"), required=False)
    signatory_name = forms.CharField(label=_("Nama penanda tangan"), max_length=200)
    signatory_nip = forms.CharField(label=_("NIP penanda tangan"), max_length=18, required=False)
    signatory_title = forms.CharField(label=_("Jabatan penanda tangan"), max_length=200)
    pattern = forms.CharField(
        label=_("Pola nomor surat"),
        max_length=100,
        help_text=_("Gunakan {seq} untuk nomor urut dan {year} untuk tahun."),
    )


class ScanForm(forms.Form):
    file = forms.FileField(label=_("Pindaian laporan bertanda tangan (PDF)"))
