"""Build the cop extension against the installed libcop (see pyproject.toml).

The wrapper is generated here the way bindings/bindings.am generates it in
the source tree's build: SWIG 4 over cop_python.i, with cop_objects.i
listing each object type and its free function, read from the installed
headers.  pkg-config finds libcop ("cop"); PKG_CONFIG_PATH points it at a
`make install prefix=DIR`.
"""
import os
import re
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))


def pkg_config(*args):
    try:
        out = subprocess.run(["pkg-config", *args, "cop"], check=True,
                             capture_output=True, text=True).stdout
    except FileNotFoundError:
        sys.exit("cop: pkg-config is needed to find libcop")
    except subprocess.CalledProcessError as e:
        sys.exit("cop: libcop not found by pkg-config (install libcop-dev, "
                 "or set PKG_CONFIG_PATH to a `make install`'s "
                 "lib/pkgconfig): " + e.stderr.strip())
    return out.strip()


def objects_i(includedir):
    """COP_OBJECT(T, T_free) for each `COP_EXTERN(void) T_free(T *...)` in
    the headers cop.h includes (bindings/bindings.am's cop_swig_objects)."""
    top = os.path.join(includedir, "cop", "cop.h")
    with open(top, encoding="utf-8") as f:
        headers = re.findall(r'^#include "([a-z0-9_/]*\.h)"', f.read(), re.M)
    lines = []
    free = re.compile(r"^COP_EXTERN\(void\) *(cop_[a-z0-9_]*)_free *\( *\1 *\*",
                      re.M)
    for h in headers:
        with open(os.path.join(includedir, "cop", h), encoding="utf-8") as f:
            for name in free.findall(f.read()):
                lines.append("COP_OBJECT(%s, %s_free)" % (name, name))
    return "\n".join(lines) + "\n"


class BuildSwig(build_ext):
    """Generate cop_python_wrap.c with SWIG before compiling it."""

    def run(self):
        includedir = pkg_config("--variable=includedir")
        swig = shutil.which(os.environ.get("SWIG", "swig4.0")) or \
            shutil.which("swig")
        if not swig:
            sys.exit("cop: SWIG 4 is needed to build the binding (Debian: swig)")
        # The interface files: the source tree's, or copies next to this
        # file (an sdist).
        shared = os.path.join(HERE, "..", "cop.i")
        if not os.path.exists(shared):
            shared = os.path.join(HERE, "cop.i")
        out = os.path.join(self.build_temp, "swig")
        # The installed headers, copied alone: with -includeall, SWIG must
        # not see the system headers next to them (/usr/include).
        headers = os.path.join(out, "include", "cop")
        if os.path.exists(headers):
            shutil.rmtree(headers)
        shutil.copytree(os.path.join(includedir, "cop"), headers)
        with open(os.path.join(out, "cop_objects.i"), "w") as f:
            f.write(objects_i(includedir))
        wrap = os.path.join(out, "cop_python_wrap.c")
        subprocess.run([swig, "-python", "-builtin", "-threads",
                        "-interface", "_cop", "-includeall", "-ignoremissing",
                        "-w201", "-I" + os.path.join(out, "include"),
                        "-I" + os.path.dirname(os.path.abspath(shared)),
                        "-I" + out, "-outdir", out, "-o", wrap,
                        os.path.join(HERE, "cop_python.i")], check=True)
        for ext in self.extensions:
            ext.sources = [wrap]
        super().run()
        # The type stub, made from the package just built (stubgen.py).
        stubgen = os.path.join(HERE, "stubgen.py")
        if os.path.exists(stubgen):
            lib = os.path.abspath(self.build_lib)
            env = dict(os.environ, PYTHONPATH=lib)
            subprocess.run([sys.executable, stubgen,
                            os.path.join(lib, "cop", "__init__.pyi")],
                           check=True, env=env, cwd=lib)


def flags(opt, prefix):
    return [f[len(prefix):] for f in pkg_config(opt).split()
            if f.startswith(prefix)]


def version():
    return pkg_config("--modversion")


setup(
    version=version(),
    ext_modules=[Extension(
        "cop._cop", sources=["cop_python.i"],
        include_dirs=flags("--cflags-only-I", "-I"),
        library_dirs=flags("--libs-only-L", "-L"),
        libraries=flags("--libs-only-l", "-l"),
        extra_compile_args=["-Wno-missing-prototypes"],
    )],
    cmdclass={"build_ext": BuildSwig},
)
