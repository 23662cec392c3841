from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferenceDataset(models.Model):
    """Which reference file was loaded, so that setup skips files that did not change."""

    name = models.CharField(_("nama"), max_length=100, unique=True)
    checksum = models.CharField(_("sidik SHA-256"), max_length=64)
    loaded_at = models.DateTimeField(_("dimuat pada"), auto_now=True)

    class Meta:
        verbose_name = _("data rujukan")
        verbose_name_plural = _("data rujukan")

    def __str__(self) -> str:
        return self.name
