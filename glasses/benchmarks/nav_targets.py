"""The issue's navigation targets, checked against the ``nav`` benchmark section."""

from __future__ import annotations

from typing import Any

from glasses.benchmarks.common import target


def nav_targets(nav: dict[str, Any]) -> dict[str, Any]:
    return {
        "nav_route_p95_ms": target((nav.get("route_ms") or {}).get("p95"), 50, unit="ms"),
        "nav_guidance_per_fix_p95_ms": target((nav.get("guidance_ms_per_fix") or {}).get("p95"), 2, unit="ms"),
        "nav_rss_added_mb": target(nav.get("rss_added_mb"), 60, unit="MB"),
    }
