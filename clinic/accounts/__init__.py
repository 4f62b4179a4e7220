"""Therapist sign-in beyond the password: two-factor sign-in and automatic sign-out."""
