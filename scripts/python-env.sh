# Shared by ./dashboard, ./run-tests and .ci/run: a virtual environment (.venv, or the folder
# UEP_VENV names) with the pinned packages (constraints.txt pins every package, not only the
# ones we name), made with a Python the project supports.

SUPPORTED_PYTHONS="3.11 3.12 3.13"
SUPPORTED_WORDS="3.11, 3.12 or 3.13"
VENV="${UEP_VENV:-.venv}"

python_version() {
    # X.Y of the Python given, or nothing if it does not run
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null
}

is_supported() {
    case " $SUPPORTED_PYTHONS " in
    *" $1 "*) return 0 ;;
    esac
    return 1
}

find_python() {
    if [ -n "${PYTHON:-}" ]; then
        # the Python asked for, or a message that says what is wrong with it (never a quiet
        # fall back to another Python, nor a message that reads as if PYTHON were unset)
        if ! command -v "$PYTHON" >/dev/null 2>&1; then
            echo "PYTHON is set to '$PYTHON', which is not a program here: set it to a Python $SUPPORTED_WORDS (or unset it)." >&2
            return 1
        fi
        local version
        version=$(python_version "$PYTHON")
        if ! is_supported "$version"; then
            echo "PYTHON is set to '$PYTHON', which is Python ${version:-unknown}: Python $SUPPORTED_WORDS is needed. Set PYTHON to one of them (or unset it)." >&2
            return 1
        fi
        echo "$PYTHON"
        return 0
    fi
    # the system's own python3 if it is one of them (Debian 12: 3.11, Ubuntu 24.04: 3.12),
    # else the newest found
    for candidate in python3 python3.13 python3.12 python3.11; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            is_supported "$(python_version "$candidate")"; then
            echo "$candidate"
            return 0
        fi
    done
    echo "Python $SUPPORTED_WORDS is needed: install one (or set PYTHON=/path/to/python3.12)." >&2
    return 1
}

find_python_version() {
    # A Python X.Y, given as X.Y: on the PATH, or one pyenv has installed (pyenv's shims
    # run only the versions it has activated, so its versions folder is looked in too).
    local wanted="$1" candidate
    for candidate in "python$wanted" "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$wanted".*/bin/python"$wanted"; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            [ "$(python_version "$candidate")" = "$wanted" ]; then
            echo "$candidate"
            return 0
        fi
    done
    echo "Python $wanted is not installed here (looked for python$wanted on the PATH and in ${PYENV_ROOT:-$HOME/.pyenv}/versions)." >&2
    return 1
}

ensure_venv() {
    local requirements="$1"
    # A .venv left half-made (stopped while it was being made, or its Python since removed
    # or broken) is made again; a link to an environment elsewhere is only named.
    if { [ -e "$VENV" ] || [ -L "$VENV" ]; } && ! "$VENV/bin/python" -c 'import pip' >/dev/null 2>&1; then
        if [ -L "$VENV" ]; then
            echo "$VENV is a link to $(readlink "$VENV"), whose Python does not run or has no pip: repair that environment or remove the link, then run this again." >&2
            return 1
        fi
        echo "The Python environment in $VENV is half-made (its Python does not run or has no pip): making it again ..." >&2
        local python
        python=$(find_python)
        "$python" -m venv --clear "$VENV"
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        local python
        python=$(find_python)
        "$python" -m venv "$VENV"
    elif [ -n "${PYTHON:-}" ]; then
        # an environment made with another Python is not quietly used instead of PYTHON's
        local made asked
        made=$(python_version "$VENV/bin/python")
        asked=$(python_version "$(find_python)") || return 1
        if [ "$made" != "$asked" ]; then
            echo "$VENV was made with Python $made, but PYTHON names Python $asked: remove $VENV (rm -r $VENV) to make it again with $asked, or unset PYTHON." >&2
            return 1
        fi
    fi
    local stamp="$VENV/.installed-$(cat "$requirements" requirements.txt constraints.txt | sha256sum | cut -c1-16)"
    if [ ! -e "$stamp" ]; then
        echo "Installing the pinned packages into $VENV (first run only) ..."
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
            -r "$requirements" -c constraints.txt
        touch "$stamp"
    fi
}
