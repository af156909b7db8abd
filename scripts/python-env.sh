# Shared by ./dashboard and ./run-tests: a Python 3.11 virtual environment in .venv with the
# pinned packages (constraints.txt pins every package, not only the ones we name).

find_python() {
    if [ -n "${PYTHON:-}" ]; then
        # the Python asked for, or a message that says what is wrong with it (never a quiet
        # fall back to another Python, nor a message that reads as if PYTHON were unset)
        if ! command -v "$PYTHON" >/dev/null 2>&1; then
            echo "PYTHON is set to '$PYTHON', which is not a program here: set it to a Python 3.11 (or unset it)." >&2
            return 1
        fi
        local version
        version=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || echo "unknown")
        if [ "$version" != "3.11" ]; then
            echo "PYTHON is set to '$PYTHON', which is Python $version: Python 3.11 is needed. Set PYTHON to a Python 3.11 (or unset it)." >&2
            return 1
        fi
        echo "$PYTHON"
        return 0
    fi
    for candidate in python3.11 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
            echo "$candidate"
            return 0
        fi
    done
    echo "Python 3.11 is needed: install it (or set PYTHON=/path/to/python3.11)." >&2
    return 1
}

ensure_venv() {
    local requirements="$1"
    # A .venv left half-made (stopped while it was being made, or its Python since removed
    # or broken) is made again; a link to an environment elsewhere is only named.
    if { [ -e .venv ] || [ -L .venv ]; } && ! .venv/bin/python -c 'import pip' >/dev/null 2>&1; then
        if [ -L .venv ]; then
            echo ".venv is a link to $(readlink .venv), whose Python does not run or has no pip: repair that environment or remove the link, then run this again." >&2
            return 1
        fi
        echo "The Python environment in .venv is half-made (its Python does not run or has no pip): making it again ..." >&2
        local python
        python=$(find_python)
        "$python" -m venv --clear .venv
    fi
    if [ ! -x .venv/bin/python ]; then
        local python
        python=$(find_python)
        "$python" -m venv .venv
    fi
    local stamp=".venv/.installed-$(cat "$requirements" requirements.txt constraints.txt | sha256sum | cut -c1-16)"
    if [ ! -e "$stamp" ]; then
        echo "Installing the pinned packages into .venv (first run only) ..."
        .venv/bin/python -m pip install --quiet --disable-pip-version-check \
            -r "$requirements" -c constraints.txt
        touch "$stamp"
    fi
}
