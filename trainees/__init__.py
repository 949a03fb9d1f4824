"""Trainee registry: trainees, their businesses and the Kota Bandung region table."""
