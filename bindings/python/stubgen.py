"""Write the type stub of the cop package (PEP 561), the package's
__init__ with the .pyi suffix.

Run as `PYTHON stubgen.py OUT` with the built package importable (the
build does, for the build tree's copy of the package; setup.py does for
pip).  The
stub is made from the package as it is, so it never lags behind it:

- the object classes' properties from the C getters they are made of,
  typed from the getter's C return type (char const * -> str | None,
  cop_time -> datetime | None, an enum -> its IntEnum class, ...);
- every function and method with its Python signature (parameters
  untyped) and its result as its source says (`return Member._wrap(...)`
  is a Member, `return Listing(self, _cop.cop_member_iter_new(...))` a
  Listing[Member], no return None; else Any);
- the enums with their members, the errors with their bases.

cop.raw, the generated module, is Any.
"""
import ast
import enum
import inspect
import keyword
import os
import re
import sys
import textwrap

# Not the source package next to this file: the built one on the path.
sys.path = [p for p in sys.path
            if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))]
import cop  # noqa: E402

C_TYPES = {
    "char const *": "str | None",
    "cop_time": "_datetime.datetime | None",
    "int": "int",
    "int64_t": "int",
    "uint64_t": "int",
    "size_t": "int",
    "double": "float",
    "bool": "bool",
}

# Results the signatures cannot tell, by qualified name.
RETURNS = {
    "open": "Store",
    "Store.__enter__": "Store",
    "Store.__exit__": "None",
    "Store.close": "None",
    "Listing.__iter__": "Iterator[_T]",
    "Listing.__next__": "_T",
    "Listing.__enter__": "Listing[_T]",
    "Listing.close": "None",
    "strerror": "str",
    "error_name": "str",
}


def enum_name(ctype):
    return "".join(p.capitalize() for p in ctype[4:].split("_"))


def prop_type(cls, name):
    doc = (getattr(cls, name).__doc__ or "")
    if "in C (returns " not in doc:
        return "Any"
    ret = doc.split("in C (returns ", 1)[1].rsplit(").", 1)[0]
    if ret in C_TYPES:
        return C_TYPES[ret]
    if ret.startswith("cop_") and hasattr(cop, enum_name(ret)):
        return enum_name(ret)
    return "Any"


def params(fn, method):
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return "self, *args: Any, **kwargs: Any" if method else \
            "*args: Any, **kwargs: Any"
    out = []
    star = False
    for p in sig.parameters.values():
        if p.kind is p.VAR_POSITIONAL:
            out.append("*" + p.name + (": Any" if p.name != "self" else ""))
            star = True
            continue
        if p.kind is p.VAR_KEYWORD:
            out.append("**" + p.name + ": Any")
            continue
        if p.kind is p.KEYWORD_ONLY and not star:
            out.append("*")
            star = True
        if p.kind is p.POSITIONAL_ONLY:
            pass
        text = p.name
        if not (method and not out and p.name in ("self", "cls")):
            text += ": Any"
        if p.default is not p.empty:
            text += " = ..."
        out.append(text)
    return ", ".join(out)


def classes():
    return {n for n in dir(cop) if isinstance(getattr(cop, n), type)
            and getattr(cop, n).__module__ == "cop"}


def returns_of(node):
    """The return statements of a function, not of functions inside it."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef,
                              ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(child, ast.Return):
            yield child
        yield from returns_of(child)


def result_type(expr, known):
    """The type of a returned expression, or None when unknown."""
    if expr is None or (isinstance(expr, ast.Constant) and expr.value is None):
        return "None"
    if isinstance(expr, ast.Compare) or (isinstance(expr, ast.UnaryOp) and
                                         isinstance(expr.op, ast.Not)):
        return "bool"
    if not isinstance(expr, ast.Call):
        return None
    f = expr.func
    if isinstance(f, ast.Attribute) and f.attr == "_wrap" and \
            isinstance(f.value, ast.Name) and f.value.id in known:
        return f.value.id
    if isinstance(f, ast.Name):
        if f.id in ("bool", "str", "int", "float", "tuple", "list", "dict"):
            return f.id
        if f.id == "Listing":
            item = "Any"
            if len(expr.args) > 1 and isinstance(expr.args[1], ast.Call) and \
                    isinstance(expr.args[1].func, ast.Attribute):
                m = re.match(r"^(cop_\w+)_iter_new$", expr.args[1].func.attr)
                cls = m and cop._Object._classes.get(m.group(1))
                if cls is not None and cls.__name__ in known:
                    item = cls.__name__
            return "Listing[%s]" % item
        if f.id in known:
            return f.id
    return None


def infer(fn):
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return "Any"
    fdef = tree.body[0]
    if any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in ast.walk(fdef)):
        return "Any"
    known = classes()
    types = []
    for r in returns_of(fdef):
        t = result_type(r.value, known)
        if t is None:
            return "Any"
        if t not in types:
            types.append(t)
    if not types:
        return "None"
    if len(types) > 1 and "None" in types:
        types.remove("None")
        types.append("None")
    return " | ".join(types)


def function(lines, indent, qual, name, fn, method=False, static=False):
    ret = RETURNS.get(qual) or infer(fn)
    if static:
        lines.append(indent + "@staticmethod")
    lines.append("%sdef %s(%s) -> %s: ..." % (indent, name,
                                             params(fn, method and not static),
                                             ret))


def base_names(cls):
    names = []
    for b in cls.__bases__:
        if b is object:
            continue
        if b.__module__ == "builtins":
            names.append(b.__name__)
        elif b.__module__ == "cop" and getattr(cop, b.__name__, None) is b:
            names.append(b.__name__)
        elif issubclass(b, tuple):
            names.append("tuple[Any, ...]")
        elif issubclass(b, enum.IntEnum):
            names.append("_enum.IntEnum")
        elif b.__name__ == "_Object":
            names.append("_Object")
        else:
            names.append("Any")
    return names


def klass(lines, cls):
    name = cls.__name__
    bases = base_names(cls)
    if name == "Listing":
        bases = ["Generic[_T]"]
    lines.append("class %s%s:" % (name, "(%s)" % ", ".join(bases) if bases else ""))
    body = []
    if issubclass(cls, enum.Enum):
        for m in cls:
            body.append("    %s = %d" % (m.name, int(m)))
    fields = getattr(cls, "_fields", ())
    if issubclass(cls, tuple) and fields:
        for f in fields:
            if keyword.iskeyword(f):
                continue
            body.append("    @property")
            body.append("    def %s(self) -> Any: ..." % f)
    for attr, value in sorted(cls.__dict__.items()):
        if keyword.iskeyword(attr):
            continue   # reached with getattr() only (BadgeAward.class)
        if attr.startswith("_") and attr not in (
                "__enter__", "__exit__", "__iter__", "__next__", "__call__",
                "__len__", "__getitem__", "__contains__", "__init__",
                "__str__", "__bool__"):
            continue
        if attr in ("__init__",) and name != "Error":
            continue
        if isinstance(value, property):
            typ = prop_type(cls, attr)
            body.append("    @property")
            body.append("    def %s(self) -> %s: ..." % (attr, typ))
        elif isinstance(value, staticmethod):
            function(body, "    ", name + "." + attr, attr, value.__func__,
                     static=True)
        elif isinstance(value, classmethod):
            body.append("    @classmethod")
            function(body, "    ", name + "." + attr, attr, value.__func__,
                     method=True)
        elif inspect.isfunction(value):
            function(body, "    ", name + "." + attr, attr, value, method=True)
        elif issubclass(cls, enum.Enum):
            continue
        elif isinstance(value, (int, str, float, bytes, tuple, dict)) and \
                attr not in fields and not attr.startswith("_"):
            body.append("    %s: %s" % (attr, type(value).__name__))
    lines.extend(body or ["    ..."])
    lines.append("")


def main(out):
    lines = [
        "# The type stub of the cop package, made by bindings/python/stubgen.py",
        "# from the package itself when it is built: do not edit.",
        "import datetime as _datetime",
        "import enum as _enum",
        "from typing import Any, Generic, Iterator, TypeVar",
        "",
        "_T = TypeVar('_T')",
        "",
        "raw: Any",
        "errors: Any",
        "__version__: str",
        "__all__: list[str]",
        "",
    ]
    done = set()

    def emit(cls):
        if cls in done or cls.__module__ != "cop":
            return
        if getattr(cop, cls.__name__, None) is not cls and cls.__name__ not in (
                "_Object", "_CopEnum"):
            return   # a base not in the package (a namedtuple's)
        for b in cls.__bases__:
            if b.__module__ == "cop":
                emit(b)
        done.add(cls)
        klass(lines, cls)

    for name in sorted(dir(cop)):
        obj = getattr(cop, name)
        if isinstance(obj, type) and obj.__module__ == "cop":
            if name == obj.__name__:
                emit(obj)
    for name in sorted(dir(cop)):
        if name.startswith("_") or name in ("raw", "errors"):
            continue
        obj = getattr(cop, name)
        if isinstance(obj, type):
            if obj.__name__ != name:      # an alias (cop.IOError)
                lines.append("%s = %s" % (name, obj.__name__))
        elif inspect.isfunction(obj):
            function(lines, "", name, name, obj)
        elif isinstance(obj, (int, str, float, bytes)):
            lines.append("%s: %s" % (name, type(obj).__name__))
        elif type(obj).__module__ == "cop":   # a sentinel (cop.SYSTEM)
            lines.append("%s: %s" % (name, type(obj).__name__))
    lines.append("")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1])
