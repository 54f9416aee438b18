# The steps of Semaphore's `checkout` for jobs on Outrider agents (toolbox.md §4, Errata 8-10).
# Loaded by the `checkout` function of job-shell.bash on its first call; everything here runs in the
# job's own shell, so it changes no shell option, keeps its variables local and ends with `return`,
# never `exit`. Messages, the order of git commands, exit statuses and the directory the shell is left
# in are Semaphore's, with these differences:
#   * where Semaphore's function leaves the job's shell (`cd DIR || exit` after a failed clone), this
#     one returns 1: the command fails the same way, and the job's epilogue still runs;
#   * clones and fetches are retried by a function with the `retry` script's attempts and messages,
#     but without its second word splitting, so a URL or folder with blanks stays one argument;
#   * `--use-cache` with no usable cache prints one note and clones normally (§4.5 step 3) instead
#     of failing on the cache's error, and a cached repository restored outside $HOME (Errata 10: it
#     is only used there) is removed before the clone rather than cloned over three times;
#   * SEMAPHORE_GIT_DEPTH, SEMAPHORE_GIT_CACHE_AGE and SEMAPHORE_GIT_CACHE_KEEP are read, not set.
# Not supported: the slow-clone monitor (§4.6) and the hosted metrics file.
# Needs git (2.25 or later for the sparse paths of the optimized mode), and for --use-cache the
# toolbox's `cache` command.

# checkout [--use-cache]
outrider_checkout_main() {
  if [ -z "${SEMAPHORE_GIT_BRANCH:-}" ] || [ -z "${SEMAPHORE_GIT_URL:-}" ] \
      || [ -z "${SEMAPHORE_GIT_DIR:-}" ] || [ -z "${SEMAPHORE_GIT_SHA:-}" ]; then
    printf '%s\n' "[CHECKOUT ERROR] Some of these variables are unset:" \
      "SEMAPHORE_GIT_URL=${SEMAPHORE_GIT_URL:-}" "SEMAPHORE_GIT_DIR=${SEMAPHORE_GIT_DIR:-}" \
      "SEMAPHORE_GIT_BRANCH=${SEMAPHORE_GIT_BRANCH:-}" "SEMAPHORE_GIT_SHA=${SEMAPHORE_GIT_SHA:-}"
    return 1
  fi
  rm -rf "$SEMAPHORE_GIT_DIR"

  # read by the steps below (bash's locals are visible to the functions this one calls)
  local depth="${SEMAPHORE_GIT_DEPTH:-50}" ref_type="${SEMAPHORE_GIT_REF_TYPE:-}"
  local -a clone_options=() fetch_options=()
  local sparse=""

  if [ "${1:-}" = "--use-cache" ]; then
    outrider_checkout_cached
  elif [ -n "${SEMAPHORE_GIT_PARTIAL_CLONE_FILTER:-}" ] || [ -n "${SEMAPHORE_GIT_SPARSE_CHECKOUT_PATHS:-}" ]; then
    outrider_checkout_optimized
  else
    outrider_checkout_by_ref
  fi
}

# The retry script's contract: 3 attempts, no pause, a line per failure, the last attempt's status.
outrider_checkout_retry() {
  local attempt status
  for attempt in 1 2 3; do
    "$@"
    status=$?
    [ "$status" -eq 0 ] && return 0
    if [ "$attempt" -eq 3 ]; then
      echo "[$attempt/3] Execution Failed with exit status $status. No more retries."
      return "$status"
    fi
    echo "[$attempt/3] Execution Failed with exit status $status. Retrying."
  done
}

# git clone with the mode's options first
outrider_checkout_clone() {
  outrider_checkout_retry git clone ${clone_options[@]+"${clone_options[@]}"} "$@"
}

# after a clone: into the repository, and the sparse paths there when the optimized mode has them
outrider_checkout_enter() {
  cd "$SEMAPHORE_GIT_DIR" || return 1
  if [ -n "$sparse" ]; then
    echo "Configuring sparse-checkout for paths: $sparse"
    git sparse-checkout init --cone
    # one path per word, as Semaphore's variable lists them
    # shellcheck disable=SC2086
    git sparse-checkout set $sparse
  fi
}

# whether SEMAPHORE_GIT_SHA is known here; git prints the commits between HEAD and it
outrider_checkout_revision_known() {
  if ! git rev-list HEAD.."$SEMAPHORE_GIT_SHA" 2>/dev/null; then
    echo "Revision: $SEMAPHORE_GIT_SHA not found .... Exiting"
    return 1
  fi
}

outrider_checkout_reset() {
  outrider_checkout_revision_known || return 1
  git reset --hard "$SEMAPHORE_GIT_SHA" 2>/dev/null
  return 0
}

# §4.3 / §4.2: by SEMAPHORE_GIT_REF_TYPE, without the optimized mode's options
outrider_checkout_by_ref() {
  case "$ref_type" in
    pull-request) outrider_checkout_pull_request ;;
    tag) outrider_checkout_tag ;;
    *)
      echo "Performing shallow clone with depth: $depth"
      outrider_checkout_branch
      ;;
  esac
}

# the pull request's merge ref (SEMAPHORE_GIT_REF), at depth when the server allows it
outrider_checkout_pull_request() {
  if ! outrider_checkout_clone --depth "$depth" "$SEMAPHORE_GIT_URL" "$SEMAPHORE_GIT_DIR" && [ ${#clone_options[@]} -gt 0 ]; then
    echo "Revision: $SEMAPHORE_GIT_SHA not found .... Exiting"
    return 1
  fi
  outrider_checkout_enter || return 1
  local ref="+${SEMAPHORE_GIT_REF:-}:"
  if outrider_checkout_retry git fetch ${fetch_options[@]+"${fetch_options[@]}"} --depth "$depth" origin "$ref" 2>/dev/null \
      || outrider_checkout_retry git fetch ${fetch_options[@]+"${fetch_options[@]}"} origin "$ref" 2>/dev/null; then
    git checkout -qf FETCH_HEAD
    echo "HEAD is now at $SEMAPHORE_GIT_SHA"
    return 0
  fi
  echo "Revision: $SEMAPHORE_GIT_SHA not found .... Exiting"
  return 1
}

outrider_checkout_tag() {
  local tag="${SEMAPHORE_GIT_TAG_NAME:-}"
  if ! outrider_checkout_clone --depth "$depth" -b "$tag" "$SEMAPHORE_GIT_URL" "$SEMAPHORE_GIT_DIR"; then
    echo "Release $tag not found .... Exiting"
    return 1
  fi
  outrider_checkout_enter || return 1
  git checkout -qf "$tag"
  echo "HEAD is now at $SEMAPHORE_GIT_SHA Release $tag"
  return 0
}

# the branch at depth, reset to the SHA; a full clone when the branch cannot be cloned shallow,
# the whole history when the SHA is deeper than the depth
outrider_checkout_branch() {
  if ! outrider_checkout_clone --depth "$depth" -b "$SEMAPHORE_GIT_BRANCH" "$SEMAPHORE_GIT_URL" "$SEMAPHORE_GIT_DIR"; then
    echo "Branch not found performing full clone"
    outrider_checkout_clone "$SEMAPHORE_GIT_URL" "$SEMAPHORE_GIT_DIR"
    outrider_checkout_enter || return 1
    if ! git checkout -f "$SEMAPHORE_GIT_BRANCH"; then
      echo "Branch: $SEMAPHORE_GIT_BRANCH not found .... Exiting"
      return 1
    fi
    outrider_checkout_reset
    return
  fi
  outrider_checkout_enter || return 1
  if ! git reset --hard "$SEMAPHORE_GIT_SHA" 2>/dev/null; then
    echo "SHA: $SEMAPHORE_GIT_SHA not found performing full clone"
    outrider_checkout_retry git fetch ${fetch_options[@]+"${fetch_options[@]}"} --unshallow
    outrider_checkout_reset
    return
  fi
  return 0
}

# §4.4: a partial clone and/or sparse paths; the standard checkout when git has no sparse-checkout
outrider_checkout_optimized() {
  if git sparse-checkout -h 2>&1 | grep -q "is not a git command"; then
    echo "Optimized checkout requested, but this git does not support 'sparse-checkout'; falling back to a standard checkout."
    outrider_checkout_by_ref
    return
  fi
  local filter="${SEMAPHORE_GIT_PARTIAL_CLONE_FILTER:-}"
  [ -z "$filter" ] || fetch_options=("--filter=$filter")
  clone_options=(${fetch_options[@]+"${fetch_options[@]}"} --no-checkout)
  sparse="${SEMAPHORE_GIT_SPARSE_CHECKOUT_PATHS:-}"
  echo "Performing optimized clone (filter: '${filter:-none}', sparse-paths: '${sparse:-none}', depth: $depth)"
  case "$ref_type" in
    pull-request) outrider_checkout_pull_request ;;
    tag) outrider_checkout_tag ;;
    *) outrider_checkout_branch ;;
  esac
}

# §4.5: the repository from the cache's newest git-cache- key when there is one, else a full clone;
# then the revision, and a fresh key when there was none or the newest is older than
# SEMAPHORE_GIT_CACHE_AGE seconds
outrider_checkout_cached() {
  local answer
  if ! answer="$(CACHE_FAIL_ON_ERROR=true cache list 2>&1)"; then
    local reason
    reason="$(printf '%s\n' "$answer" | sed -n 's/^error: //p' | head -n 1)"
    [ -n "$reason" ] || reason="$(printf '%s\n' "$answer" | head -n 1)"
    echo "checkout: the cache cannot be used (${reason:-it gave no answer}); cloning without --use-cache"
    outrider_checkout_full_clone
    return
  fi
  echo "[Experimental stability] Using cached Git repository."
  # as Semaphore's: stays set in the job's shell, so later cache errors fail their commands too
  export CACHE_FAIL_ON_ERROR=true
  if ! cache restore git-cache-; then
    echo "Failed to restore from the cache"
    rm -rf "$SEMAPHORE_GIT_DIR"
  fi
  local base
  if [ -d "$HOME/$SEMAPHORE_GIT_DIR" ]; then
    echo "Restored cache"
    base="$HOME"
    cd "$HOME/$SEMAPHORE_GIT_DIR" || return 1
    git remote prune origin
    outrider_checkout_retry git fetch --tags origin
    outrider_checkout_switch || return 1
  else
    # restored into a working directory other than $HOME: not used
    rm -rf "$SEMAPHORE_GIT_DIR"
    base="$PWD"
    outrider_checkout_full_clone || return 1
  fi
  outrider_checkout_refresh_cache "$base"
  return 0
}

outrider_checkout_full_clone() {
  outrider_checkout_clone "$SEMAPHORE_GIT_URL" "$SEMAPHORE_GIT_DIR"
  cd "$SEMAPHORE_GIT_DIR" || return 1
  outrider_checkout_switch
}

# in a clone with the whole history: to the pull request's ref, the tag, or the branch at the SHA
outrider_checkout_switch() {
  local tag="${SEMAPHORE_GIT_TAG_NAME:-}"
  case "$ref_type" in
    pull-request)
      if ! outrider_checkout_retry git fetch origin "+${SEMAPHORE_GIT_REF:-}:" 2>/dev/null; then
        echo "Reference: ${SEMAPHORE_GIT_REF:-} not found .... Exiting"
        return 1
      fi
      outrider_checkout_reset
      ;;
    tag)
      if ! git checkout -qf "$tag"; then
        echo "Release $tag not found .... Exiting"
        return 1
      fi
      echo "HEAD is now at $SEMAPHORE_GIT_SHA Release $tag"
      ;;
    *)
      if [ -n "$(git show-ref "${SEMAPHORE_GIT_REF:-}")" ]; then
        git checkout "$SEMAPHORE_GIT_BRANCH"
      else
        git checkout -b "$SEMAPHORE_GIT_BRANCH" -t "origin/$SEMAPHORE_GIT_BRANCH"
      fi
      outrider_checkout_reset
      ;;
  esac
}

# BASE: the folder SEMAPHORE_GIT_DIR is relative to; the shell is back in the repository afterwards
outrider_checkout_refresh_cache() {
  local base="$1" repository="$PWD" newest stored_at
  newest="$(cache list 2>&1 | grep git-cache- | awk '{ print $1 }' | head -n 1)"
  # git-cache-<job id: a UUID, 5 fields>-<epoch seconds>
  stored_at="$(printf '%s\n' "$newest" | cut -d- -f8)"
  if [[ $stored_at =~ ^[0-9]+$ ]]; then
    local age=$(($(date +%s) - stored_at))
    echo "diff: $age"
    if ((age <= ${SEMAPHORE_GIT_CACHE_AGE:-259200})); then
      echo "Git cache up-to-data."
      return 0
    fi
    echo "Git cache outdated, refreshing..."
    cd "$base" || return 1
    outrider_checkout_drop_old_keys
  else
    echo "No git cache... caching"
    cd "$base" || return 1
  fi
  cache store "git-cache-${SEMAPHORE_JOB_ID:-}-$(date +%s)" "$SEMAPHORE_GIT_DIR"
  cd "$repository" || return 1
}

# deletes the git-cache- keys but the newest SEMAPHORE_GIT_CACHE_KEEP (default 0)
outrider_checkout_drop_old_keys() {
  local keep="${SEMAPHORE_GIT_CACHE_KEEP:-0}" key
  local -a keys=()
  while IFS= read -r key; do
    keys+=("$key")
  done < <(cache list 2>&1 | grep git-cache- | awk '{ print $1 }')
  for key in ${keys[@]+"${keys[@]:$keep}"}; do
    cache delete "$key"
  done
}
