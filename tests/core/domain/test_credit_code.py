import pytest

from workbench.core.domain.credit_code import check_digit, checksum_ok, normalize, shape_ok


def test_known_valid_code():
    # A published code (国家市场监督管理总局's example shape); its check digit is computed.
    code = "91440300MA5FFFFFF" + check_digit("91440300MA5FFFFFF")
    assert checksum_ok(code)


def test_wrong_check_digit_is_shape_ok_but_fails_checksum():
    good = "91440300MA5FFFFFFT"
    assert checksum_ok(good)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    assert shape_ok(bad) and not checksum_ok(bad)


@pytest.mark.parametrize("code", ["91440300MA5FFFFFF", "91440300MA5FFFFFFTT", "91440300MA5FFFFFFI",
                                  "91440300MA5FFFFFFO", "91440300MA5FFFFFF-"])
def test_shape_refuses_length_and_alphabet(code):
    assert not shape_ok(code)


def test_normalize_trims_folds_and_upper_cases():
    assert normalize(" ９１440300ma5ffffffT ") == "91440300MA5FFFFFFT"
