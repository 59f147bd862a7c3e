"""The one image gate: content checked, size read from the header before decoding, metadata stripped."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from comeback.core import images
from comeback.core.problems import Invalid
from tests.images import JPEG, PNG, WEBP, image_bytes, jpeg_claiming, png_bomb


def upload(content: bytes, name: str = "photo.png", content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def refusal(content: bytes) -> str:
    with pytest.raises(Invalid) as refused:
        images.accept(upload(content), field="photos[0]")
    assert refused.value.errors[0]["field"] == "photos[0]"
    return refused.value.code


@pytest.mark.parametrize(
    ("content", "mime"), [(PNG, "image/png"), (JPEG, "image/jpeg"), (WEBP, "image/webp")]
)
def test_given_a_real_image_then_it_is_accepted_and_re_encoded_in_its_format(content, mime):
    photo = images.accept(upload(content), field="photo")
    assert (photo.content_type, photo.width, photo.height) == (mime, 8, 6)
    assert Image.open(io.BytesIO(photo.content)).size == (8, 6)
    assert photo.filename.endswith({"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp"}[mime])


def test_given_a_photo_with_a_gps_position_and_a_rotation_then_the_rotation_stays_and_the_exif_goes():
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x8825] = {2: (48.0, 51.0, 24.0)}  # GPS latitude
    exif[0x010F] = "PhoneMaker"
    taken = image_bytes("JPEG", size=(40, 20), exif=exif.tobytes(), comment=b"owner: Ann")
    photo = images.accept(upload(taken, "p.jpg", "image/jpeg"), field="photo")
    stored = Image.open(io.BytesIO(photo.content))
    assert stored.size == (20, 40)
    assert not stored.getexif() and "exif" not in stored.info and "comment" not in stored.info
    assert b"PhoneMaker" not in photo.content and b"owner" not in photo.content


def test_given_a_400_megapixel_png_of_a_few_hundred_kilobytes_then_it_is_refused_from_its_header():
    bomb = png_bomb()
    assert len(bomb) < 1_000_000
    assert refusal(bomb) == "photo_too_many_pixels"


@pytest.mark.parametrize("size", [(7_000, 7_000), (20_000, 20_000), (65_000, 65_000)])
def test_given_a_jpeg_claiming_more_than_40_megapixels_then_it_is_refused(size):
    assert refusal(jpeg_claiming(*size)) == "photo_too_many_pixels"


def test_given_exactly_the_pixel_limit_then_the_image_is_accepted():
    photo = images.accept(upload(jpeg_claiming(8_000, 5_000), "p.jpg", "image/jpeg"), field="photo")
    assert (photo.width, photo.height) == (8_000, 5_000)


@pytest.mark.parametrize(
    "content",
    [
        b"GIF89a\x01\x00\x01\x00",
        b"%PDF-1.7\n",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        b"",
        image_bytes("BMP"),
        image_bytes("TIFF"),
    ],
)
def test_given_anything_that_is_not_a_jpeg_png_or_webp_image_then_photo_type(content):
    assert refusal(content) == "photo_type"


def test_given_a_png_cut_short_then_photo_unreadable():
    content = image_bytes("PNG", size=(300, 300), colour=(1, 2, 3))
    big = io.BytesIO()
    Image.effect_noise((300, 300), 64).save(big, "PNG")
    assert refusal(big.getvalue()[:-400]) in {"photo_unreadable", "photo_type"}
    assert images.accept(upload(content), field="p").width == 300


def test_given_too_many_or_too_large_files_then_refused_before_reading_pixels():
    with pytest.raises(Invalid) as refused:
        images.read_photos([upload(PNG)] * (images.MAX_PHOTOS + 1))
    assert refused.value.code == "too_many_photos"
    assert refusal(PNG + b"\x00" * images.MAX_BYTES) == "photo_too_large"
