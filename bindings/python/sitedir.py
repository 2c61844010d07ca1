"""Print where `make install` puts the cop package for this interpreter.

Run by configure as `PYTHON sitedir.py EXEC_PREFIX`: the interpreter's
default site directory, or a site directory on its path, when under
EXEC_PREFIX (Debian: /usr/local/lib/python3.X/dist-packages), written
relative to ${exec_prefix}; else the posix_prefix layout under
${exec_prefix}.
"""
import sys
import sysconfig

ep = sys.argv[1].rstrip("/")


def under(path):
    # /usr/local/lib/... is not "under" /usr for this: the rest must be lib*.
    return path.startswith(ep + "/lib")


candidates = [sysconfig.get_path("platlib")]
candidates += [p for p in sys.path if p.rstrip("/").endswith("-packages")]
for path in candidates:
    if path and under(path):
        print("${exec_prefix}" + path.rstrip("/")[len(ep):])
        break
else:
    print(sysconfig.get_path("platlib", "posix_prefix",
                             {"platbase": "${exec_prefix}", "base": "${prefix}"}))
