"""Passport pages anyone opens: the resolver at `/01/{gtin}[/21/{serial}]` (HTML for browsers, JSON-LD for
machines), a passport by its serial, QR codes and the platform's public keys. What is shown comes from
selectors; the level a viewer reads is decided in access.py.
"""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import parse_qsl, urlsplit

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_safe

from comeback.core.problems import Problem

from .. import access, chain, conf, gs1, present, qr, resolver, selectors, untp
from ..models import Level
from . import pages

LD_CONTEXT_VOCAB = "/ns/passport#"


def _json(data, *, status: int = 200, content_type: str = "application/json") -> HttpResponse:
    return HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False), status=status, content_type=content_type
    )


def _problem(request, problem: Problem, fmt: str) -> HttpResponse:
    if fmt == resolver.HTML:
        return render(request, "passports/resolver_error.html", {"problem": problem}, status=problem.status)
    return problem.response(instance=request.path)


def _raw_path(request) -> str:
    """The path as sent, before WSGI percent-decoding (gunicorn: RAW_URI; others: REQUEST_URI), so that
    `%2F` inside a value is not taken for a separator; the decoded path otherwise."""
    raw = request.META.get("RAW_URI") or request.META.get("REQUEST_URI") or ""
    path = urlsplit(raw).path if raw else ""
    return path if path.startswith("/01/") else request.path


def _vary(response: HttpResponse, level: str | None = None) -> HttpResponse:
    response["Vary"] = "Accept, Authorization, Cookie"
    if level and level != Level.PUBLIC:
        response["Cache-Control"] = "private, no-store"
    else:  # public data: any web app may resolve it (GS1 resolvers answer cross-origin requests)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "Link, Location"
    return response


# The resolver ---------------------------------------------------------------------------------------------
@require_safe
def resolve(request, rest: str = ""):
    try:
        fmt = resolver.negotiate(request.headers.get("Accept"))
    except Problem as problem:
        return problem.response(instance=request.path)
    query = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    try:
        link = gs1.parse(_raw_path(request), query)
        if not link.canonical:
            target = link.path + (
                f"?{request.META['QUERY_STRING']}" if request.META.get("QUERY_STRING") else ""
            )
            return _vary(HttpResponsePermanentRedirect(target))
        if link.serial is None:
            return _model(request, link, fmt)
        p = selectors.by_identifier(gtin=link.gtin, serial=link.serial)
        title = pages.title(p)
        if link.link_type or fmt == resolver.LINKSET:
            return _link_type(p, link.link_type or "linkset", title)
        viewer = access.viewer_for_request(request)
        level = access.reading_level(viewer, request.GET.get("level"))
    except Problem as problem:
        return _vary(_problem(request, problem, fmt))
    response = (
        _page(request, p, viewer, level)
        if fmt == resolver.HTML
        else _json(_ld(p, selectors.document(p, level)), content_type=resolver.CONTENT_TYPES[fmt])
    )
    response["Link"] = resolver.link_header(p.path)
    return _vary(response, level)


def _linkset_response(anchor: str, links: dict) -> HttpResponse:
    response = _json(resolver.linkset(anchor, links), content_type=resolver.LINKSET_TYPE)
    response["Link"] = resolver.context_header()
    return _vary(response)


def _link_type(p, link_type: str, title: str) -> HttpResponse:
    links = resolver.item_links(p, title=title)
    anchor = conf.absolute(p.path)
    if resolver.normalise_link_type(link_type) in resolver.ALL:
        return _linkset_response(anchor, links)
    target = resolver.pick(links, link_type, anchor=anchor)
    response = HttpResponseRedirect(target["href"], status=307)
    response["Link"] = resolver.link_header(p.path)
    return _vary(response)


def _model(request, link: gs1.DigitalLink, fmt: str) -> HttpResponse:
    product, variant = selectors.model_for_gtin(link.gtin)
    links = resolver.model_links(product, link.gtin)
    anchor = conf.absolute(link.path)
    if fmt == resolver.LINKSET or (
        link.link_type and resolver.normalise_link_type(link.link_type) in resolver.ALL
    ):
        return _linkset_response(anchor, links)
    if link.link_type:
        return _vary(
            HttpResponseRedirect(resolver.pick(links, link.link_type, anchor=anchor)["href"], status=307)
        )
    data = {
        "@context": {"schema": "https://schema.org/", "gs1": "https://gs1.org/voc/"},
        "@id": conf.absolute(link.path),
        "@type": ["gs1:Product", "schema:ProductModel"],
        "gs1:gtin": link.gtin,
        "schema:name": str(product),
        "schema:brand": product.brand.name,
        "schema:category": product.category.name,
        "schema:countryOfOrigin": product.origin or None,
        "schema:material": [m.get("material") for m in product.materials or [] if isinstance(m, dict)],
        "schema:url": links["gs1:pip"]["href"],
        "attributes": link.attributes,
    }
    if fmt != resolver.HTML:
        return _vary(_json(data, content_type=resolver.CONTENT_TYPES[fmt]))
    return _vary(
        render(
            request,
            "passports/model.html",
            {
                "product": product,
                "variant": variant,
                "gtin": link.gtin,
                "pip_url": links["gs1:pip"]["href"],
                "attributes": link.attributes,
            },
        )
    )


def _ld(p, doc: dict) -> dict:
    """The passport document with JSON-LD framing: schema.org and GS1 Web Vocabulary terms for the product,
    our vocabulary (`cb:`) for the rest."""
    product = doc["product"]
    name = " ".join(x for x in (product.get("brand"), product.get("name")) if x)
    return {
        "@context": {
            "schema": "https://schema.org/",
            "gs1": "https://gs1.org/voc/",
            "cb": conf.base_url() + LD_CONTEXT_VOCAB,
            "@vocab": conf.base_url() + LD_CONTEXT_VOCAB,
        },
        "@id": doc["uri"],
        "@type": ["gs1:Product", "schema:IndividualProduct"],
        "gs1:gtin": doc["gtin"],
        "schema:gtin14": doc["gtin"],
        "schema:serialNumber": doc["serial"],
        "schema:name": name,
        "schema:brand": {"@type": "schema:Brand", "schema:name": product.get("brand")},
        "schema:category": product.get("category_name"),
        "schema:countryOfOrigin": doc.get("origin"),
        "schema:material": [m["material"] for m in doc.get("materials", [])],
        "schema:itemCondition": {"@id": "schema:RefurbishedCondition"},
        "gs1:dpp": {"@id": conf.absolute(doc["links"]["credential"])},
        **doc,
    }


def _dates(doc: dict) -> dict:
    warranty = doc.get("warranty") or {}
    for key in ("starts", "until"):
        if isinstance(warranty.get(key), str):
            warranty[key] = date.fromisoformat(warranty[key])
    return doc


def _page(request, p, viewer: access.Viewer, level: str) -> HttpResponse:
    evs = selectors.events(p)
    doc = _dates(selectors.document(p, level))
    report = selectors.verify(p)
    battery = doc["battery_health"]
    context = {
        "p": p,
        "doc": doc,
        "level": level,
        "viewer": viewer,
        "title": pages.title(p),
        "timeline": present.timeline(p, evs, level),
        "report": report,
        "hri": gs1.element_string(p.gtin, p.serial),
        "uri": conf.absolute(p.path),
        "qr_svg": mark_safe(qr.svg(conf.absolute(p.path), title=_("QR code of this passport"), inline=True)),
        "can_write": viewer.can_write and p.status == "active",
        "may_label": pages.may_label(request.user, p),
        "battery_chart": _battery_chart(battery),
        "battery_width": max(300, 20 + 56 * len(battery[-12:])),
        "grade_label": present.GRADE_LABELS.get((doc.get("grading") or {}).get("grade"), ""),
        "route_label": present.ROUTE_LABELS.get((doc.get("route") or {}).get("route"), ""),
        "end_of_life_label": present.kind_label((doc.get("end_of_life") or {}).get("kind", "")),
        "part_source_labels": present.PART_SOURCE_LABELS,
        "levels": [lvl for lvl in Level if access.level_rank(lvl) <= access.level_rank(viewer.level)],
    }
    return render(request, "passports/passport.html", context)


def _battery_chart(points: list[dict]) -> list[dict]:
    """Bars for the battery-health chart, 0–100% over 100 px (an inline SVG: presentation attributes only)."""
    bars = []
    for i, point in enumerate(points[-12:]):
        health = max(0, min(100, int(point["health"])))
        x = 20 + i * 56
        bars.append(
            {
                "x": x,
                "y": 130 - health,
                "height": health,
                "health": health,
                "at": point["at"],
                "label_x": x + 18,
                "label_y": 124 - health,
            }
        )
    return bars


# QR codes, labels and keys ------------------------------------------------------------------------------------
@require_safe
def qr_image(request, serial: str, fmt: str):
    p = selectors.find(serial)
    if p is None:
        return HttpResponse(status=404)
    uri = conf.absolute(p.path)
    if fmt == "svg":
        response = HttpResponse(qr.svg(uri, title=uri), content_type="image/svg+xml")
    else:
        response = HttpResponse(qr.png(uri), content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def by_serial(request, serial: str):
    p = selectors.find(serial)
    return redirect(p.path) if p is not None else pages.missing(request, serial)


@require_GET
def jwks(request):
    response = JsonResponse(chain.jwks(), content_type="application/jwk-set+json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def gs1resolver(request):
    """The resolver description file (GS1-Conformant Resolver §3)."""
    response = JsonResponse(resolver.description(root=conf.base_url()))
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def did_document(request):
    response = JsonResponse(untp.did_document(), content_type="application/did+json")
    response["Access-Control-Allow-Origin"] = "*"
    return response
