"""Tuntas: penerapan dan pelaporan SPM."""
