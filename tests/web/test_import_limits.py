"""The documented import limits (docs/finance.md): bytes and rows, on the web and the CLI.

A file over either limit is refused as a whole with 413 (web) or exit 1 (CLI), and
nothing is written; a file exactly at the row limit is accepted.
"""

import io

import pytest

from planner.finance.importing import MAX_BYTES, MAX_ROWS
from tests.web.conftest import csrf_token

CONF = "/en/manage/fourth-2020"
HEADER = "party,amount,currency,received,reference\n"


def payments_csv(rows: int) -> bytes:
    return (HEADER + "".join(f"MNG,1,USD,2019-09-01,R{n}\n" for n in range(rows))).encode()


def preview(client, content: bytes, lang: str = "en"):
    token = csrf_token(client.get(f"/{lang}/manage/fourth-2020/import").get_data(as_text=True))
    return client.post(
        f"/{lang}/manage/fourth-2020/import/preview",
        data={"csrf_token": token, "kind": "payments", "file": (io.BytesIO(content), "big.csv")},
        content_type="multipart/form-data",
    )


def file_error(response) -> str:
    page = response.get_data(as_text=True)
    return page.split('id="file-error">', 1)[1].split("</p>", 1)[0]


@pytest.fixture
def finance(signed_in, demo):
    return signed_in("finance")


def test_too_many_rows_is_a_413_import_page(finance, dump):
    before = dump()
    response = preview(finance, payments_csv(MAX_ROWS + 1))
    assert response.status_code == 413
    assert file_error(response) == (
        "The upload is larger than this site accepts. An import file may have at most "
        "16 MB and 100,000 rows; split a larger file and import the parts."
    )
    assert dump() == before


def test_too_many_bytes_is_a_413_import_page_in_chinese(finance, dump):
    before = dump()
    padding = b"," * (MAX_BYTES - len(HEADER) + 1)  # one row, one byte over the limit
    response = preview(finance, HEADER.encode() + b"MNG,1,USD,2019-09-01,R1" + padding, "zh")
    assert response.status_code == 413
    assert "最多 16 MB、100,000 行" in file_error(response)
    assert dump() == before


def test_the_cli_refuses_the_same_files(cli, demo, dump, tmp_path):
    too_many = tmp_path / "rows.csv"
    too_many.write_bytes(payments_csv(MAX_ROWS + 1))
    before = dump()
    result = cli("import", "payments", "fourth-2020", str(too_many))
    assert result.exit_code == 1
    assert result.stderr == f"error: file: has more than {MAX_ROWS:,} rows\n"
    too_big = tmp_path / "bytes.csv"
    too_big.write_bytes(payments_csv(1) + b" " * MAX_BYTES)
    result = cli("import", "payments", "fourth-2020", str(too_big), "--dry-run")
    assert result.exit_code == 1
    assert result.stderr == "error: file: is larger than 16 MB\n"
    assert dump() == before


def test_a_file_at_the_row_limit_is_checked(cli, demo, tmp_path):
    """The limit is a maximum, not an off-by-one: MAX_ROWS rows go through (dry run)."""
    at_limit = tmp_path / "limit.csv"
    at_limit.write_bytes(payments_csv(MAX_ROWS))
    result = cli("import", "payments", "fourth-2020", str(at_limit), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"{MAX_ROWS} rows checked: would add {MAX_ROWS} payments")
