"""API shapes of a model's official photos (catalog/gallery.py), shared by the brand's and staff's routes."""

from __future__ import annotations

from ninja import Field, Schema
from pydantic import ConfigDict

from comeback.core.schemas import Integer

from .images import model_images
from .models import ProductModel


class ModelPhotoSizeOut(Schema):
    width: int
    height: int
    webp: str = Field(..., description="URL of the WebP rendition")
    jpeg: str = Field(..., description="URL of the JPEG rendition (for browsers without WebP)")


class ModelPhotoOut(Schema):
    """An official photo of the model in every stored width."""

    id: int
    colour: str | None = Field(
        None,
        description="The colour it shows, as the variants' `colour` attribute names it; null: every colour",
    )
    alt: str
    illustration: bool = Field(False, description="A drawing of the model (the demo's), not a photo")
    width: int | None
    height: int | None
    sizes: list[ModelPhotoSizeOut]


class ModelPhotoList(Schema):
    product_id: int
    colours: list[str] = Field(..., description="The colours the model's variants are sold in")
    items: list[ModelPhotoOut] = Field(..., description="Every photo, in the order pages show them")


class ModelPhotoUploadIn(Schema):
    colour: str = Field(
        "",
        max_length=60,
        description="The colour these photos show (one of `colours`); empty for every colour",
    )
    alt: str = Field("", max_length=200, description="Alt text for every file of this upload")


class ModelPhotoOrderIn(Schema):
    model_config = ConfigDict(extra="forbid")

    image_ids: list[Integer] = Field(..., description="Every photo of the model, in the wanted order")


def photo_list(product: ProductModel, colours: list[str]) -> dict:
    """The answer of every model-photo route: the model's photos as pages show them."""
    return {
        "product_id": product.pk,
        "colours": colours,
        "items": [
            {
                "id": i.id,
                "colour": i.colour,
                "alt": i.alt,
                "illustration": i.illustration,
                "width": i.width,
                "height": i.height,
                "sizes": [
                    {"width": s.width, "height": s.height, "webp": s.webp, "jpeg": s.jpeg} for s in i.sizes
                ],
            }
            for i in model_images(product)
            if i.uploaded
        ],
    }
