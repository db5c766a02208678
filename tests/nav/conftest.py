"""Navigation fixtures: the bundled Helsinki extract imported once per test session."""

from __future__ import annotations

import pytest

from glasses.nav.maps import BUNDLED_MAP, NavMap
from glasses.nav.osm_import import import_map


@pytest.fixture(scope="session")
def helsinki_store(tmp_path_factory) -> Path:
    _, path, _ = import_map(BUNDLED_MAP, tmp_path_factory.mktemp("maps"))
    return path


@pytest.fixture(scope="session")
def helsinki(helsinki_store) -> NavMap:
    from glasses.nav.store import load

    return NavMap(load(helsinki_store))
