"""Both READMEs explain every message the course can show: their troubleshooting sections
(Troubleshooting, 故障排除) quote each one as the learner sees it, and quote nothing the course
no longer says. The messages are read from the code by tests/_messages.py."""

import pytest

from _messages import ROOT, quoted_messages, section, stale, unexplained

README = ROOT / "README.md"
README_ZH = ROOT / "README.zh-CN.md"
TROUBLESHOOTING = "## Troubleshooting"
TABLES = {"README.md": (README, TROUBLESHOOTING), "README.zh-CN.md": (README_ZH, "## 故障排除")}


# What a row gives beside the quote, in each README's language.
EXPLAINS = {"README.md": "says what it means and what to do",
            "README.zh-CN.md": "says in Chinese what it means and what to do"}


@pytest.mark.parametrize("name", TABLES)
def test_the_readme_explains_every_message_the_course_can_show(name):
    path, heading = TABLES[name]
    table = section(path.read_text(), heading)
    quotes = quoted_messages(table)
    assert len(quotes) >= 20, f"{heading} of {name} quotes {len(quotes)} messages"
    missing = unexplained(table)
    assert not missing, (f"{name} (section {heading[3:]}) explains no message that quotes these; add "
                         "a row that quotes the message in backticks, in English as the learner "
                         f"sees it (... for the parts that vary), and {EXPLAINS[name]}:\n"
                         + "\n".join(missing))


@pytest.mark.parametrize("name", TABLES)
def test_every_message_the_readme_quotes_is_still_in_the_code(name):
    path, heading = TABLES[name]
    gone = stale(section(path.read_text(), heading))
    assert not gone, (f"{name} (section {heading[3:]}) quotes messages the course no longer shows "
                      "(reworded or removed); quote them as the code words them now: " + "; ".join(gone))


@pytest.mark.parametrize("name", TABLES)
def test_a_row_taken_out_or_a_quote_reworded_would_be_caught(name):
    # The two checks can fail, on the real tables: without its row, a message goes unexplained,
    # and a quote the code does not have (a reworded message) is reported.
    path, heading = TABLES[name]
    table = section(path.read_text(), heading)
    rows = [line for line in table.splitlines() if "`ValueError: y_hat and y must hold" in line]
    assert len(rows) == 1, f"{name}: expected one row that quotes the message of squared_loss"
    assert not unexplained(table)
    without = unexplained(table.replace(rows[0] + "\n", ""))
    assert [m.split(":")[0] for m in without] == ["d2lhelpers/training.py"], without
    assert "y_hat and y must hold as many values" in without[0]
    reworded = table + "| `ValueError: y_hat and y should have the same number of elements` | ... |\n"
    assert stale(reworded) == ["ValueError: y_hat and y should have the same number of elements"]
