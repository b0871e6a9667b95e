"""Benchmarks: seeding a city-sized database, driving the portal under load, and the
stateless-app-tier check. Not part of the deployed application."""
