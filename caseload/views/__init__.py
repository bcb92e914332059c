"""Views of the caseload, one module per screen family."""
