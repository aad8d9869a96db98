"""A YAML file that cannot be parsed gives one problem, in the user's words, at its line: not the
follow-on errors of validating an empty document."""
import pytest
import yaml
from click.testing import CliRunner

from ctrxl.cli import cli
from ctrxl.definition.load import load_workspace_definition
from ctrxl.definition.yaml_io import syntax_problem
from ctrxl.workspace import open_workspace

CASES = [
    ("a:\n\tb: 1\n", "yaml.tab", 2),
    ("a: [1, 2\nb: 3\n", "yaml.unclosed_list", 2),
    ("a: {x: 1\nb: 3\n", "yaml.unclosed_map", 2),
    ("a: b: c\n", "yaml.colon_in_value", 1),
    ("a:\n  b: 1\n c: 2\n", "yaml.bad_indent", 3),
    ('a: "abc\n', "yaml.unclosed_quote", 2),
    ("a: *x\n", "yaml.undefined_alias", 1),
    ('a: "\\q"\n', "yaml.bad_escape", 1),
    ("a: 1\n---\nb: 2\n", "yaml.many_documents", 2),
]


@pytest.mark.parametrize("text,code,line", CASES, ids=[c[1] for c in CASES])
@pytest.mark.parametrize("loader", [yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)],
                         ids=["python", "libyaml"])
def test_pyyaml_problems_have_names(text, code, line, loader):
    try:
        yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        problem = syntax_problem(exc, "f.yaml")
    else:
        pytest.fail("no error")
    assert problem.code == code
    assert problem.location.line == line
    assert problem.message("vi") and problem.hint("vi")


@pytest.mark.parametrize("name", ["programme.yaml", "registry.yaml"])
def test_one_message_for_a_syntax_error(mini_ws, name):
    path = mini_ws / name
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, x in enumerate(lines) if ": " in x and not x.lstrip().startswith("#"))
    lines[index] = lines[index].split(": ")[0] + ": [oops"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    definition = load_workspace_definition(open_workspace(explicit=mini_ws))
    assert [p.code for p in definition.problems] == ["yaml.unclosed_list"]
    assert definition.problems[0].location.file == name
    result = CliRunner().invoke(cli, ["-w", str(mini_ws), "check"], env={"CTRXL_LANG": None})
    assert result.exit_code == 1
    assert f"[LỖI] {name}, dòng " in result.output
    assert "chưa đóng bằng «]»" in result.output
    assert "Vấn đề (1 lỗi, 0 cảnh báo)" in result.output
    assert "Thời hạn theo loại" not in result.output and "thiếu trường bắt buộc" not in result.output
