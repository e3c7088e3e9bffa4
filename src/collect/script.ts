// The collector: a fixed, read-only POSIX sh script, sent on stdin to `sh -s -- DIR MARKER CAP`
// (DESIGN.md §4). Values arrive only as positional parameters, never pasted into the script.
// It lists conf/, prints serverConf.xml and config-*.xml (each capped by `head -c`) and the
// output of `nlserver pdump` after sourcing env.sh (DOMAIN.md §1: commands need the neolane env).
// Frames start with a per-run random MARKER, so file contents cannot forge a frame.
// Every command that could read stdin gets a file or /dev/null: stdin is the script itself.
// Forks per host: one `head` per config file plus one subshell for pdump.

export const COLLECTOR_SCRIPT = `d=$1
m=$2
c=$3
nl='
'
printf '%s HELLO 1\\n' "$m"
if [ ! -d "$d/conf" ]; then
  printf '%s NOCONF\\n' "$m"
else
  for f in "$d"/conf/*; do
    [ -e "$f" ] || [ -h "$f" ] || continue
    n=\${f##*/}
    case $n in *"$nl"*) continue ;; esac
    printf '%s LIST %s\\n' "$m" "$n"
  done
  for f in "$d/conf/serverConf.xml" "$d"/conf/config-*.xml; do
    [ -f "$f" ] || continue
    n=\${f##*/}
    case $n in *"$nl"*) continue ;; esac
    if [ -r "$f" ]; then
      printf '%s FILE %s\\n' "$m" "$n"
      head -c "$c" <"$f"
      r=$?
      printf '\\n%s EOF %s\\n' "$m" "$r"
    else
      printf '%s DENIED %s\\n' "$m" "$n"
    fi
  done
fi
printf '%s PDUMP\\n' "$m"
(
  if [ -r "$d/env.sh" ]; then . "$d/env.sh" >/dev/null 2>&1; fi
  if [ -x "$d/bin/nlserver" ]; then exec "$d/bin/nlserver" pdump; fi
  exec nlserver pdump
) </dev/null 2>&1
r=$?
printf '\\n%s END %s\\n' "$m" "$r"
`;
