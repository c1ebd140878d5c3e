from django.db import models


class PublicVersion(models.Model):
    """The version of a part of the public site ("site", or "org:<code>" for one organisation's pages).

    Kept in the database, bumped in the same transaction as the save that changes what the pages
    show, so the page cache (public/cache.py) can never disagree with what was committed: a save
    either commits with its bump or not at all, whether Redis is reachable or not.
    """

    key = models.CharField("ส่วนของเว็บไซต์", max_length=40, primary_key=True)
    version = models.BigIntegerField("รุ่น")

    class Meta:
        verbose_name = "รุ่นของหน้าสาธารณะ"
        verbose_name_plural = "รุ่นของหน้าสาธารณะ"
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key}: {self.version}"
