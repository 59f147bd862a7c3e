"""The data-wipe certificate (NIST SP 800-88 Rev. 2, "Guidelines for Media Sanitization"): its fields as
rows for the HTML page, and the same rows as a PDF (fpdf2, pure Python).

The certificate names the media (the device's model and identifier), the sanitization method (Clear, Purge
or Destroy) and technique, the tool and its version, the operator, when it started and ended, and the
verification method and result — the elements SP 800-88 asks a certificate of sanitization to record.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from comeback.core import pdf
from comeback.core.clock import rfc3339

from .models import WipeCertificate

STANDARD = "NIST SP 800-88 Rev. 2"


@dataclass(frozen=True)
class Row:
    label: str
    value: str


def rows(cert: WipeCertificate) -> list[Row]:
    t = cert.tradein
    device = _("IMEI %s") % t.imei if t.imei else _("Serial %s") % t.serial
    return [
        Row(_("Certificate"), cert.ref),
        Row(_("Standard"), STANDARD),
        Row(_("Trade-in"), t.ref),
        Row(_("Device"), f"{t.product} ({t.storage_gb} GB)" if t.storage_gb else str(t.product)),
        Row(_("Identifier"), device),
        Row(_("Method"), cert.get_method_display()),
        Row(_("Technique"), cert.technique),
        Row(_("Tool and version"), f"{cert.tool} {cert.tool_version}"),
        Row(_("Operator"), cert.operator_name),
        Row(_("Organisation"), t.store.name if t.store_id and t.channel == "store" else t.seller.legal_name),
        Row(_("Started"), rfc3339(cert.started_at)),
        Row(_("Ended"), rfc3339(cert.ended_at)),
        Row(_("Verification method"), cert.verification_method or "—"),
        Row(_("Verification result"), cert.get_verification_display()),
        Row(_("Recorded"), rfc3339(cert.created_at)),
    ]


def render_pdf(cert: WipeCertificate) -> bytes:
    return pdf.rows_pdf(
        title=_("Data sanitization certificate"),
        subtitle=_("Issued under %s on Comeback") % STANDARD,
        rows=[(row.label, row.value) for row in rows(cert)],
        footnote=_(
            "Clear applies logical techniques to sanitize data in all user-addressable storage locations; Purge "
            "applies physical or logical techniques that render target data recovery infeasible using state of the "
            "art laboratory techniques; Destroy renders target data recovery infeasible and the media unusable."
        ),
    )
