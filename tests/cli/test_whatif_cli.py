"""What-if levers from the command line."""



from support import write_scenario

BASE = """schema = 1
name = "what-if"
[model]
params = 1e9
[training]
tokens = 20e9
[compute]
accelerator = "h100"
count = 8
{compute}
[pricing]
catalog = "{catalog}"
[project]
contingency = 0.1
[project.tuning]
trials = 10
scale = 0.1
[whatif]
{whatif}
"""


def test_cli_summary_of_a_ranged_overhead_exits_zero(tmp_path, capsys):
    from nlp_budget.main import main
    path = write_scenario(tmp_path, BASE.format(whatif="spot = true\npreemption_overhead = [0.05, 0.5]",
                                                compute="utilization = 0.4", catalog="aws-2025"))
    assert main(["summary", str(path)]) == 0
    assert "5%-50% preemption overhead" in capsys.readouterr().out
