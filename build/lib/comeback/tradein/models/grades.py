"""Condition: the tiers a device or garment is bought back in and the questionnaire's answers."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# Condition -----------------------------------------------------------------------------------------


class Tier(models.TextChoices):
    """Condition tiers a buyback offer prices; derived from the questionnaire (conditions.py)."""

    FLAWLESS = "flawless", _("Flawless")
    GOOD = "good", _("Good")
    USED = "used", _("Used")
    BROKEN = "broken", _("Broken")


TIER_ORDER = [Tier.FLAWLESS, Tier.GOOD, Tier.USED, Tier.BROKEN]  # best first


class Screen(models.TextChoices):
    FLAWLESS = "flawless", _("Flawless")
    SCRATCHES = "scratches", _("Scratches")
    CRACKED = "cracked", _("Cracked")


class Body(models.TextChoices):
    FLAWLESS = "flawless", _("Flawless")
    SCRATCHES = "scratches", _("Scratches")
    DENTS = "dents", _("Dents")


# The garment questionnaire's answers (garments.py maps them to a tier).


class GarmentCondition(models.TextChoices):
    NEW_WITH_TAGS = "new_with_tags", _("New with tags, never worn")
    LIKE_NEW = "like_new", _("Like new: worn a few times, no sign of wear")
    VERY_GOOD = "very_good", _("Very good: light signs of wear")
    GOOD = "good", _("Good: visible wear, still presentable")
    WORN = "worn", _("Worn: faded, stretched or misshapen")


class Stains(models.TextChoices):
    NONE = "none", _("None")
    MINOR = "minor", _("Small, hardly visible")
    MAJOR = "major", _("Visible stains")


class Holes(models.TextChoices):
    NONE = "none", _("None")
    SMALL = "small", _("Small hole or loose seam")
    LARGE = "large", _("Tear or large hole")


class Pilling(models.TextChoices):
    NONE = "none", _("None")
    LIGHT = "light", _("A little")
    HEAVY = "heavy", _("A lot")
