"""Which definitions of the measures counted the kept figures: a fingerprint of the code a
fresh count runs (the measures, their sources' SQL, disclosure control, the contract's
vocabularies, the periods) and of the registry as it stands in this process. Kept figures are
read only by code with the same fingerprint: a new version of a definition, deployed or
redeclared, never reads figures the old one counted (kept/keeping.py counts them again).

The fingerprint covers the files' text and, in this process, every function and constant of
those modules and every measure's declaration as it is now (a declaration changed at run
time, as a test or a newcomer does, changes it too)."""

from __future__ import annotations

import functools
import hashlib
import importlib
import sys
import types
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
# what a fresh count runs: its files' text, and their functions and constants in this process
MODULE_FILES = (
    "measures",
    "disclosure",
    "kept",
    "contract.py",
    "date_sql.py",
    "periods.py",
    "schema.py",
    "values.py",
)


def _files() -> list[Path]:
    found = []
    for name in MODULE_FILES:
        path = PACKAGE / name
        found += sorted(path.glob("*.py")) if path.is_dir() else [path]
    return found


@functools.cache
def _files_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in _files():
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def _module_names() -> tuple[str, ...]:
    names = []
    for path in _files():
        parts = ["uep_data", *path.relative_to(PACKAGE).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return tuple(names)


def _modules() -> list[types.ModuleType]:
    """Every module the fingerprint covers, loaded (so that every process counts the same
    ones, whatever it has loaded so far)."""
    return [sys.modules.get(name) or importlib.import_module(name) for name in _module_names()]


def _words(value, depth: int = 0) -> str:
    """What a value contributes to the fingerprint: code by its instructions, constants and
    the values it closes over; plain values by their repr."""
    if depth > 6:
        return "..."
    if isinstance(value, types.FunctionType):
        cells = [
            _words(cell.cell_contents, depth + 1) for cell in (value.__closure__ or ()) if cell
        ]
        defaults = [_words(d, depth + 1) for d in (value.__defaults__ or ())]
        return f"fn({_code_words(value.__code__)};{cells};{defaults})"
    if isinstance(value, types.CodeType):
        return _code_words(value)
    if isinstance(value, (str, int, float, bool, type(None))):
        return repr(value)
    if isinstance(value, (tuple, list, frozenset, set)):
        items = [_words(v, depth + 1) for v in value]
        return f"{type(value).__name__}({sorted(items) if isinstance(value, (set, frozenset)) else items})"
    if isinstance(value, dict):
        return f"dict({[(_words(k, depth + 1), _words(v, depth + 1)) for k, v in value.items()]})"
    if hasattr(value, "__dataclass_fields__"):
        fields = [
            (name, _words(getattr(value, name), depth + 1)) for name in value.__dataclass_fields__
        ]
        return f"{type(value).__name__}({fields})"
    return type(value).__name__


def _code_words(code: types.CodeType) -> str:
    constants = [_words(c) for c in code.co_consts]
    return f"{code.co_name}:{code.co_code.hex()}:{constants}:{code.co_names}"


def _in_process() -> list:
    """The objects whose state this process counts with: each module's own functions and
    constants (a function put in place of another is seen), and the registry's declarations."""
    found = []
    for module in _modules():
        for name, value in sorted(vars(module).items()):
            if name.startswith("__") or (module.__name__ == __name__ and name == "_last"):
                continue
            if isinstance(value, types.FunctionType) or isinstance(
                value, (str, int, float, tuple, frozenset)
            ):
                found.append((module.__name__, name, value))
    from ..measures.dimensions import DIMENSIONS
    from ..measures.registry import MEASURES

    found.append(("registry", "MEASURES", MEASURES))
    found.append(("dimensions", "DIMENSIONS", DIMENSIONS))
    return found


_last: tuple[tuple, str] | None = None


def current() -> str:
    """The fingerprint of the definitions this process counts with (64 hex digits). Worked out
    again only when one of the objects it covers has been replaced."""
    global _last
    objects = _in_process()
    identity = tuple((module, name, id(value)) for module, name, value in objects)
    identity += tuple(id(m) for m in _registry_values())
    if _last is not None and _last[0] == identity:
        return _last[1]
    digest = hashlib.sha256(_files_fingerprint().encode())
    for module, name, value in objects:
        digest.update(f"{module}.{name}={_words(value)}\n".encode())
    _last = (identity, digest.hexdigest())
    return _last[1]


def _registry_values() -> list:
    from ..measures.registry import MEASURES

    return list(MEASURES.values())
