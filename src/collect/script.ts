// The collector: a fixed, read-only POSIX sh script, sent on stdin to `sh -s -- DIR MARKER CAP`
// (docs/ssh.md#what-runs-on-the-server). Values arrive only as positional parameters, never
// pasted into the script. It lists conf/, prints serverConf.xml and config-*.xml (all read by
// one `head -v -c CAP`, so each is capped and one process reads them all) and the output of
// `nlserver pdump` after sourcing env.sh
// (docs/campaign.md#configuration-files: commands need the neolane env).
// Frames start with a per-run random MARKER, so file contents cannot forge a frame.
// Every command that could read stdin gets a file or /dev/null: stdin is the script itself.
// Frames are lines, so a name holding a newline is listed in a body (NLNAME … EOF) and not read.
// A config name that is not a regular file (a FIFO, /dev/zero behind a symlink) is never opened:
// a FIFO would block and a device may never end; a NOTFILE frame says what it is instead.
// One head for every file, not one per file: a fork and exec each cost the server more than
// the shell's whole loop (docs/ssh.md#what-runs-on-the-server). Its per-file headers
// (`==> PATH <==`) are the frames between bodies: each PATH holds a salt (`./` and `/` steps
// spelling the marker's bits, which the kernel skips; pathSalt in frames.ts, computed here from
// the marker by a case table), so a file cannot forge the next header.
// Processes per host: one `head` for all config files; nlserver then replaces the shell (exec), so
// pdump is the rest of the output and its exit status is the script's. The directory and the
// marker are copied to names env.sh is unlikely to touch before it is sourced in this shell.
import { hexSteps } from './frames.js';
import { MAX_INSTANCE_FILES } from './snapshot.js';


export const COLLECTOR_SCRIPT = `d=$1
m=$2
c=$3
s=
r=$m
while [ -n "$r" ]; do
  x=\${r%"\${r#?}"}
  r=\${r#?}
  case $x in
${[...'0123456789abcdef'].map((digit) => `    ${digit}) s=$s${hexSteps(digit)} ;;`).join('\n')}
  esac
done
nl='
'
printf '%s HELLO 1\\n' "$m"
if [ ! -d "$d/conf" ]; then
  printf '%s NOCONF\\n' "$m"
else
  for f in "$d"/conf/*; do
    [ -e "$f" ] || [ -h "$f" ] || continue
    n=\${f##*/}
    case $n in *"$nl"*) printf '%s NLNAME\\n%s\\n%s EOF 0\\n' "$m" "$n" "$m"; continue ;; esac
    printf '%s LIST %s\\n' "$m" "$n"
  done
  i=0
  set --
  for f in "$d/conf/serverConf.xml" "$d"/conf/config-*.xml; do
    n=\${f##*/}
    case $n in *"$nl"*) continue ;; esac
    case $n in config-*) i=$((i + 1)); [ "$i" -gt ${MAX_INSTANCE_FILES} ] && continue ;; esac
    if [ ! -f "$f" ]; then
      if [ -p "$f" ]; then k=fifo
      elif [ -c "$f" ]; then k=char
      elif [ -b "$f" ]; then k=block
      elif [ -d "$f" ]; then k=dir
      elif [ -S "$f" ]; then k=socket
      elif [ -h "$f" ]; then k=dangling
      else continue
      fi
      if [ -h "$f" ]; then k=link-$k; fi
      printf '%s NOTFILE %s %s\\n' "$m" "$k" "$n"
    elif [ -r "$f" ]; then
      printf '%s READ %s\\n' "$m" "$n"
      set -- "$@" "$d/conf/$s$n"
    else
      printf '%s DENIED %s\\n' "$m" "$n"
    fi
  done
  if [ "$#" -gt 0 ]; then
    printf '%s BODIES\\n' "$m"
    head -v -c "$c" -- "$@" </dev/null
    r=$?
    printf '\\n%s EOF %s\\n' "$m" "$r"
  fi
fi
printf '%s PDUMP\\n' "$m"
campaign_audit_dir=$d
if [ -r "$d/env.sh" ]; then . "$d/env.sh" >/dev/null 2>&1 </dev/null; fi
if [ -x "$campaign_audit_dir/bin/nlserver" ]; then exec "$campaign_audit_dir/bin/nlserver" pdump </dev/null 2>&1; fi
exec nlserver pdump </dev/null 2>&1
`;
