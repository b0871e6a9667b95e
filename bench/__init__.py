"""Benchmarks: seeding a city-sized database, driving the portal under load, and the
stateless-app-tier check. Not part of the deployed application."""

from datetime import datetime


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)
