#!/usr/bin/env bash
# Builds the filesystem that the Jib images add on top of an empty (scratch) base:
#   /opt/java   a jlink'ed JRE with only the JDK modules the services use
#   /lib*, /usr/lib*   the shared libraries that JRE and the JNI libraries inside the
#                      application's jars (RocksDB, zstd, lz4, snappy) link against, as ldd
#                      resolves them on the build machine
#   /etc/passwd, /etc/group  the non-root user 65532 ("sentinel")
#   /tmp        world-writable, for JNI extraction and java.io.tmpdir
# No registry is needed: everything comes from the local JDK and the build machine's libc.
#
# Usage: images/rootfs.sh OUT_DIR JDK_MODULES LIB_DIR
#   OUT_DIR      emptied and filled (e.g. target/image-rootfs)
#   JDK_MODULES  comma-separated list for jlink --add-modules
#   LIB_DIR      the module's runtime jars (target/lib), scanned for bundled .so files
set -euo pipefail

out=$1 modules=$2 libdir=$3
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jlink_bin="${JAVA_HOME:+$JAVA_HOME/bin/}jlink"

rm -rf "$out"
mkdir -p "$out/opt" "$out/etc" "$out/tmp"

"$jlink_bin" --add-modules "$modules" --output "$out/opt/java" \
  --strip-debug --no-header-files --no-man-pages --compress=2

# ELF files whose libraries we must ship: the JRE's own, and the JNI libraries that jars
# unpack at run time (only those ldd can load on this architecture count).
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for jar in "$libdir"/*.jar; do
  # Not `unzip | grep -q`: with pipefail, grep's early exit fails the pipe on large jars.
  if unzip -Z1 "$jar" 2>/dev/null | grep -E '\.so$' >/dev/null; then
    unzip -q -o "$jar" '*.so' -d "$scratch/$(basename "$jar")" 2>/dev/null || true
  fi
done

{
  # java.desktop is there for java.beans only (Micrometer, commons-digester): its AWT, font
  # and sound libraries are never loaded by a headless service, so X11 etc. stay out.
  find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper \) \
    | grep -vE '/lib(awt|awt_xawt|awt_headless|fontmanager|jsound|lcms|javajpeg|mlib_image|splashscreen|jawt)\.so$'
  find "$scratch" -type f -name '*.so'
} | while read -r elf; do
  ldd "$elf" </dev/null 2>/dev/null || true   # ldd would eat the list on stdin
done | grep -oE '(=> )?/[^ ]+ \(0x' | sed -E 's/^=> //; s/ \(0x$//' | sort -u > "$scratch/libs.txt"

while read -r lib; do
  [[ "$lib" == "$out"* ]] && continue          # the JRE's own libraries are already there
  [[ -e "$lib" ]] || continue
  cp -L --parents "$lib" "$out"
done < "$scratch/libs.txt"

cp "$here/etc/passwd" "$here/etc/group" "$out/etc/"
# UTF-8 for file names and default charsets, where the build machine has the locale.
if [[ -d /usr/lib/locale/C.utf8 ]]; then
  cp -r --parents /usr/lib/locale/C.utf8 "$out"
fi
echo "image root filesystem in $out: $(du -sh "$out" | cut -f1) ($(wc -l < "$scratch/libs.txt") shared libraries)"
