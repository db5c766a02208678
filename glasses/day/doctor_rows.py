"""The day assistant's rows in ``glasses doctor``: its database and the notification inbox."""

from __future__ import annotations

from glasses.day.inbox_token import describe
from glasses.day.store import DayStore
from glasses.doctor_row import Row


def day_rows(config) -> list[Row]:
    rows = []
    try:
        store = DayStore(config.day.db_path)
        store.close()
        rows.append(Row("day data", True, str(config.day.db_path)))
    except Exception as exc:  # noqa: BLE001 - any damage is reported, never repaired here
        rows.append(Row("day data", False, str(exc).splitlines()[0],
                        "move the damaged file aside (it is never replaced automatically)"))
    rows.append(Row("notification inbox", True, describe(config.day)))
    return rows
