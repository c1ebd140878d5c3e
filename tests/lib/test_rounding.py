from decimal import Decimal

from lib.rounding import apportion, largest_remainder, nested_percentages, percentages, share


def test_three_equal_parts_add_to_exactly_100():
    assert percentages([1, 1, 1]) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert sum(percentages([1, 1, 1])) == Decimal("100.00")


def test_the_largest_remainders_get_the_missing_hundredths():
    # raw: 16.6666…, 33.3333…, 49.9999… (of 6: 1, 2, 3 → 16.67, 33.33, 50.00)
    assert percentages([1, 2, 3]) == [Decimal("16.67"), Decimal("33.33"), Decimal("50.00")]
    # raw 14.2857…, 28.5714…, 57.1428… → floors 14.28 + 28.57 + 57.14 = 99.99; the largest remainder (.0057) wins
    assert percentages([1, 2, 4]) == [Decimal("14.29"), Decimal("28.57"), Decimal("57.14")]


def test_many_small_parts_still_add_to_100():
    parts = [Decimal("123456.78"), Decimal("1"), Decimal("7"), Decimal("99999999.99"), Decimal("3.33")] * 7
    assert sum(percentages(parts)) == Decimal("100.00")


def test_no_value_moves_by_a_full_hundredth():
    parts = [3, 3, 3, 3, 3, 3, 1]
    raw = [Decimal(p) * 100 / 19 for p in parts]
    for value, printed in zip(raw, percentages(parts), strict=True):
        assert abs(value - printed) < Decimal("0.01")


def test_an_empty_whole_gives_zeros():
    assert percentages([0, 0]) == [Decimal("0.00"), Decimal("0.00")]


def test_rounding_to_a_target_below_the_floors_takes_from_the_smallest_remainders():
    assert largest_remainder([Decimal("10.005"), Decimal("20.009")], Decimal("30.00")) == [Decimal("10.00"), Decimal("20.00")]
    assert largest_remainder([Decimal("10.001"), Decimal("20.009")], Decimal("29.99")) == [Decimal("9.99"), Decimal("20.00")]


def test_rows_add_to_their_groups_printed_figure_and_groups_to_100():
    groups = [[1, 1, 1], [2, 5], [3]]  # 13 projects
    group_pcts, rows = nested_percentages(groups)
    assert sum(group_pcts) == Decimal("100.00")
    for printed, inner in zip(group_pcts, rows, strict=True):
        assert sum(inner) == printed
    assert group_pcts == [Decimal("23.08"), Decimal("53.84"), Decimal("23.08")]
    assert rows[0] == [Decimal("7.70"), Decimal("7.69"), Decimal("7.69")]


def test_a_share_on_its_own_is_rounded_half_up():
    assert share(1, 18) == Decimal("5.56")
    assert share(Decimal("5.555"), 100) == Decimal("5.56") and share(Decimal("5.565"), 100) == Decimal("5.57")  # not to even
    assert share(5, 0) == Decimal("0.00")


def test_parts_of_a_printed_figure_add_up_to_it():
    # 1, 1 and 1 of 18 are 5.5555… each; printed as a column whose total reads 16.67
    assert apportion([1, 1, 1], 18, Decimal("16.67")) == [Decimal("5.56"), Decimal("5.56"), Decimal("5.55")]
    assert apportion([0, 0], 0, Decimal("0.00")) == [Decimal("0.00"), Decimal("0.00")]
