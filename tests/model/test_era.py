import pytest

import reportgen.model.era as era


@pytest.mark.parametrize("text,year", [
    ("R5", 2023), ("R6", 2024), ("R元", 2019), ("R1", 2019), ("H25", 2013), ("H26", 2014),
    ("H29", 2017), ("H31", 2019), ("S64", 1989), ("令和6年度", 2024), ("平成元年", 1989),
    ("Ｒ5".replace("Ｒ", "R"), 2023), ("R５", 2023), ("2023", 2023), ("2023年度", 2023),
])
def test_parse_year(text, year):
    assert era.parse_year(text) == year


@pytest.mark.parametrize("text", ["—", "", "調整中", "R", "H32", "S65", "R0", "X5", "R5年度比増加"])
def test_not_a_year(text):
    assert era.parse_year(text) is None


def test_labels():
    assert era.era_code(2024) == "R6"
    assert era.era_name(2024) == "令和6年度"
    assert era.era_name(2019) == "令和元年度"
    assert era.era_name_with_western(2025) == "令和7年度(2025年度)"
    assert era.era_code(2013) == "H25"
    assert era.fiscal_label_en(2024) == "FY2024"


@pytest.mark.parametrize("year", range(1926, 2100))
def test_code_round_trips(year):
    assert era.parse_year(era.era_code(year)) == year
