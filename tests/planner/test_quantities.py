import pytest

from planner.model.quantities import format_quantity, parse_quantity
from planner.model.values import Range


@pytest.mark.parametrize("text,value", [
    ("1.4T", 1.4e12), ("340M", 340e6), ("2.5k", 2500.0), ("1.4e12", 1.4e12), ("7B", 7e9), ("96", 96.0),
    ("1_000_000", 1e6), ("0.375", 0.375), (" 12 ", 12.0), ("1e-3", 1e-3), ("2,048", 2048.0),
    ("40%", 0.4), ("$2", 2.0), ("$1.125", 1.125), ("2.5 k", 2500.0), ("37.5 %", 0.375),
])
def test_parse_numbers(text, value):
    assert parse_quantity(text) == pytest.approx(value)


@pytest.mark.parametrize("text,low,high", [("0.3-0.5", 0.3, 0.5), ("1T-2T", 1e12, 2e12), ("5 to 8", 5, 8),
                                            ("100..300", 100, 300), ("1e-3-2e-3", 1e-3, 2e-3),
                                            ("[1.5T, 2.5T]", 1.5e12, 2.5e12), ("[0.3,0.5]", 0.3, 0.5),
                                            ("30%-50%", 0.3, 0.5), ("30-50%", 0.3, 0.5), ("$2-$3", 2, 3)])
def test_parse_ranges(text, low, high):
    value = parse_quantity(text)
    assert isinstance(value, Range) and value.low == pytest.approx(low) and value.high == pytest.approx(high)


@pytest.mark.parametrize("text,reason", [("", "enter a number"), ("abc", "not a number"), ("1.4X", "not a number"),
                                         ("0.5-0.3", "low to high"), ("1e999", "finite"), ("[1, 2, 3]", "low, high"),
                                         ("[1.5T", "low, high"), ("40%%", "not a number")])
def test_parse_errors_say_why(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_quantity(text)


def test_range_refused_where_not_allowed():
    with pytest.raises(ValueError):
        parse_quantity("0.3-0.5", allow_range=False)


@pytest.mark.parametrize("value,text", [(1.31072e11, "131.072B"), (340e6, "340M"), (0.4, "0.4"), (2500, "2.5k"),
                                        (64, "64"), (32000, "32k"), (Range(0.3, 0.5), "0.3-0.5"), (None, "")])
def test_format_reads_back(value, text):
    assert format_quantity(value) == text
    if value is not None:
        assert parse_quantity(text) == value


def test_whole_numbers_without_suffixes_stay_plain():
    assert format_quantity(32000, suffixes=False) == "32000"
    assert format_quantity(1024) == "1024"
