# Functions of a job's shell on Outrider agents: Semaphore's `checkout` (toolbox.md §4) and
# `checksum` (§4.8). The job's login shell sources this file when it starts (TerminalSession), and
# both are exported, so child bash shells (`bash -c checkout`) have them too. Defines nothing else:
# checkout's steps live in checkout.bash, loaded on its first call from $OUTRIDER_TOOLBOX_BIN/../lib,
# which a child shell inherits as well.

checkout() {
  if ! declare -F outrider_checkout_main >/dev/null; then
    if [ -z "${OUTRIDER_TOOLBOX_BIN:-}" ] || [ ! -f "$OUTRIDER_TOOLBOX_BIN/../lib/checkout.bash" ]; then
      echo "checkout: cannot find Outrider's toolbox at OUTRIDER_TOOLBOX_BIN='${OUTRIDER_TOOLBOX_BIN:-}' (lib/checkout.bash next to its bin folder); run it in a job of an Outrider agent" >&2
      return 127
    fi
    . "$OUTRIDER_TOOLBOX_BIN/../lib/checkout.bash" || return 1
  fi
  outrider_checkout_main "$@"
}

# the MD5 of a file as a bare hex digest
checksum() {
  local system
  system="$(uname)"
  case "$system" in
    Linux) md5sum "${1-}" | awk '{ print $1 }' ;;
    Darwin) md5 "${1-}" | tr -d ' ' | awk -F= '{ print $2 }' ;;
    *) echo "Unsupported distro $system"; return 1 ;;
  esac
}

export -f checkout checksum
