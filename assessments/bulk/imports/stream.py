"""Reading an import file as a stream: records are parsed one at a time (ijson) and
kept in a temporary file, one JSON line each, instead of in memory.

The checks and the writing read the records twice (plan, then write), so they are
a `Sequence`: its index holds one file offset per record, 8 bytes, and a record is
parsed again when read. A 100,000-record file then costs megabytes, not the
hundreds a list of dicts does.
"""

from __future__ import annotations

import json
import tempfile
from array import array
from collections.abc import Iterator, Sequence
from typing import BinaryIO

import ijson

from assessments.bulk.imports.read import ImportRejected
from assessments.validators import clip

# Records are flat but for their answers: deeper is not an import file.
MAX_DEPTH = 8


class RecordFile(Sequence):
    """Records kept on disk, parsed when read."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - lives with the object
        self._offsets = array("q")
        self._end = 0

    def append(self, record: object) -> None:
        line = json.dumps(record, ensure_ascii=False).encode() + b"\n"
        self._offsets.append(self._end)
        self._file.seek(self._end)
        self._file.write(line)
        self._end += len(line)

    def __len__(self) -> int:
        return len(self._offsets)

    def _read(self, start: int, stop: int) -> list:
        if start >= stop:
            return []
        end = self._offsets[stop] if stop < len(self._offsets) else self._end
        self._file.seek(self._offsets[start])
        chunk = self._file.read(end - self._offsets[start])
        return [json.loads(line) for line in chunk.splitlines()]

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            return self._read(start, stop)
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._read(index, index + 1)[0]

    def __iter__(self) -> Iterator:
        batch = 1000
        for start in range(0, len(self), batch):
            yield from self._read(start, min(len(self), start + batch))

    def close(self) -> None:
        self._file.close()


def stream_records(source: BinaryIO, into: RecordFile | None = None) -> RecordFile:
    """Parse a JSON list of records from `source` into a `RecordFile` (`into`, to
    gather several files), one record in memory at a time."""
    records = into if into is not None else RecordFile()
    try:
        # Without prefixes: a prefix grows with the depth, and a hostile depth with it.
        events = ijson.basic_parse(source, use_float=True)
        first = next(events, None)
        if first is None:
            raise ImportRejected("malformed JSON: the file is empty")
        if first[0] != "start_array":
            raise ImportRejected("expected a JSON list of records")
        _items(events, records)
        # Anything after the list is an error (ijson raises while reading it).
        for _event in events:
            pass
    except ijson.JSONError as error:
        # yajl's message, without the excerpt it draws under it.
        message = str(error).strip().strip("b'\"").splitlines()[0]
        if "overflow" in message:
            raise ImportRejected(f"unreadable JSON: {clip(message)}") from None
        raise ImportRejected(f"malformed JSON: {clip(message)}") from None
    except (ValueError, OverflowError) as error:
        raise ImportRejected(f"unreadable JSON: {clip(str(error))}") from None
    return records


def _items(events, records: RecordFile) -> None:
    """Build each item of the top-level list and keep it, until the list ends."""
    builder = None
    depth = 0
    for event, value in events:
        if depth == 0 and event == "end_array":
            return
        if event in ("start_map", "start_array"):
            depth += 1
            if depth > MAX_DEPTH:
                raise ImportRejected("unreadable JSON: nesting too deep")
        if builder is None:
            builder = ijson.ObjectBuilder()
        builder.event(event, value)
        if event in ("end_map", "end_array"):
            depth -= 1
        if depth == 0:
            records.append(builder.value)
            builder = None
