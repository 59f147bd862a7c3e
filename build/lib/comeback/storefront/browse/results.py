"""What a search returns: the product cards, the result with its facets, and the category tree."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comeback.catalog.conditions import grade_label
from comeback.catalog.models import Category
from comeback.core.money import Money
from comeback.web.templatetags.comeback import illustration

from .filters import SLUG


@dataclass
class ProductCard:
    product_id: int
    slug: str
    name: str
    brand_name: str
    category_slug: str
    category_name: str
    illustration: str
    from_price: Money | None
    offer_count: int
    grades: list[str]
    release_year: int | None
    brand_slug: str = ""
    rank: float | None = None  # full-text relevance when the search had words
    edition_size: int | None = None  # a numbered upcycled edition's run: the card says so, not its grades
    image: tuple[int, int] | None = (
        None  # the model's first picture (its id, a stored width); None: the drawing
    )
    page: CardPage | None = field(default=None, repr=False, compare=False)

    # What storefront/_cards.html shows, worked out in Python from what the page's cards share rather than
    # by template tags per card (a search page has up to 24), and only when a template asks: the API never does.
    @property
    def _page(self) -> CardPage:
        if self.page is None:
            self.page = CardPage()
        return self.page

    @property
    def shown(self) -> tuple:
        """Everything the card shows, for `{% fragment %}` in storefront/_cards.html (the tag adds the language):
        a price, stock or picture change makes a new key, so a kept card is never stale. Not its rank, which
        only orders the cards, so one card serves every query that finds it."""
        return (
            self.slug,
            self.name,
            self.brand_name,
            self.release_year,
            self.illustration,
            self.image,
            self.from_price,
            self.offer_count,
            self.grades,
            self.edition_size,
            self._page.locale,
        )

    @property
    def url(self) -> str:
        return self._page.product_url(self.slug)

    @property
    def illustration_url(self) -> str:
        return self._page.illustration_url(self.illustration)

    @property
    def image_url(self) -> str:
        """The model's own picture when it has one, else its category's drawing."""
        if self.image is None:
            return self.illustration_url
        return reverse("model_photo", args=(*self.image, "jpg"))

    @property
    def grade_badges(self) -> list[tuple[str, str]]:
        """(grade, label in the page's language) for each grade on offer."""
        return [(g, self._page.grade_label(g)) for g in self.grades]

    @property
    def from_price_text(self) -> str:
        """The price in the market's locale, as `{% money %}` shows it."""
        return self.from_price.format(self._page.locale) if self.from_price is not None else ""

    @property
    def offer_count_text(self) -> str:
        return ngettext("%(n)s offer", "%(n)s offers", self.offer_count) % {"n": self.offer_count}

    @property
    def edition_text(self) -> str:
        """What an upcycled edition's card says instead of its grades ("" for anything else)."""
        if not self.edition_size:
            return ""
        return ngettext(
            "Upcycled · limited edition of %(n)s piece",
            "Upcycled · limited edition of %(n)s pieces",
            self.edition_size,
        ) % {"n": self.edition_size}

    @property
    def texts(self) -> dict[str, str]:
        """The card's fixed texts in the page's language."""
        return self._page.texts


CARD_WIDTH = 320  # the rendition a card asks for (cards are about 240 px wide, sharp on dense screens)


def card_image(image_id: int | None, files) -> tuple[int, int] | None:
    """(id, width) of the stored JPEG rendition closest above a card's width, or None if nothing is stored."""
    if image_id is None:
        return None
    widths = sorted(int(key.split(".")[0]) for key in (files or {}) if key.endswith(".jpg"))
    if not widths:
        return None
    return image_id, next((w for w in widths if w >= CARD_WIDTH), widths[-1])


@dataclass
class SearchResult:
    items: list[ProductCard]
    total: int
    page: int
    pages: int
    per_page: int
    facets: dict
    q: str = ""
    sort: str = "relevance"
    market: str = ""
    currency: str = ""
    corrected_q: str | None = None  # the query actually searched when the typed one found nothing
    # The category table the search read, for the page to reuse (e.g. its fashion navigation) without a query.
    categories: list = field(default_factory=list, repr=False, compare=False)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def categories() -> list[Category]:
    return list(Category.objects.all())


def descendants(categories: list[Category], root_id: int) -> set[int]:
    """The category and every category below it."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for c in categories:
        children[c.parent_id].append(c.pk)
    out, todo = set(), [root_id]
    while todo:
        cid = todo.pop()
        if cid not in out:
            out.add(cid)
            todo.extend(children.get(cid, []))
    return out


class CardPage:
    """What the cards of one page share, each worked out once: URLs, grade labels, fixed texts.

    A product URL is the page's one reverse() with the slug put in its place: slugs need no quoting.
    """

    _SLUG = "slug-placeholder"

    def __init__(self, locale: str = "en_GB"):
        self.locale = locale  # the page's language on the market (core/locales.py), for prices
        self._product: list[str] | None = None
        self._illustrations: dict[str, str] = {}
        self._grades: dict[str, str] = {}

    def product_url(self, slug: str) -> str:
        if not SLUG.match(slug):
            return reverse("storefront:product", args=[slug])
        if self._product is None:
            self._product = reverse("storefront:product", args=[self._SLUG]).split(self._SLUG)
        return slug.join(self._product)

    def illustration_url(self, key: str) -> str:
        if key not in self._illustrations:
            self._illustrations[key] = illustration(key)
        return self._illustrations[key]

    def grade_label(self, grade: str) -> str:
        if grade not in self._grades:
            self._grades[grade] = grade_label(grade)
        return self._grades[grade]

    @cached_property
    def texts(self) -> dict[str, str]:
        return {
            "grades_available": _("Grades available"),
            "from": _("from"),
            "unavailable": _("Currently unavailable"),
        }
