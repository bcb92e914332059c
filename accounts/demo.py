"""Demo staff: fixed logins so anyone can try Keywork."""

from .models import DeliveryPartner, Role, User

DEMO_PASSWORD = "demo-keywork"

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


def seed_staff() -> dict[str, User]:
    """Create or refresh the demo partners and staff; return users by username."""
    partners = [
        DeliveryPartner.objects.get_or_create(name=name)[0] for name in PARTNERS
    ]
    users = {}
    for username, first, last, role, partner_index in STAFF:
        partner = None if partner_index is None else partners[partner_index]
        users[username] = upsert_demo_user(
            username=username,
            first_name=first,
            last_name=last,
            role=role,
            delivery_partner=partner,
        )
    return users


def upsert_demo_user(*, username: str, **fields) -> User:
    """Create or update one demo login with the shared demo password."""
    user, _ = User.objects.update_or_create(
        username=username,
        defaults={**fields, "email": f"{username}@keywork.example", "is_active": True},
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    return user
