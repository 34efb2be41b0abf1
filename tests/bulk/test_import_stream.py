"""An import file is read as a stream into a temporary file, not into memory."""

import io
import json

import pytest

from assessments.bulk.imports.read import ImportRejected
from assessments.bulk.imports.stream import MAX_DEPTH, RecordFile, stream_records


def test_records_are_read_back_as_written_in_order_by_index_and_slice():
    records = [
        {"n": n, "answers": {"rel-01": n % 5 + 1}, "x": 0.5} for n in range(2500)
    ]
    kept = stream_records(io.BytesIO(json.dumps(records).encode()))
    assert len(kept) == 2500
    assert list(kept) == records
    assert kept[0] == records[0] and kept[-1] == records[-1]
    assert kept[1000:2001] == records[1000:2001]
    assert kept[10:2:-3] == records[10:2:-3]
    with pytest.raises(IndexError):
        kept[2500]


def test_several_files_gather_into_one():
    kept = RecordFile()
    stream_records(io.BytesIO(b'[{"a": 1}]'), into=kept)
    stream_records(io.BytesIO(b'[{"b": "\\u00e4"}, 2]'), into=kept)
    assert list(kept) == [{"a": 1}, {"b": "ä"}, 2]


def test_the_index_is_what_stays_in_memory():
    kept = stream_records(
        io.BytesIO(json.dumps([{"n": n} for n in range(10)]).encode())
    )
    # One 8-byte offset per record; the records themselves are on disk.
    assert kept._offsets.itemsize == 8 and len(kept._offsets) == 10


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file: malformed JSON"),
        (b"[{", "file: malformed JSON"),
        (b'{"organisation": "Acme"}', "file: expected a JSON list of records"),
        (b"[1] [2]", "file: malformed JSON"),
        (b"\xff\xfe", "file: malformed JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "file: unreadable JSON: nesting too deep"),
        (b'[{"year": ' + b"9" * 5000 + b"}]", "file: unreadable JSON"),
    ],
)
def test_a_broken_file_is_rejected_with_a_clear_message(content, message):
    with pytest.raises(ImportRejected) as error:
        stream_records(io.BytesIO(content))
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_records_may_nest_as_deep_as_answers_do():
    nested = {"answers": {"a": [[[[1]]]]}}
    assert MAX_DEPTH >= 6
    assert list(stream_records(io.BytesIO(json.dumps([nested]).encode()))) == [nested]
