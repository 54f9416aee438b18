# Runs a toolbox command in the Outrider agent for this job (sourced by toolbox/bin/artifact,
# test-results and sem-context): sends the arguments, the working directory and the exported
# variables over the job's toolbox channel, prints what the agent prints, line by line, on the same
# stream, and exits with the command's status. The agent reads and writes the job's files itself,
# so this needs nothing but bash and curl.
#
# The reply is a line per event: 1TEXT (stdout), 2TEXT (stderr), SID (send stdin to
# /call-stdin/ID), XSTATUS (the end).

outrider_toolbox_call() {
  local command="$1" line status="" problem="" name
  shift
  if [ -z "${OUTRIDER_TOOLBOX_URL:-}" ] || [ -z "${OUTRIDER_TOOLBOX_TOKEN:-}" ]; then
    printf 'error: %s: this job has no Outrider toolbox channel (OUTRIDER_TOOLBOX_URL is not set); run it on an Outrider agent\n' "$command" >&2
    return 1
  fi
  local -a socket=()
  [ -z "${OUTRIDER_TOOLBOX_SOCKET:-}" ] || socket=(--unix-socket "$OUTRIDER_TOOLBOX_SOCKET")
  exec {reply}< <(
    {
      printf 'cwd=%s\0' "$PWD"
      [ $# -eq 0 ] || printf 'arg=%s\0' "$@"
      while IFS= read -r name; do
        printf 'env=%s=%s\0' "$name" "${!name}"
      done < <(compgen -e)
    } | curl -sS -N -X POST --data-binary @- -H "Authorization: Bearer $OUTRIDER_TOOLBOX_TOKEN" \
      "${socket[@]}" "$OUTRIDER_TOOLBOX_URL/call/$command" 2>&1
  )
  while IFS= read -r -u "$reply" line || [ -n "$line" ]; do
    case "$line" in
      1*) printf '%s\n' "${line:1}" ;;
      2*) printf '%s\n' "${line:1}" >&2 ;;
      S*) curl -sS -X PUT -T - -H "Authorization: Bearer $OUTRIDER_TOOLBOX_TOKEN" "${socket[@]}" \
            "$OUTRIDER_TOOLBOX_URL/call-stdin/${line:1}" >/dev/null ;;
      X*) status="${line:1}" ;;
      *) problem+="${problem:+ }$line" ;;
    esac
  done
  exec {reply}<&-
  if [ -z "$status" ]; then
    printf "error: %s: the agent's toolbox channel did not answer: %s\n" "$command" "${problem:-no reply}" >&2
    return 1
  fi
  return "$status"
}
