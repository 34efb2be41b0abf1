# shellcheck shell=bash
# Shared helpers for bin/serve, bin/test and .ci/run. Source it, don't run it.
#
# Expects the caller to have cd'ed to the repository root.
#
#   lmm_ensure_env runtime   # .venv + requirements.txt
#   lmm_ensure_env dev       # .venv + requirements-dev.txt (includes runtime)
#
# Reinstalling is skipped while a stamp file in .venv matches the sha256 of
# the requirement file(s), so repeated runs cost nothing.

LMM_VENV=.venv

lmm_log() { printf '%s\n' "$*" >&2; }

# Run a command as root: directly when root, else through passwordless sudo.
# Returns 1 (without running anything) when neither is possible.
lmm_as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo -n "$@"
    else
        return 1
    fi
}

lmm_apt_install() {
    command -v apt-get >/dev/null 2>&1 || return 1
    lmm_as_root apt-get update -qq || return 1
    lmm_as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "$@"
}

lmm_ensure_venv() {
    if "$LMM_VENV/bin/python" -c '' >/dev/null 2>&1; then
        return 0
    fi
    local py=${PYTHON:-python3}
    if ! command -v "$py" >/dev/null 2>&1; then
        lmm_log "error: $py not found; install Python 3.11+ first."
        return 1
    fi
    if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        lmm_log "error: $py is $("$py" -V 2>&1); the project needs Python 3.11+."
        return 1
    fi
    lmm_log "Creating virtualenv in $LMM_VENV ($("$py" -V 2>&1)) ..."
    if ! "$py" -m venv "$LMM_VENV"; then
        # Debian ships venv/ensurepip separately (python3-venv).
        rm -rf "$LMM_VENV"
        lmm_log "venv creation failed; trying to install python3-venv ..."
        if lmm_apt_install python3-venv && "$py" -m venv "$LMM_VENV"; then
            :
        else
            rm -rf "$LMM_VENV"
            lmm_log "error: could not create $LMM_VENV (on Debian: apt-get install python3-venv)."
            return 1
        fi
    fi
}

# sha256 over the given files, in order.
lmm_hash_files() {
    cat "$@" | sha256sum | cut -d' ' -f1
}

# lmm_install_requirements STAMP FILE [FILE...]
# pip-installs the first FILE unless STAMP holds the hash of all FILEs.
lmm_install_requirements() {
    local stamp=$1
    shift
    local want have=""
    want=$(lmm_hash_files "$@")
    [ -f "$stamp" ] && have=$(cat "$stamp")
    if [ "$want" = "$have" ]; then
        return 0
    fi
    lmm_log "Installing $1 into $LMM_VENV ..."
    "$LMM_VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$1" || return 1
    printf '%s\n' "$want" >"$stamp.tmp" && mv "$stamp.tmp" "$stamp"
}

lmm_ensure_env() {
    local kind=${1:-runtime}
    lmm_ensure_venv || return 1
    # requirements-dev.txt pulls in requirements.txt via -r, so hash both:
    # a change to either means the dev install is stale.
    case $kind in
        runtime)
            lmm_install_requirements "$LMM_VENV/.requirements.sha" requirements.txt
            ;;
        dev)
            lmm_install_requirements "$LMM_VENV/.requirements-dev.sha" \
                requirements-dev.txt requirements.txt || return 1
            # The dev install includes the runtime one; record that too.
            lmm_hash_files requirements.txt >"$LMM_VENV/.requirements.sha"
            ;;
        *)
            lmm_log "lmm_ensure_env: unknown kind '$kind'"
            return 1
            ;;
    esac
}

# WeasyPrint (the PDF reports) needs Debian's Pango and a font. Installs them when
# missing; returns 1 when they are still missing.
LMM_PDF_PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"
lmm_have_pango() {
    # Into a variable first: under pipefail, `grep -q` closing the pipe early would
    # make ldconfig's SIGPIPE a failure.
    local libs
    libs=$(ldconfig -p 2>/dev/null) || return 1
    case $libs in *libpango-1.0.so*) ;; *) return 1 ;; esac
    case $libs in *libpangoft2-1.0.so*) ;; *) return 1 ;; esac
    case $libs in *libharfbuzz-subset.so*) ;; *) return 1 ;; esac
}
lmm_ensure_pango() {
    lmm_have_pango && return 0
    lmm_log "Pango not found (needed for PDF reports); trying apt-get install $LMM_PDF_PACKAGES ..."
    # shellcheck disable=SC2086
    lmm_apt_install $LMM_PDF_PACKAGES >/dev/null 2>&1 || true
    lmm_have_pango
}
