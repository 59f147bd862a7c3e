"""Company registry checks beyond check digits (docs/sellers.md "Verification"; docs/trust.md §3): does the VAT
number exist, and in whose name? A pluggable provider, `COMEBACK_COMPANY_REGISTRY` (setting or environment):

- `comeback.sellers.registry.RecordedRegistry` (the default): answers recorded from EU VIES and national
  registers in a JSON file (`sellers/recordings/registry.json`, or `COMEBACK_REGISTRY_RECORDING`) — the offline
  adapter the demo and the tests use;
- `comeback.sellers.registry.ViesRegistry`: the European Commission's VIES REST service, for EU VAT numbers.

An application whose VAT number a registry reports as not registered is refused (`vat_not_registered`); the
answer (valid, the registered name and address, the source, when) is kept on the application, so staff see
at verification whether the registered name matches the applicant's. A registry that does not answer refuses
nothing: the answer says "unknown" and staff check by hand.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_PROVIDER = "comeback.sellers.registry.RecordedRegistry"
RECORDING = Path(__file__).parent / "recordings" / "registry.json"
VIES_URL = "https://ec.europa.eu/taxation_customs/vies/rest-api/ms/{country}/vat/{number}"


@dataclass(frozen=True)
class RegistryAnswer:
    status: str  # valid | invalid | unknown
    name: str = ""
    address: str = ""
    source: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


class RegistryProvider:
    name = "abstract"

    def lookup(
        self, *, country: str, vat_number: str, registration: str
    ) -> RegistryAnswer:  # pragma: no cover
        raise NotImplementedError


class RecordedRegistry(RegistryProvider):
    """Recorded answers keyed by VAT number: `{"answers": {"FR44732829320": {"status": "valid", "name": …}}}`.
    A number never recorded is `unknown` (not refused)."""

    name = "recorded"

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path or getattr(settings, "COMEBACK_REGISTRY_RECORDING", None) or RECORDING)
        self.answers = json.loads(self.path.read_text(encoding="utf-8")).get("answers", {})

    def lookup(self, *, country: str, vat_number: str, registration: str) -> RegistryAnswer:
        a = self.answers.get(vat_number.replace(" ", "").upper())
        if a is None:
            return RegistryAnswer("unknown", source=self.name)
        return RegistryAnswer(
            a.get("status", "unknown"), a.get("name", ""), a.get("address", ""), a.get("source", self.name)
        )


class ViesRegistry(RegistryProvider):
    """The EU VIES REST service (EU VAT numbers only; others are `unknown`). Five seconds, then `unknown`."""

    name = "vies"

    def lookup(self, *, country: str, vat_number: str, registration: str) -> RegistryAnswer:
        vat = vat_number.replace(" ", "").upper()
        if len(vat) < 4 or not vat[:2].isalpha():
            return RegistryAnswer("unknown", source=self.name)
        url = VIES_URL.format(country=vat[:2], number=vat[2:])
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                data = json.loads(resp.read().decode("utf-8"))
        except (urllib.error.URLError, TimeoutError, ValueError, OSError):
            return RegistryAnswer("unknown", source=self.name)
        if data.get("userError") not in (None, "VALID", "INVALID"):
            return RegistryAnswer("unknown", source=self.name)
        valid = bool(data.get("isValid"))
        return RegistryAnswer(
            "valid" if valid else "invalid",
            (data.get("name") or "").strip("- "),
            (data.get("address") or "").strip("- "),
            "vies",
        )


def provider_path() -> str:
    return getattr(settings, "COMEBACK_COMPANY_REGISTRY", None) or os.environ.get(
        "COMEBACK_COMPANY_REGISTRY", DEFAULT_PROVIDER
    )


@lru_cache(maxsize=4)
def _provider(path: str) -> RegistryProvider:
    return import_string(path)()


def lookup(*, country: str, vat_number: str, registration: str) -> RegistryAnswer:
    try:
        return _provider(provider_path()).lookup(
            country=country, vat_number=vat_number, registration=registration
        )
    except Exception:  # a broken adapter refuses nothing: staff check by hand
        return RegistryAnswer("unknown", source="error")
