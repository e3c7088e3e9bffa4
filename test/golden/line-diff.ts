// A readable diff for golden-file failures: changed lines with two lines of context, "-" for the
// golden file, "+" for the output now; long runs of unchanged lines are elided.

/** Longest common subsequence on lines; the files are a few hundred lines, so O(n·m) is fine. */
function editScript(a: readonly string[], b: readonly string[]): { op: ' ' | '-' | '+'; line: string }[] {
  const n = a.length;
  const m = b.length;
  const table: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const out: { op: ' ' | '-' | '+'; line: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push({ op: ' ', line: a[i]! });
      i += 1;
      j += 1;
    } else if (i < n && (j >= m || table[i + 1]![j]! >= table[i]![j + 1]!)) {
      out.push({ op: '-', line: a[i]! });
      i += 1;
    } else {
      out.push({ op: '+', line: b[j]! });
      j += 1;
    }
  }
  return out;
}

export function lineDiff(expected: string, actual: string, context = 2, maxLines = 80): string {
  const script = editScript(expected.split('\n'), actual.split('\n'));
  const keep = script.map((entry, index) => entry.op !== ' ' || script.slice(Math.max(0, index - context), index + context + 1).some((near) => near.op !== ' '));
  const lines: string[] = [];
  let skipped = false;
  script.forEach((entry, index) => {
    if (!keep[index]) {
      if (!skipped) lines.push('  …');
      skipped = true;
      return;
    }
    skipped = false;
    lines.push(`${entry.op} ${entry.line}`);
  });
  const changed = script.filter((entry) => entry.op !== ' ').length;
  const shown = lines.length > maxLines ? [...lines.slice(0, maxLines), `  … ${lines.length - maxLines} more diff lines`] : lines;
  return `${changed} line(s) changed\n${shown.join('\n')}`;
}
