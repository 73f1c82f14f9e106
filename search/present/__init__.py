"""What a person is shown: each outcome's screen as data (outcome.py), its words in English and Spanish
(texts.py), and staff sign-in (staff_access.py)."""
