"""Demo employers, each with a portal contact."""

from accounts.demo import upsert_demo_user
from accounts.models import Role

from .models import Employer, EmployerContact

# name, sector, address, portal login, contact first and last name, job title
EMPLOYERS = [
    (
        "Harbour Café Group",
        "Hospitality",
        "12 Quay Street",
        "employer1",
        "Ian",
        "Walsh",
        "Operations manager",
    ),
    (
        "Greenline Logistics",
        "Transport and logistics",
        "Unit 4, Canal Park",
        "employer2",
        "Jo",
        "Mensah",
        "HR adviser",
    ),
    (
        "Brightcare Homes",
        "Health and social care",
        "80 Elm Road",
        "employer3",
        "Kit",
        "Novak",
        "Registered manager",
    ),
]


def seed_employers() -> list[Employer]:
    """Create or refresh the demo employers and their portal contacts."""
    employers = []
    for name, sector, address, username, first, last, title in EMPLOYERS:
        employer, _ = Employer.objects.update_or_create(
            name=name, defaults={"sector": sector, "address": address}
        )
        user = upsert_demo_user(
            username=username,
            first_name=first,
            last_name=last,
            role=Role.EMPLOYER_CONTACT,
            delivery_partner=None,
        )
        EmployerContact.objects.update_or_create(
            user=user,
            defaults={
                "employer": employer,
                "name": f"{first} {last}",
                "job_title": title,
                "email": user.email,
            },
        )
        employers.append(employer)
    return employers
