#!/usr/bin/env bash
# Builds Outrider's container image from local files only and loads it into Docker with `docker import`
# (no Dockerfile, no base image, no registry). The image holds:
#   /opt/java              a Java runtime made by jlink from a local JDK >= 21, with only the modules the
#                          distribution's jars (plugins included) need, as jdeps finds them
#   /opt/outrider          the distribution (see --dist)
#   /opt/semaphore/agent   Semaphore's agent command line: `agent start <flags>` runs `outrider start <flags>`,
#                          so Semaphore's controller (and chart) can start Outrider agents
#   /bin                   bash and busybox's tools (Debian's bash-static and busybox-static) for jobs of the
#                          shell executor, and the C library the Java runtime needs (from this machine)
#   user semaphore         uid/gid 1000, home /home/semaphore, as in Semaphore's agent image
# It runs as that user in /home/semaphore; the default command is `/opt/semaphore/agent start`, configured
# through SEMAPHORE_AGENT_* variables (e.g. SEMAPHORE_AGENT_ENDPOINT, SEMAPHORE_AGENT_TOKEN).
#
# Usage: build-image.sh [--dist DIR] [--tag NAME:TAG] [--jdk DIR]
#   --dist  an Outrider installation (an unpacked outrider.tar.gz works); default: the installation this
#           script is in (outrider/image/), else dist/target/outrider of the repository it is in
#   --tag   default: outrider:<version of the installation>
#   --jdk   a JDK >= 21 with jlink; default: $JAVA_HOME, then the newest under /usr/lib/jvm
# Needs: docker, tar, unzip, ldd, ldconfig, and apt-get (Debian/Ubuntu) for the two static packages, which are cached in
# ${XDG_CACHE_HOME:-~/.cache}/outrider/image-packages. Prints the tag it built as its last line.
set -euo pipefail
PATH="$PATH:/usr/sbin:/sbin" # ldconfig

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
# in an installation (image/build-image.sh): that installation; in the repository: the one ./dev build makes
if [ -x "$here/../bin/outrider" ]; then dist="$here/.."; else dist="$here/../../target/outrider"; fi
tag=""
jdk=""

say() { echo "build-image: $*" >&2; }
die() { echo "build-image: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --dist) [ $# -ge 2 ] || die "--dist needs a folder"; dist="$2"; shift 2 ;;
    --tag) [ $# -ge 2 ] || die "--tag needs NAME:TAG"; tag="$2"; shift 2 ;;
    --jdk) [ $# -ge 2 ] || die "--jdk needs a JDK folder"; jdk="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (usage: build-image.sh [--dist DIR] [--tag NAME:TAG] [--jdk DIR])" ;;
  esac
done

# --- what goes in ---------------------------------------------------------------------------------
[ -x "$dist/bin/outrider" ] && [ -d "$dist/lib" ] \
  || die "no Outrider installation at $dist (bin/outrider, lib/): build it with './dev build', or give --dist"
dist="$(cd "$dist" && pwd)"
core_jar=$(ls "$dist"/lib/outrider-core-*.jar 2>/dev/null | sed -n 1p)
[ -n "$core_jar" ] || die "no lib/outrider-core-*.jar in $dist"
version=$(basename "$core_jar" .jar); version=${version#outrider-core-}
[ -n "$tag" ] || tag="outrider:$version"

jdk_major() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null; }
usable_jdk() { [ -x "$1/bin/jlink" ] && [ -x "$1/bin/jdeps" ] && [ "$(jdk_major "$1")" -ge 21 ] 2>/dev/null; }
if [ -n "$jdk" ]; then
  usable_jdk "$jdk" || die "--jdk $jdk is not a JDK 21 or newer with jlink and jdeps"
elif [ -n "${JAVA_HOME:-}" ] && usable_jdk "$JAVA_HOME"; then
  jdk="$JAVA_HOME"
else
  for candidate in /usr/lib/jvm/*; do
    if usable_jdk "$candidate" && { [ -z "$jdk" ] || [ "$(jdk_major "$candidate")" -gt "$(jdk_major "$jdk")" ]; }; then
      jdk="$candidate"
    fi
  done
  [ -n "$jdk" ] || die "no JDK 21 or newer with jlink found (\$JAVA_HOME, /usr/lib/jvm); give one with --jdk"
fi
for tool in docker unzip ldd ldconfig; do command -v "$tool" >/dev/null || die "$tool is needed and not installed"; done
docker info >/dev/null 2>&1 || die "the Docker engine does not answer (docker info); start it first"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root"/{bin,etc,tmp,opt/semaphore,home/semaphore}
chmod 1777 "$root/tmp"

# --- Outrider ------------------------------------------------------------------------------------------
# The plugin zips are unpacked here: the agent runs as uid 1000 and could not unpack them into
# /opt/outrider/plugins itself. A plugin folder without its zip is loaded as it is.
cp -a "$dist" "$root/opt/outrider"
rm -f "$root"/opt/outrider/lib/*.jsa "$root"/opt/outrider/lib/*.aot
for zip in "$root"/opt/outrider/plugins/*.zip; do
  [ -e "$zip" ] || continue
  rm -rf "${zip%.zip}" && mkdir "${zip%.zip}" && unzip -q "$zip" -d "${zip%.zip}" && rm "$zip"
done

# --- Java runtime -------------------------------------------------------------------------------------
mkdir -p "$work/jars"
for jar in "$root"/opt/outrider/lib/*.jar "$root"/opt/outrider/plugins/*/lib/*.jar; do
  [ -e "$jar" ] && ln -s "$jar" "$work/jars/$(echo "${jar#"$root"/opt/outrider/}" | tr / _)"
done
say "jdeps: modules the $(ls "$work/jars" | wc -l) jars need (JDK $(jdk_major "$jdk") at $jdk)"
modules=$("$jdk/bin/jdeps" --multi-release "$(jdk_major "$jdk")" --ignore-missing-deps --print-module-deps -q "$work"/jars/*.jar)
# Looked up by name at run time, so jdeps cannot see them: ZIP file systems (plugin zips), DNS through JNDI
# (Netty's resolver), elliptic-curve TLS (a separate module before JDK 22).
extra=jdk.zipfs,jdk.naming.dns
# (no grep -q, head or awk 'exit' after a pipe in this script: an early reader makes the writer die of SIGPIPE,
# which pipefail turns into a failure, and set -e into a silent exit, depending on timing)
"$jdk/bin/java" --list-modules 2>/dev/null | grep '^jdk.crypto.ec@' >/dev/null && extra="$extra,jdk.crypto.ec"
say "jlink: $modules,$extra"
"$jdk/bin/jlink" --add-modules "$modules,$extra" --strip-debug --no-man-pages --no-header-files \
  --compress zip-6 --generate-cds-archive --output "$root/opt/java" >/dev/null
# The launcher's heap limit (-Xmx512m) uses compressed pointers: the other CDS archive is never read.
rm -f "$root/opt/java/lib/server/classes_nocoops.jsa"
# The class-data-sharing archive of `start`, made with this runtime (the installation's is for the JDK it was
# built with): every container's first start maps it. The JVM accepts it at /opt/outrider and /opt/java, where
# the jars and the runtime keep their names, sizes and modification times. Without one, sharing stays off:
# a training run in every new container would cost more than it saves.
cds=off
if OUTRIDER_JAVA="$root/opt/java/bin/java" OUTRIDER_CDS=train "$root/opt/outrider/bin/outrider" start >/dev/null; then
  cds=on
else
  say "no class-data-sharing archive for the image (the training run failed); the agent starts without one"
fi

# The C library and the other shared libraries of the runtime and of the native code in the jars (pty4j,
# JNA), as this machine has them.
mkdir -p "$work/native"
for jar in "$work"/jars/*.jar; do
  (cd "$work/native" && unzip -qo "$jar" '*linux*x86?64*.so' '*linux-x86-64*.so' 2>/dev/null) || true
done
libraries() { ldd "$1" 2>/dev/null | awk '/=>/ && $3 ~ /^\// { print $3 } /^\t\// { print $1 }'; }
while IFS= read -r elf; do
  for library in $(libraries "$elf"); do
    [ -e "$root$library" ] || cp --parents -L "$library" "$root/"
  done
done < <(find "$root/opt/java" "$work/native" -type f \( -name '*.so' -o -path '*/bin/*' \))
# JNA (pty4j for the shell executor's terminal, docker-java for the Docker socket) opens libc and libutil
# by their unversioned names, which only development packages provide: link them to the versioned files.
for name in c util; do
  library=$(ldconfig -p | awk -v lib="lib$name.so." '$1 ~ "^" lib "[0-9]+$" && /x86-64/ && found == "" { found = $NF } END { print found }')
  [ -n "$library" ] || die "no lib$name.so.N on this machine (ldconfig -p)"
  [ -e "$root$library" ] || cp --parents -L "$library" "$root/"
  ln -sf "$(basename "$library")" "$root$(dirname "$library")/lib$name.so"
done

# --- bash and busybox ---------------------------------------------------------------------------------
packages="${XDG_CACHE_HOME:-$HOME/.cache}/outrider/image-packages"
mkdir -p "$packages"
if ! ls "$packages"/bash-static_*.deb "$packages"/busybox-static_*.deb >/dev/null 2>&1; then
  command -v apt-get >/dev/null || die "apt-get is needed to download bash-static and busybox-static (Debian packages)"
  say "apt-get download bash-static busybox-static into $packages"
  (cd "$packages" && apt-get download bash-static busybox-static >/dev/null 2>&1) \
    || { apt-get update -qq >/dev/null 2>&1 || true; (cd "$packages" && apt-get download bash-static busybox-static >/dev/null); } \
    || die "could not download bash-static and busybox-static with apt-get"
fi
for deb in "$packages"/bash-static_*.deb "$packages"/busybox-static_*.deb; do dpkg-deb -x "$deb" "$work/static"; done
cp "$work/static/bin/bash-static" "$root/bin/bash"
cp "$work/static/bin/busybox" "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
  [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
# merged /usr, as Debian: /usr/bin/env and /sbin/... in scripts work
mkdir -p "$root/usr"
ln -s ../bin "$root/usr/bin"; ln -s ../bin "$root/usr/sbin"; ln -s bin "$root/sbin"

# --- Semaphore's command line and user -----------------------------------------------------------------
install -m 0755 "$here/agent" "$root/opt/semaphore/agent"
printf '%s\n' 'root:x:0:0:root:/root:/bin/bash' 'semaphore:x:1000:1000:semaphore:/home/semaphore:/bin/bash' \
  'nobody:x:65534:65534:nobody:/nonexistent:/bin/sh' >"$root/etc/passwd"
printf '%s\n' 'root:x:0:' 'semaphore:x:1000:' 'nogroup:x:65534:' >"$root/etc/group"
: >"$root/etc/hosts"
mkdir -p "$root/root"

# --- into Docker ------------------------------------------------------------------------------------
# Everything belongs to root but the home folder, which belongs to the user (no chown: works unprivileged).
tar -C "$root" --numeric-owner --owner=0 --group=0 --exclude=./home/semaphore -cf "$work/rootfs.tar" .
tar -C "$root" --numeric-owner --owner=1000 --group=1000 -rf "$work/rootfs.tar" ./home/semaphore
say "docker import as $tag ($(du -sh "$work/rootfs.tar" | cut -f1) uncompressed)"
docker import \
  -c 'ENV PATH=/opt/outrider/bin:/opt/java/bin:/usr/local/bin:/usr/bin:/bin' \
  -c 'ENV JAVA_HOME=/opt/java' \
  -c 'ENV HOME=/home/semaphore' \
  -c "ENV OUTRIDER_CDS=$cds" \
  -c 'USER 1000:1000' \
  -c 'WORKDIR /home/semaphore' \
  -c 'CMD ["/opt/semaphore/agent", "start"]' \
  -c "LABEL org.opencontainers.image.title=outrider org.opencontainers.image.version=$version" \
  -m "Outrider $version, built by build-image.sh" \
  "$work/rootfs.tar" "$tag" >/dev/null
[ "$(docker run --rm --network none "$tag" bash -c 'id -u; /opt/semaphore/agent version >/dev/null && echo ok')" = "1000
ok" ] || die "the image $tag does not run /opt/semaphore/agent version as uid 1000"
say "built $tag"
echo "$tag"
