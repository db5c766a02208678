"""Reading import files: plain or gzip, CSV (comma or tab) or JSONL, with byte progress,
batched commits and resume. Shared by the Open Food Facts and store-price imports."""

from __future__ import annotations

import csv
import gzip
import io
import json
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from tqdm import tqdm

from glasses.errors import GlassesError

MAX_LINE_CHARS = 4 * 1024 * 1024   # one JSONL line or CSV line; longer ones are skipped unread
csv.field_size_limit(MAX_LINE_CHARS)


class RowError(ValueError):
    """A row that cannot be imported; the message is the reason counted in the report."""


@dataclass
class ImportReport:
    """What an import did. rows: data rows read in this run (resumed rows not included);
    skipped_reasons: reason -> count; resumed_from: rows skipped because an earlier run
    had imported them; error: why the file could not be read to its end ('' if it was)."""

    file: str
    kind: str
    rows: int = 0
    imported: int = 0
    skipped: int = 0
    skipped_reasons: Counter = field(default_factory=Counter)
    resumed_from: int = 0
    already_done: bool = False
    error: str = ""
    first_problem: str = ""

    def summary(self) -> str:
        if self.already_done:
            return f"{self.file}: already imported; nothing to do (use restart to import again)"
        parts = [f"{self.imported} imported"]
        if self.skipped:
            why = ", ".join(f"{n} {r}" for r, n in self.skipped_reasons.most_common(4))
            parts.append(f"{self.skipped} skipped ({why}; first at {self.first_problem})")
        if self.resumed_from:
            parts.append(f"resumed after row {self.resumed_from}")
        text = f"{self.file}: " + ", ".join(parts)
        if self.error:
            text += f"; stopped early: {self.error} (run the import again to resume)"
        return text


def _skip(report: ImportReport, row: int, reason: str) -> None:
    report.skipped += 1
    report.skipped_reasons[reason] += 1
    if not report.first_problem:
        report.first_problem = f"row {row}: {reason}"


def file_key(path: Path) -> str:
    st = path.stat()
    return f"{path.resolve()}|{st.st_size}|{int(st.st_mtime)}"


def data_format(path: Path) -> str:
    """'jsonl' or 'csv' from the file name (after removing .gz)."""
    name = path.name.lower().removesuffix(".gz")
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if name.endswith((".csv", ".tsv", ".txt")):
        return "csv"
    raise GlassesError("unknown file type: expected .csv, .tsv or .jsonl (optionally .gz)",
                       where=str(path))


class _Source:
    """A text stream over a plain or gzip file, with the raw byte position for progress."""

    def __init__(self, path: Path) -> None:
        self.raw = open(path, "rb")
        head = self.raw.read(2)
        self.raw.seek(0)
        stream = gzip.GzipFile(fileobj=self.raw) if head == b"\x1f\x8b" else self.raw
        self.text = io.TextIOWrapper(stream, encoding="utf-8", errors="replace", newline="")

    def close(self) -> None:
        self.text.close()
        self.raw.close()


class _Lines:
    """Lines of a text stream, each at most ``limit`` characters: a longer line is read on
    in ``limit``-sized pieces and thrown away (counted in ``too_long``; None is yielded in
    its place), so a 3 GB line never sits in memory."""

    def __init__(self, text: io.TextIOBase, limit: int = MAX_LINE_CHARS) -> None:
        self.text = text
        self.limit = limit
        self.too_long = 0

    def __iter__(self) -> Iterator[str | None]:
        while True:
            line = self.text.readline(self.limit)
            if not line:
                return
            if len(line) >= self.limit and not line.endswith("\n"):
                while line and not line.endswith("\n"):
                    line = self.text.readline(self.limit)
                self.too_long += 1
                yield None
                continue
            yield line


def _json_row(line: str) -> dict[str, Any] | RowError:
    try:
        obj = json.loads(line)
    except ValueError:
        return RowError("invalid JSON")
    except RecursionError:
        return RowError("JSON nested too deeply")
    return obj if isinstance(obj, dict) else RowError("not a JSON object")


def iter_records(src: _Source, fmt: str) -> Iterator[dict[str, Any] | RowError]:
    """Rows as dicts (CSV by header, JSONL objects) or RowError for a broken row."""
    lines = _Lines(src.text, MAX_LINE_CHARS)
    if fmt == "jsonl":
        for line in lines:
            if line is None:
                yield RowError("line too long")
                continue
            line = line.strip()
            if line:
                yield _json_row(line)
        return
    it = iter(lines)
    header_line = next(it, "")
    if header_line is None:
        raise GlassesError(f"the header row is longer than {MAX_LINE_CHARS} characters")
    if not header_line.strip():
        raise GlassesError("the file is empty (no header row)")
    delimiter = "\t" if header_line.count("\t") > header_line.count(",") else ","
    # Open Food Facts' tab-separated export does not quote fields: quotes are literal.
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    header = next(csv.reader([header_line], delimiter=delimiter, quoting=quoting))
    header = [h.strip().lstrip("\ufeff") for h in header]
    reader = csv.reader((line if line is not None else "\n" for line in it), delimiter=delimiter, quoting=quoting)
    seen_long = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield RowError(f"bad CSV ({str(exc).splitlines()[0][:60]})")
            continue
        while seen_long < lines.too_long:
            seen_long += 1
            yield RowError("line too long")
        if not values or all(not v.strip() for v in values):
            continue
        if len(values) != len(header):
            yield RowError("wrong number of columns")
            continue
        yield dict(zip(header, values))


def run_import(catalog, path: str | Path, kind: str, convert: Callable[[dict[str, Any]], dict[str, Any]],
               store: Callable[[list[dict[str, Any]]], int], batch_size: int = 1000,
               progress: bool = True, restart: bool = False) -> ImportReport:
    """Read ``path`` and store converted rows in transactions of ``batch_size`` rows.

    Each batch and the import's progress are committed together, so an interrupted
    import loses nothing and the next run resumes after the last committed row.
    """
    p = Path(path)
    if not p.is_file():
        raise GlassesError("file not found", where=str(p))
    fmt = data_format(p)
    key = file_key(p)
    report = ImportReport(str(p), kind)
    with catalog.lock:
        state = catalog.import_state(key)
    start = 0
    if state is not None and not restart:
        if state["finished"]:
            report.already_done = True
            report.imported = state["imported"]
            return report
        start = state["rows_done"]
        report.resumed_from = start
    imported_before = state["imported"] if state is not None and not restart else 0
    skipped_before = state["skipped"] if state is not None and not restart else 0

    src = _Source(p)
    bar = tqdm(total=p.stat().st_size, unit="B", unit_scale=True, desc=f"import {p.name}",
               disable=not progress, leave=False)
    batch: list[dict[str, Any]] = []
    rows_done = 0
    last_pos = 0

    def commit(finished: bool) -> None:
        with catalog.lock:
            try:
                if batch:
                    report.imported += store(batch)
                catalog.save_import_state(key, kind, rows_done, imported_before + report.imported,
                                          skipped_before + report.skipped, finished)
                catalog.db.commit()
            except BaseException:
                catalog.db.rollback()
                raise
        batch.clear()

    try:
        records = iter_records(src, fmt)
        while True:
            try:
                rec = next(records)
            except StopIteration:
                break
            rows_done += 1
            if rows_done <= start:
                continue
            report.rows += 1
            try:
                if isinstance(rec, RowError):
                    raise rec
                batch.append(convert(rec))
            except RowError as exc:
                _skip(report, rows_done, str(exc))
            except (ValueError, TypeError, OverflowError, RecursionError) as exc:  # a value no converter expected
                _skip(report, rows_done, f"bad value ({type(exc).__name__})")
            if len(batch) >= batch_size:
                commit(False)
            pos = src.raw.tell()
            if pos != last_pos:
                bar.update(pos - last_pos)
                last_pos = pos
        if report.rows and not report.imported and not batch and report.skipped == report.rows and not start:
            raise GlassesError(f"no row could be imported ({report.skipped} read; {report.first_problem}); "
                               f"is this {'a store price list' if kind == 'store' else 'an Open Food Facts export'}?",
                               where=str(p))
        commit(True)
    except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as exc:
        # a truncated or damaged gzip: keep every complete batch before the damage
        rows_done -= 1 if rows_done > start else 0
        batch.clear()  # the partial batch may hold a row cut in half: re-read it next time
        report.error = f"damaged or truncated file ({exc.__class__.__name__}: {exc})" if str(exc) \
            else f"damaged or truncated file ({exc.__class__.__name__})"
        report.error = report.error.splitlines()[0]
        with catalog.lock:
            committed = catalog.import_state(key)
            if committed is None:
                catalog.save_import_state(key, kind, start, imported_before, skipped_before, False)
                catalog.db.commit()
    except KeyboardInterrupt:
        report.error = "interrupted"
        raise
    finally:
        bar.close()
        src.close()
    return report
