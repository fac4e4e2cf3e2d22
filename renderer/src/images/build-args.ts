/** Pure helpers of the build dialog (unit-tested). */

/** `NAME=value` lines → build args; the lines that are not of that form. */
export function parseBuildArgs(text: string): { args: Record<string, string>; bad: string[] } {
  const args: Record<string, string> = {};
  const bad: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) args[m[1] as string] = m[2] ?? '';
    else bad.push(line);
  }
  return { args, bad };
}

export const splitTags = (text: string) => text.split(/[\s,]+/).filter(Boolean);
