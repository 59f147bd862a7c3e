"""The demo's people and sellers: fictional companies in every trust state, with their listing schedules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from .context import DemoContext, email


@dataclass(frozen=True)
class SellerSpec:
    login: str  # local part of the login email
    contact: str
    display_name: str
    legal_name: str
    country: str
    registration: str
    vat: str
    address: str
    phone: str
    markets: tuple[str, ...]
    status: str
    # (sum of stars, count) of the reviews its past orders get (orders/demo_reviews.py): none for a seller
    # too new to have delivered, or whose offers buyers cannot reach
    rating: tuple[int, int]
    price_level: float  # how the seller prices against the market
    handling_days: int
    onboarded_days_ago: int | None  # verified and probation started this many days ago; None = not verified
    description: str = ""


# Fictional companies with check-digit-valid identifiers (python-stdnum); phone numbers are from ranges
# reserved for fiction (ARCEP 01 99 00, Bundesnetzagentur 030 23125, Ofcom 020 7946 0, NANP 555-01).
SELLERS: list[SellerSpec] = [
    SellerSpec(
        "seller1",
        "Claire Dubois",
        "Atelier Renaissance",
        "Atelier Renaissance SAS",
        "FR",
        "RCS Lyon 842 319 758",
        "FR64842319758",
        "14 rue de la Part-Dieu\n69003 Lyon\nFrance",
        "+33 1 99 00 14 21",
        ("FR", "DE", "GB", "US", "JP"),
        "full",
        (58, 12),
        1.04,
        1,
        1100,
        "Lyon workshop refurbishing phones and laptops since 2016; new batteries on every Premium unit.",
    ),
    SellerSpec(
        "seller2",
        "Mehdi Benali",
        "ReCell Paris",
        "ReCell France SARL",
        "FR",
        "RCS Paris 890 547 169",
        "FR07890547169",
        "87 boulevard de Ménilmontant\n75011 Paris\nFrance",
        "+33 1 99 00 27 63",
        ("FR", "DE"),
        "full",
        (27, 6),
        0.99,
        2,
        640,
        "Smartphone and tablet specialists in Paris's 11th arrondissement.",
    ),
    SellerSpec(
        "seller3",
        "Jonas Becker",
        "Zweitwerk",
        "Zweitwerk Refurbishing GmbH",
        "DE",
        "HRB 214587 B, AG Charlottenburg",
        "DE314826575",
        "Schlesische Straße 27\n10997 Berlin\nGermany",
        "+49 30 23125 418",
        ("DE", "FR", "GB"),
        "full",
        (47, 10),
        1.02,
        1,
        900,
        "Berlin refurbisher of Apple, Samsung and Nintendo devices.",
    ),
    SellerSpec(
        "seller4",
        "Lena Hoffmann",
        "Kreislauf Technik",
        "Kreislauf Technik GmbH",
        "DE",
        "HRB 108342 (Amtsgericht München)",
        "DE275193648",
        "Landsberger Straße 302\n80687 München\nGermany",
        "+49 30 23125 772",
        ("DE", "FR"),
        "full",
        (21, 5),
        0.97,
        2,
        420,
        "Business laptops and phones from corporate fleets, wiped and regraded.",
    ),
    SellerSpec(
        "seller5",
        "Priya Shah",
        "Second Spin",
        "Second Spin Refurbishment Ltd",
        "GB",
        "Companies House 11846203",
        "GB284619331",
        "Unit 4, Riverside Works\nCable Street\nManchester M4 6DA\nUnited Kingdom",
        "+44 20 7946 0183",
        ("GB", "FR", "DE", "US"),
        "full",
        (37, 8),
        1.00,
        1,
        760,
        "Manchester refurbisher for phones, consoles and outdoor clothing.",
    ),
    SellerSpec(
        "seller6",
        "Tom Gallagher",
        "Loop & Co Devices",
        "Loop and Co Devices Ltd",
        "GB",
        "Companies House 13592741",
        "GB315972404",
        "22 Temple Street\nBirmingham B2 5BN\nUnited Kingdom",
        "+44 20 7946 0742",
        ("GB",),
        "full",
        (27, 7),
        0.93,
        3,
        300,
        "Low prices, fewer frills: Birmingham's budget refurbisher.",
    ),
    SellerSpec(
        "seller7",
        "Maria Gonzalez",
        "Phoenix Refurbished",
        "Phoenix Refurbished Electronics, Inc.",
        "US",
        "EIN 84-2917365",
        "",
        "1450 W Fulton Market, Suite 300\nChicago, IL 60607\nUnited States",
        "+1 202-555-0143",
        ("US", "GB", "JP"),
        "full",
        (22, 5),
        1.01,
        2,
        820,
        "Chicago refurbisher shipping across the US, the UK and Japan.",
    ),
    SellerSpec(
        "seller8",
        "Haruto Sato",
        "Mottainai Mobile",
        "Mottainai Mobile K.K.",
        "JP",
        "Corporate number 1301104098765",
        "T1301104098765",
        "3-14-5 Nihonbashi-Ningyocho, Chuo-ku\nTokyo 103-0013\nJapan",
        "+81 3-6555-0182",
        ("JP", "US"),
        "full",
        (23, 5),
        0.98,
        1,
        540,
        "Tokyo refurbisher: もったいない, nothing wasted.",
    ),
    # One seller in each trust state.
    SellerSpec(
        "applicant",
        "Julie Lambert",
        "Seconde Chance Mobile",
        "Seconde Chance Mobile SAS",
        "FR",
        "RCS Bordeaux 913 274 601",
        "FR33913274601",
        "5 quai des Chartrons\n33000 Bordeaux\nFrance",
        "+33 1 99 00 58 10",
        ("FR",),
        "applied",
        (0, 0),
        1.0,
        1,
        None,
    ),
    SellerSpec(
        "probation",
        "Felix Wagner",
        "Neuwertig Elektronik",
        "Neuwertig Elektronik UG (haftungsbeschränkt)",
        "DE",
        "HRB 187265 (Amtsgericht Hamburg)",
        "DE308617426",
        "Stresemannstraße 150\n22769 Hamburg\nGermany",
        "+49 30 23125 905",
        ("DE", "FR"),
        "probation",
        (0, 0),
        0.96,
        1,
        3,
    ),
    SellerSpec(
        "review",
        "Olivia Brown",
        "Fresh Byte Refurbs",
        "Fresh Byte Refurbs Ltd",
        "GB",
        "Companies House 14260937",
        "GB247830504",
        "9 Quayside\nNewcastle upon Tyne NE1 3DX\nUnited Kingdom",
        "+44 20 7946 0326",
        ("GB",),
        "probation",
        (30, 7),
        0.97,
        2,
        41,
    ),
    SellerSpec(
        "suspended",
        "Kevin Miller",
        "Bargain Bytes",
        "Bargain Bytes LLC",
        "US",
        "EIN 46-3821907",
        "",
        "800 N Central Ave\nPhoenix, AZ 85004\nUnited States",
        "+1 202-555-0187",
        ("US",),
        "suspended",
        (0, 0),
        0.9,
        3,
        600,
    ),
    SellerSpec(
        "removed",
        "Nicolas Roux",
        "Reconditionné Express",
        "Reconditionné Express SARL",
        "FR",
        "RCS Marseille 885 120 436",
        "FR94885120436",
        "40 rue de la République\n13002 Marseille\nFrance",
        "+33 1 99 00 73 44",
        ("FR",),
        "removed",
        (0, 0),
        0.92,
        3,
        500,
    ),
]

# Listing schedules of the sellers in probation (docs/design.md §2: at most 5 new listings per calendar day):
# (days ago, how many). The newest day leaves room for 3 more today before the cap refuses.
PROBATION_SCHEDULES = {
    "probation": [(3, 4), (2, 5), (1, 3), (0, 2)],
    "review": [(d, 2) for d in range(41, 6, -3)],
}
TRUST_LISTINGS = {"suspended": 18, "removed": 12}


STATUS_REASONS = {
    "suspended": "Defect rate above the published threshold for more than 14 days; listings suspended until "
    "staff review the quality alerts.",
    "removed": "Removed after the probation review: repeated late shipments and defective units.",
}


def _days_since_status_change(ctx: DemoContext, s: SellerSpec) -> int:
    """Probation began at verification, a full seller was approved 40 days later; the rest is recent."""
    if s.status == "probation":
        return s.onboarded_days_ago
    if s.status == "full":
        return s.onboarded_days_ago - 40
    return ctx.rng.randint(5, 60)


# Other users: (login, name, staff).
PEOPLE = [("staff", "Inès Moreau", True), ("buyer", "Alex Martin", False)]


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


def _create_people(ctx: DemoContext) -> None:
    from comeback.accounts.models import User
    from comeback.sellers.models import Seller

    hashed = make_password(ctx.password)  # argon2 is slow on purpose: hash once, share it
    users = [
        User(
            email=email(login),
            name=name,
            is_staff=staff,
            is_superuser=staff,
            password=hashed,
            preferred_market="FR",
            date_joined=ctx.now - timedelta(days=1200),
        )
        for login, name, staff in PEOPLE
    ]
    for s in SELLERS:
        joined = ctx.now - timedelta(days=(s.onboarded_days_ago or 0) + 2)
        users.append(
            User(
                email=email(s.login),
                name=s.contact,
                password=hashed,
                preferred_market=s.country,
                date_joined=joined,
            )
        )
    User.objects.bulk_create(users)
    ctx.users = {u.email: u for u in users}

    sellers = []
    for s in SELLERS:
        onboarded = (
            ctx.now - timedelta(days=s.onboarded_days_ago) if s.onboarded_days_ago is not None else None
        )
        seller = Seller(
            user=ctx.users[email(s.login)],
            legal_name=s.legal_name,
            display_name=s.display_name,
            slug=slugify(s.display_name),
            country=s.country,
            company_registration=s.registration,
            vat_number=s.vat,
            address=s.address,
            contact_phone=s.phone,
            markets=list(s.markets),
            description=s.description,
            status=s.status,
            default_handling_days=s.handling_days,
            rating_sum=0,  # the reviews the orders demo posts add up here (ctx.ratings)
            rating_count=0,
            verified_at=onboarded,
            probation_started_at=onboarded,
        )
        # The trust process's own fields, where the sellers app has them (it owns their meaning).
        changed = ctx.now - timedelta(days=_days_since_status_change(ctx, s)) if onboarded else None
        optional = {
            "approved_at": changed if s.status == "full" else None,
            "status_changed_at": changed,
            "status_reason": STATUS_REASONS.get(s.status, ""),
        }
        if (
            s.status != "applied"
        ):  # trader traceability (DSA Art. 30) held for every shop past its application
            optional.update(
                trade_register=f"RCS {s.country} {s.registration}",
                id_document_type="id_card",
                id_document_number=f"DEMO{len(sellers) + 1:05d}",
                id_document_holder=s.legal_name,
                payment_account_at=onboarded or ctx.now,
                self_certified_at=onboarded or ctx.now,
            )
        for name, value in optional.items():
            if _has_field(Seller, name):
                setattr(seller, name, value)
        seller.save()  # one by one: Seller.save() derives the probation deadline
        sellers.append(seller)
    for seller in sellers:
        seller.created_at = seller.user.date_joined  # applied two days before verification
    Seller.objects.bulk_update(sellers, ["created_at"])
    ctx.sellers = {seller.user.email: seller for seller in sellers}
    ctx.ratings = {email(s.login): s.rating for s in SELLERS}
