"""Print where `make install` puts the cop package for this interpreter.

Run as `PYTHON sitedir.py EXEC_PREFIX`, by make each time it needs the
directory (configure makes PYTHON_SITEDIR this command, in backquotes), so
`make install prefix=DIR` puts the package where the interpreters under
DIR look: the interpreter's default site directory, or a site directory
on its path, when under EXEC_PREFIX (Debian: /usr/local/lib/python3.X/
dist-packages for /usr/local, /usr/lib/python3/dist-packages for /usr);
else the posix_prefix layout under EXEC_PREFIX (its lib, then
python3.X, then site-packages: where `python3 -m venv DIR` and a Python
built with --prefix=DIR look).
"""
import sys
import sysconfig

ep = sys.argv[1].rstrip("/") or "/"


def under(path):
    # /usr/local/lib/... is not "under" /usr for this: the rest must be lib*.
    return path.startswith(ep.rstrip("/") + "/lib")


candidates = [sysconfig.get_path("platlib")]
candidates += [p for p in sys.path if p.rstrip("/").endswith("-packages")]
for path in candidates:
    if path and under(path):
        print(path.rstrip("/"))
        break
else:
    print(sysconfig.get_path("platlib", "posix_prefix",
                             {"platbase": ep, "base": ep}))
