"""The type stubs (PEP 561): the package carries py.typed and a stub made
from it (bindings/python/stubgen.py), and mypy accepts the stub and the
examples in examples/python, and catches a misspelt property."""
import ast
import importlib.util
import inspect
import os
import subprocess
import sys

import pytest

import cop

PKG = os.path.dirname(cop.__file__)
STUB = os.path.join(PKG, "__init__.pyi")


def mypy(*args, cwd):
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("no mypy for %s (Debian: mypy)" % sys.executable)
    env = dict(os.environ, MYPYPATH=os.path.dirname(PKG))
    env.pop("PYTHONPATH", None)
    return subprocess.run([sys.executable, "-m", "mypy", "--no-incremental",
                           "--cache-dir", os.devnull,
                           "--python-executable", sys.executable, *args],
                          capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=600)


def stub_names():
    """{class or "": names} of what the stub declares."""
    tree = ast.parse(open(STUB, encoding="utf-8").read())
    names = {"": set()}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names[""].add(node.name)
            names[node.name] = {n.name for n in node.body
                                if isinstance(n, ast.FunctionDef)} | {
                t.id for n in node.body if isinstance(n, ast.Assign)
                for t in n.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.FunctionDef):
            names[""].add(node.name)
        elif isinstance(node, ast.AnnAssign):
            names[""].add(node.target.id)
        elif isinstance(node, ast.Assign):
            names[""].update(t.id for t in node.targets)
    return names


def test_the_package_is_typed():
    assert os.path.exists(os.path.join(PKG, "py.typed"))
    assert os.path.exists(STUB)


def test_the_stub_declares_every_public_name():
    names = stub_names()
    missing = [n for n in cop.__all__ + ["open", "raw"] if n not in names[""]]
    assert not missing, missing
    for n in cop.__all__:
        obj = getattr(cop, n)
        if not (isinstance(obj, type) and obj.__module__ == "cop"
                and n == obj.__name__):
            continue
        want = {a for a, v in vars(obj).items() if not a.startswith("_")
                and (isinstance(v, property) or inspect.isfunction(v))
                and a.isidentifier() and a not in ("class",)}
        lost = want - names.get(n, set())
        assert not lost, (n, sorted(lost))


def test_properties_are_typed_from_c():
    src = open(STUB, encoding="utf-8").read()
    assert "def handle(self) -> str | None: ..." in src
    assert "def role(self) -> Role: ..." in src
    assert "-> Listing[Member]: ..." in src
    assert "def open(uri: Any" in src and ") -> Store: ..." in src


def test_mypy_accepts_the_stub_and_the_examples(examples_dir):
    ex = os.path.join(examples_dir, "python")
    files = sorted(os.path.join(ex, f) for f in os.listdir(ex)
                   if f.endswith(".py"))
    assert files
    r = mypy(STUB, *files, cwd=examples_dir)
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_catches_what_the_stub_rules_out(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import cop\n"
        "with cop.open(':memory:', system=True) as s:\n"
        "    m = s.create_member('ama', 'Ama')\n"
        "    print(m.handel)\n"
        "    n: int = m.handle\n"
        "    for c in s.communities():\n"
        "        c.jion(m)\n")
    r = mypy(str(bad), cwd=str(tmp_path))
    assert r.returncode == 1, r.stdout + r.stderr
    assert '"Member" has no attribute "handel"' in r.stdout
    assert 'incompatible types in assignment' in r.stdout.lower()
    assert '"Community" has no attribute "jion"' in r.stdout
