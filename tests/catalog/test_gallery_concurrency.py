"""Two uploads of a model's photos at the same moment: the cap per colour holds (real threads)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from comeback.catalog import gallery
from comeback.catalog.models import ProductImage
from comeback.core.problems import Invalid
from tests.concurrency import race

from ..factories import BrandFactory, CategoryFactory, ProductModelFactory, VariantFactory
from ..images import image_bytes


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _files(n: int, shade: int) -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile(
            f"{i}.jpg", image_bytes("JPEG", (64, 48), (shade, i * 20, 100)), content_type="image/jpeg"
        )
        for i in range(n)
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_given_two_uploads_that_each_fit_but_not_together_when_they_race_then_one_is_refused_and_the_cap_holds():
    # given: a model sold in Blue with 4 photos of it; each upload of 5 fits alone under the cap of 12
    phones = CategoryFactory(slug="smartphones", name="Smartphones", illustration="phone", battery_floor=80)
    phone = ProductModelFactory(
        category=phones, brand=BrandFactory(name="Apple", slug="apple"), name="iPhone 13"
    )
    VariantFactory(product=phone, attributes={"colour": "Blue"}, label="Blue")
    gallery.add_images(product_id=phone.pk, brand_id=None, colour="Blue", files=_files(4, 10))
    uploads = [_files(5, 100), _files(5, 200)]

    # when: both are sent at the same instant
    def upload(files):
        return lambda: gallery.add_images(
            product_id=phone.pk, brand_id=phone.brand_id, colour="Blue", files=files
        )

    results = race([upload(uploads[0]), upload(uploads[1])])

    # then: one is added, the other refused with the rule's code; never more than 12 photos of the colour,
    # and no position given twice
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], Invalid), results
    assert refused[0].code == "too_many_images"
    assert ProductImage.objects.filter(product=phone, colour="Blue").count() == 4 + 5
    positions = list(ProductImage.objects.filter(product=phone).values_list("position", flat=True))
    assert len(positions) == len(set(positions))
