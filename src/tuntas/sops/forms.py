from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _


class SopTextForm(forms.Form):
    text = forms.CharField(
        label=_("Naskah SOP (YAML)"), widget=forms.Textarea(attrs={"rows": 30}), required=False
    )
    file = forms.FileField(label=_("atau unggah berkas YAML"), required=False)


class RunStartForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun anggaran"), min_value=2000, max_value=2100)


# Documents an SOP step produces: letters, decrees, minutes, reports, scans of them.
OUTPUT_EXTENSIONS = ["pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "jpg", "jpeg", "png"]


class CompleteForm(forms.Form):
    output = forms.FileField(
        label=_("Dokumen keluaran"),
        validators=[FileExtensionValidator(OUTPUT_EXTENSIONS)],
        error_messages={"required": _("Unggah dokumen keluaran untuk menyelesaikan tugas.")},
    )
    note = forms.CharField(label=_("Catatan"), required=False)


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("Yang harus diperbaiki"), widget=forms.Textarea(attrs={"rows": 2})
    )


class HolidayForm(forms.Form):
    date = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    name = forms.CharField(label=_("Keterangan"), max_length=200)


class ActorForm(forms.Form):
    actor_code = forms.CharField(label=_("Kode pelaku"), max_length=50)
    username = forms.CharField(label=_("Nama pengguna"), max_length=150)
