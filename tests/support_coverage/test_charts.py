from support_coverage.charts import LABEL_HEIGHT, LINE_HEIGHT, LONGEST_BAR, ROW_HEIGHT, bar_chart


def test_bars_are_drawn_to_scale_with_their_values_written_after_them():
    chart = bar_chart(id="c", title="T", items=[("A", 50, "50"), ("B", 100, "100"), ("C", 0, "0")])
    widths = [bar.bar_width for bar in chart.bars]
    assert widths == [LONGEST_BAR // 2, LONGEST_BAR, 0]
    assert [bar.value_x for bar in chart.bars] == [widths[0] + 8, widths[1] + 8, 0]
    assert [bar.value_text for bar in chart.bars] == ["50", "100", "0"]
    assert chart.height == 3 * ROW_HEIGHT
    assert chart.bars[1].label_y - chart.bars[0].label_y == ROW_HEIGHT


def test_percentages_are_drawn_against_100_and_small_values_stay_visible():
    chart = bar_chart(id="c", title="T", items=[("A", 50.0, "50%"), ("B", 0.01, "0.01%")], scale_to=100)
    assert chart.bars[0].bar_width == LONGEST_BAR // 2
    assert chart.bars[1].bar_width == 1


def test_a_missing_value_has_only_its_text():
    chart = bar_chart(id="c", title="T", items=[("NLGs", None, "Programme closed"), ("NLEs", 3, "3")], unit="roles")
    assert chart.bars[0].bar_width == 0 and chart.bars[0].value_text == "Programme closed"
    assert chart.description == "A horizontal bar chart of 2 roles. Highest: NLEs, 3. The table gives every figure."


def test_description_names_the_highest_and_lowest():
    chart = bar_chart(id="c", title="T", items=[("A", 1, "1"), ("B", 5, "5"), ("C", 3, "3")], unit="regions")
    assert "Highest: B, 5. Lowest: A, 1." in chart.description


def test_an_empty_chart_has_no_division_by_zero():
    chart = bar_chart(id="c", title="T", items=[("A", 0, "0")])
    assert chart.bars[0].bar_width == 0
    assert bar_chart(id="c", title="T", items=[]).height == ROW_HEIGHT


def test_a_long_label_wraps_onto_more_lines_and_pushes_the_rows_below_down():
    long = "Initial teacher training and newly qualified teacher development"
    chart = bar_chart(id="c", title="T", items=[(long, 2, "2"), ("Maths", 1, "1")])
    lines = chart.bars[0].label_lines
    assert [text for text, _ in lines] == ["Initial teacher training and newly", "qualified teacher development"]
    assert lines[1][1] - lines[0][1] == LINE_HEIGHT
    assert chart.bars[0].bar_y == LABEL_HEIGHT + LINE_HEIGHT
    assert chart.bars[1].label_y - chart.bars[0].label_y == ROW_HEIGHT + LINE_HEIGHT
    assert chart.height == 2 * ROW_HEIGHT + LINE_HEIGHT
