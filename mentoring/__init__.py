"""Mentoring (pendampingan): assignments, sessions, action items, monthly check-ins."""
