"""Searching a market's snapshot (snapshot.py): filters, facets and the summaries and whole views a search keeps
per copy of the snapshot, so a search does work in proportion to what it finds, not to the market.

- A search without a price range or attributes reads each matching product's summary (its row, brand, category
  and attribute pairs), worked out once per copy: a dict lookup per product instead of its aggregates unpacked.
- A search that reads no words (a category page, the whole market, the popular models shown when words find
  nothing) is the same for every visitor until the snapshot changes: `remembered` keeps its ordered rows and
  facet counts (MAX_VIEWS per copy).
- A page that shows no attribute facet (search outside a category) skips counting them.

What is derived lives in the copy's `memo`: never pickled, and rebuilt after a patch (snapshot_patch.apply keeps
the summaries of the products the patch did not touch).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from itertools import chain
from typing import NamedTuple

from comeback.offers.models import GRADE_ORDER

GRADES = [g.value for g in GRADE_ORDER]
_NO_LIMIT = 1 << 62
MAX_VIEWS = 64  # whole searches kept per snapshot copy (Searching.remembered)


class Row(NamedTuple):
    """One product of a result: the aggregate of its matching offers (both search paths produce these)."""

    pid: int
    from_price: int
    offer_count: int
    grades: int  # bit i set when GRADES[i] has a matching offer
    rating: (
        float | None
    )  # best seller rating among the matching offers (the "rating" sort reads it; SQL only then)
    released: int | None  # release date ordinal (for "newest")


class Searching:
    """MarketSnapshot's search: reads `entries`, `by_category`, `variant_attrs` and keeps what it derives in `memo`."""

    def __getstate__(self) -> dict:
        return {**self.__dict__, "memo": {}}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.__dict__.setdefault("memo", {})

    def remembered(self, key, compute):
        """`compute()`'s answer for `key`, worked out once per copy of the snapshot: a search that reads no words
        (a category page, the popular models) is the same for every visitor until the next patch."""
        views = self.memo.setdefault("views", {})
        found = views.get(key)
        if found is None:
            if len(views) >= MAX_VIEWS:
                views.clear()
            found = views[key] = compute()
        return found

    def search(
        self,
        *,
        product_ids,
        brand_id,
        category_ids,
        grade,
        min_price,
        max_price,
        attrs,
        want_rating,
        attr_facets=True,
    ) -> tuple[list[Row], dict]:
        """The matching products aggregated like the SQL path, and every facet's counts, in one pass.
        Without `attr_facets` the attribute facet is left empty (a page that does not show it)."""
        if product_ids is not None:
            candidates = product_ids
        elif category_ids is not None:
            candidates = [pid for cid in sorted(category_ids) for pid in self.by_category.get(cid, ())]
        else:
            candidates = self.entries.keys()
        g_only = GRADES.index(grade) if grade else None
        if min_price is None and max_price is None and not attrs:
            rows, brands, cats, pair_sets = self._summed(
                candidates, g_only, brand_id, category_ids, attr_facets
            )
        else:
            rows, brands, cats, pair_sets = self._per_offer(
                candidates, g_only, brand_id, category_ids, min_price, max_price, attrs, want_rating
            )
        f_masks = Counter(r.grades for r in rows)
        f_attr = Counter(chain.from_iterable(pair_sets)) if attr_facets else Counter()
        f_grade = {g: sum(c for m, c in f_masks.items() if m >> i & 1) for i, g in enumerate(GRADES)}
        attr: dict[str, dict[str, int]] = defaultdict(dict)
        for (k, v), c in f_attr.items():
            attr[k][v] = c
        raw = {
            "brand": {str(b): c for b, c in Counter(brands).items()},
            "grade": {g: c for g, c in f_grade.items() if c},
            "category": {str(k): c for k, c in Counter(cats).items()},
            "attr": attr,
        }
        return rows, raw

    def _summed(self, candidates, g_only, brand_id, category_ids, attr_facets):
        """Rows from each product's aggregate (all its offers, or one grade's): a summary per product kept in the
        memo, so a search does a dict lookup and a few comparisons per matching product."""
        summaries = self.memo.setdefault(("summaries", g_only), {})
        rows, brands, cats, pair_sets = [], [], [], []
        for pid in candidates:
            s = summaries.get(pid)
            if s is None:
                if pid in summaries:
                    continue  # nothing in that grade
                s = summaries[pid] = self._summary(pid, g_only)
                if s is None:
                    continue
            row, b, c, pairs = s
            if brand_id is not None and b != brand_id:
                continue
            if category_ids is not None and c not in category_ids:
                continue
            rows.append(row)
            brands.append(b)
            cats.append(c)
            if attr_facets:
                pair_sets.append(pairs)
        return rows, brands, cats, pair_sets

    def _summary(self, pid: int, g_only: int | None):
        e = self.entries.get(pid)
        agg = None if e is None else e.everything if g_only is None else e.by_grade.get(g_only)
        if agg is None:
            return None
        n, low, mask, rating, vids, pairs = agg
        if pairs is None:
            pairs = frozenset(self._pairs(vids))
        return Row(pid, low, n, mask, rating, e.released), e.brand_id, e.category_id, pairs

    def _per_offer(
        self, candidates, g_only, brand_id, category_ids, min_price, max_price, attrs, want_rating
    ):
        """Rows from the offers within a price range or of variants with given attributes."""
        lo = min_price if min_price is not None else -1
        hi = max_price if max_price is not None else _NO_LIMIT
        wanted = dict(attrs)
        variant_ok: dict[int, bool] = {}
        rows, brands, cats, pair_sets = [], [], [], []
        entries = self.entries
        for pid in candidates:
            e = entries.get(pid)
            if e is None:
                continue
            if brand_id is not None and e.brand_id != brand_id:
                continue
            if category_ids is not None and e.category_id not in category_ids:
                continue
            n, low, mask, rating, vids = 0, _NO_LIMIT, 0, -1.0, set()
            for vid, g, prices, ratings in e.groups:
                if g_only is not None and g != g_only:
                    continue
                if wanted:
                    ok = variant_ok.get(vid)
                    if ok is None:
                        have = self.variant_attrs.get(vid, {})
                        ok = variant_ok[vid] = all(have.get(k) == v for k, v in wanted.items())
                    if not ok:
                        continue
                i, j = bisect_left(prices, lo), bisect_right(prices, hi)
                if i >= j:
                    continue
                n += j - i
                low = min(low, prices[i])
                mask |= 1 << g
                vids.add(vid)
                if want_rating:
                    rating = max(rating, max(ratings[i:j]))
            if not n:
                continue
            rows.append(Row(pid, low, n, mask, rating if want_rating else None, e.released))
            brands.append(e.brand_id)
            cats.append(e.category_id)
            pair_sets.append(self._pairs(vids))
        return rows, brands, cats, pair_sets

    def _pairs(self, variant_ids) -> set[tuple[str, str]]:
        return set(chain.from_iterable(self.variant_attrs.get(vid, {}).items() for vid in variant_ids))
