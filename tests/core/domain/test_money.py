from decimal import Decimal

import pytest

from workbench.core.domain.money import AmountError, capital, fmt, parse_amount, percent, q2, s2


@pytest.mark.parametrize("raw, want", [
    ("1,234,567.89", "1234567.89"), ("1234567.89元", "1234567.89"), ("  12 ", "12.00"),
    ("１２３．５", "123.50"), (42, "42.00"), (2.5, "2.50"), (Decimal("7.1"), "7.10"),
    ("1.500", "1.50"), ("￥1,000", "1000.00"),
])
def test_parse_amount_accepts_numbers_and_text(raw, want):
    assert parse_amount(raw) == Decimal(want)


@pytest.mark.parametrize("raw, fragment", [
    ("abc", "不是数字"), ("-5", "负数"), ("1.234", "两位小数"), (2.675, "两位小数"),
    (True, "不是数字"), ("1e5x", "不是数字"), ("", "不是数字"), ("NaN", "不是数字"),
])
def test_parse_amount_refuses(raw, fragment):
    with pytest.raises(AmountError, match=fragment):
        parse_amount(raw)


def test_float_goes_through_repr_not_binary_value():
    # Decimal(2.675) is 2.67499999…; the cell said 2.675, which has three decimals.
    with pytest.raises(AmountError):
        parse_amount(2.675)
    assert parse_amount(0.1) == Decimal("0.10")


def test_rounding_is_half_up():
    assert q2(Decimal("166.665")) == Decimal("166.67")
    assert q2(Decimal("1234.565")) == Decimal("1234.57")
    assert q2(Decimal("0.005")) == Decimal("0.01")


def test_display_forms():
    assert fmt(Decimal("12345678")) == "12,345,678.00"
    assert s2(Decimal("1200000")) == "1200000.00"
    assert s2(None) is None
    assert percent(Decimal("0.40")) == "40%"
    assert percent(Decimal("0.125")) == "12.5%"


@pytest.mark.parametrize("amount, words", [
    ("1000000", "人民币壹佰万元整"),
    ("0", "人民币零元整"),
    ("1.05", "人民币壹元零伍分"),
    ("10010", "人民币壹万零壹拾元整"),
    ("100000000", "人民币壹亿元整"),
    ("120000001", "人民币壹亿贰仟万零壹元整"),
    ("1234567.89", "人民币壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
    ("0.50", "人民币伍角整"),
    ("105000", "人民币壹拾万伍仟元整"), ("100500", "人民币壹拾万零伍佰元整"),
    ("1000100", "人民币壹佰万零壹佰元整"),
])
def test_capital_follows_pboc_writing(amount, words):
    assert capital(Decimal(amount)) == words
