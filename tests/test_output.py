"""All-or-nothing writes."""
import os

import pytest

from reportgen.output import write_files


def test_all_files_appear(tmp_path):
    written = write_files({str(tmp_path / "a.csv"): b"a", str(tmp_path / "sub" / "b.pdf"): b"b"})
    assert [os.path.basename(p) for p in written] == ["a.csv", "b.pdf"]
    assert (tmp_path / "sub" / "b.pdf").read_bytes() == b"b"


def test_failure_keeps_previous_edition_and_leaves_no_temporaries(tmp_path):
    (tmp_path / "a.csv").write_bytes(b"old")

    class Boom(bytes):
        pass

    files = {str(tmp_path / "a.csv"): b"new", str(tmp_path / "b.pdf"): None}  # None cannot be written
    with pytest.raises(TypeError):
        write_files(files)
    assert (tmp_path / "a.csv").read_bytes() == b"old"
    assert sorted(os.listdir(tmp_path)) == ["a.csv"]


def test_an_output_folder_that_is_a_file_is_a_clear_error(tmp_path):
    from reportgen import ReportgenError
    (tmp_path / "afile").write_text("x")
    with pytest.raises(ReportgenError) as caught:
        write_files({str(tmp_path / "afile" / "a.pdf"): b"a"})
    assert "afile" in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]
