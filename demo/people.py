"""The demo's fixed cast: partners, staff logins, employers and portal contacts.

Staff and portal logins are made as an administrator makes them (the admin
site); everything after that goes through the services.
"""

from __future__ import annotations

from accounts.models import DeliveryPartner, Role, User
from employers import services as employer_services
from employers.models import Employer, Relationship, Size

DEMO_PASSWORD = "demo-keywork"  # noqa: S105 (published in the README)

PARTNERS = ["Northside Futures", "Riverside Works"]

# username, first name, last name, role, partner index (None: no partner)
STAFF = [
    ("keyworker1", "Amira", "Khan", Role.KEYWORKER, 0),
    ("keyworker2", "Ben", "Okafor", Role.KEYWORKER, 0),
    ("iwso1", "Cath", "Doyle", Role.IN_WORK_SUPPORT_OFFICER, 0),
    ("manager1", "Dev", "Patel", Role.PARTNER_MANAGER, 0),
    ("keyworker3", "Ellie", "Morgan", Role.KEYWORKER, 1),
    ("keyworker4", "Femi", "Adeyemi", Role.KEYWORKER, 1),
    ("manager2", "Grace", "Lindqvist", Role.PARTNER_MANAGER, 1),
    ("programme1", "Hugh", "Barnes", Role.PROGRAMME_MANAGER, None),
]

# name, sector, address, portal login, contact first and last name, job title,
# go-to person, deputy, manager who names them, go-to person's phone,
# size, relationship, reasonable adjustments, offers (jobs, trials, placements)
EMPLOYERS = [
    (
        "Harbour Café Group",
        "Hospitality",
        "12 Quay Street",
        ("employer1", "Ian", "Walsh", "Operations manager"),
        ("keyworker1", "keyworker2", "manager1", "0113 496 0101"),
        (Size.SMALL, Relationship.ESTABLISHED, (True, True, False)),
        "Flexible start times for the first month; a quiet room for breaks.",
    ),
    (
        "Greenline Logistics",
        "Transport and logistics",
        "Unit 4, Canal Park",
        ("employer2", "Jo", "Mensah", "HR adviser"),
        ("keyworker2", "keyworker1", "manager1", "0113 496 0102"),
        (Size.MEDIUM, Relationship.WARM, (True, False, True)),
        "Written shift instructions; a named buddy for the first two weeks.",
    ),
    (
        "Brightcare Homes",
        "Health and social care",
        "80 Elm Road",
        ("employer3", "Kit", "Novak", "Registered manager"),
        ("keyworker3", "keyworker4", "manager2", "0113 496 0103"),
        (Size.LARGE, Relationship.NEW, (True, True, True)),
        "Phased hours during probation.",
    ),
]


def make_login(*, username: str, **fields) -> User:
    """Make one demo login with the shared, published demo password."""
    return User.objects.create_user(
        username=username,
        password=DEMO_PASSWORD,
        email=f"{username}@keywork.example",
        **fields,
    )


def make_staff() -> dict[str, User]:
    """Make the demo partners and staff; return users by username."""
    partners = [DeliveryPartner.objects.create(name=name) for name in PARTNERS]
    staff = {}
    for username, first, last, role, index in STAFF:
        staff[username] = make_login(
            username=username,
            first_name=first,
            last_name=last,
            role=role,
            delivery_partner=None if index is None else partners[index],
        )
    for _name, _sector, _address, _login, (go_to, *_rest, phone), *_ in EMPLOYERS:
        staff[go_to].phone = phone
        staff[go_to].save(update_fields=["phone"])
    return staff


def make_employers(staff: dict[str, User]) -> list[Employer]:
    """Add the demo employers as their go-to people did, with portal contacts."""
    employers = []
    for name, sector, address, login, go_to, details, adjustments in EMPLOYERS:
        username, first, last, title = login
        go_to_name, deputy, manager, _phone = go_to
        size, relationship, offers = details
        employer = employer_services.create_employer(
            created_by=staff[go_to_name],
            name=name,
            sector=sector,
            address=address,
            size=size,
            relationship=relationship,
            adjustments_notes=adjustments,
            offers_jobs=offers[0],
            offers_work_trials=offers[1],
            offers_placements=offers[2],
        )
        employer = employer_services.set_go_to_person(
            employer=employer,
            go_to_person=staff[go_to_name],
            deputy=staff[deputy],
            changed_by=staff[manager],
            version=employer.version,
        )
        user = make_login(
            username=username,
            first_name=first,
            last_name=last,
            role=Role.EMPLOYER_CONTACT,
        )
        employer_services.add_contact(
            employer=employer,
            user=user,
            name=f"{first} {last}",
            job_title=title,
            email=user.email,
        )
        short = name.split()[0]
        employer_services.add_contact(
            employer=employer,
            name=f"{short} HR team",
            role="hr",
            email=f"hr@{short.lower()}.example",
            phone="0113 496 0999",
        )
        employers.append(employer)
    return employers
