"""What-if levers from the command line."""

from support import WHATIF_SCENARIO, write_scenario

BASE = WHATIF_SCENARIO


def test_cli_summary_of_a_ranged_overhead_exits_zero(tmp_path, capsys):
    from nlp_budget.main import main
    path = write_scenario(tmp_path, BASE.format(whatif="spot = true\npreemption_overhead = [0.05, 0.5]",
                                                compute="utilization = 0.4", catalog="aws-2025"))
    assert main(["summary", str(path)]) == 0
    assert "5%-50% preemption overhead" in capsys.readouterr().out
