"""What a person is shown: each outcome's screen as data (outcome.py), and staff sign-in (staff_access.py)."""
