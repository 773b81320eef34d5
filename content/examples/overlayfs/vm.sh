#!/bin/sh
# OverlayFS in the live machine: the steps of run.sh, written for busybox sh.
# A read-only lower layer, a writable upper layer, one merged view; writing copies
# a file up (copy-on-write), deleting leaves a whiteout. overlay.ko comes from the
# kernel package and is loaded at boot.
set -eu

workdir=$(mktemp -d /tmp/atlas-ex-overlayfs.XXXXXX)
mounted=""

cleanup() {
  rc=$?
  set +e
  for m in $mounted; do umount "$m"; done
  rm -rf "$workdir"
  exit "$rc"
}
trap cleanup EXIT

show_tree() { # show_tree <label> <dir>: list the files with their type and content
  echo "$1:"
  [ -n "$(ls -A "$2")" ] || echo "  (empty)"
  (cd "$2" && find . -mindepth 1 | sort | while read -r f; do
    if [ -c "$f" ]; then
      printf '  %-22s %s %s\n' "$f" "character device" "$(stat -c '%t/%T' "$f")"
    elif [ -f "$f" ]; then
      printf '  %-22s %s\n' "$f" "\"$(cat "$f")\""
    else
      printf '  %-22s %s\n' "$f" "directory"
    fi
  done)
}

echo "== 1. Two layers: a shared base image layer and an app layer =="
cd "$workdir"
mkdir -p base/etc base/bin app/app upper work merged merged2 upper2 work2
echo "from the base layer" > base/etc/motd
echo "base config v1" > base/etc/app.conf
echo "#!/bin/sh" > base/bin/tool
echo "app code" > app/app/main.sh
show_tree "lower layer 'base' (read-only)" base
show_tree "lower layer 'app' (read-only)" app

echo
echo "== 2. Mount the merged view =="
mount -t overlay atlas-ex-overlay -o "lowerdir=$workdir/app:$workdir/base,upperdir=$workdir/upper,workdir=$workdir/work" "$workdir/merged"
mounted="$workdir/merged $mounted"
grep atlas-ex-overlay /proc/self/mountinfo | sed -E 's/.* - (overlay [^ ]+) .*lowerdir=([^,]+),upperdir=([^,]+).*/  \1 lowerdir=\2 upperdir=\3/' | sed "s#$workdir#\$WORKDIR#g"
show_tree "merged view" merged
show_tree "upper layer before any write" upper

echo
echo "== 3. Copy-up on write =="
echo "changed in the container" > merged/etc/app.conf
echo "merged/etc/app.conf: \"$(cat merged/etc/app.conf)\""
echo "base/etc/app.conf:   \"$(cat base/etc/app.conf)\"   <- lower layer untouched"
show_tree "upper layer after the write (the file was copied up)" upper

echo
echo "== 4. Delete a lower file: a whiteout =="
rm merged/etc/motd
echo "files in merged/etc: $(cd merged/etc && echo *)"
echo "base/etc/motd still exists: \"$(cat base/etc/motd)\""
stat -c 'upper/etc/motd: %F, device %t/%T (major/minor 0/0 = whiteout)' upper/etc/motd

echo
echo "== 5. Delete and recreate a directory: an opaque directory =="
rm -r merged/bin
mkdir merged/bin
echo "#!/bin/sh new" > merged/bin/new-tool
echo "files in merged/bin: $(cd merged/bin && echo *)  (base/bin/tool is hidden)"
show_tree "upper layer: bin/ holds only the new file, no whiteout for bin/tool" upper
echo "(the kernel marks upper/bin with the extended attribute trusted.overlay.opaque=y)"

echo
echo "== 6. A second container shares the same lower layers =="
mount -t overlay atlas-ex-overlay2 -o "lowerdir=$workdir/app:$workdir/base,upperdir=$workdir/upper2,workdir=$workdir/work2" "$workdir/merged2"
mounted="$workdir/merged2 $mounted"
echo "container 2 sees app.conf: \"$(cat merged2/etc/app.conf)\" and motd: \"$(cat merged2/etc/motd)\""
echo "disk use: base $(du -sk base | cut -f1) KiB shared by both, upper $(du -sk upper | cut -f1) KiB, upper2 $(du -sk upper2 | cut -f1) KiB"

echo
echo "overlayfs example finished"
