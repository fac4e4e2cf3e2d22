/**
 * The run form's helpers: the `docker run` line (parse / format, shared with main in
 * preload/contract/run-line.ts) and the mapping of errors to the form's fields.
 */
import type { RunSpec } from '../../../preload/contract/containers.contract';
import type { BerthError } from '../../../preload/contract/errors';
import { specProblems } from '../../../preload/contract/run-line';

export {
  formatRunCommand,
  parseRunLine,
  type ParsedRunLine,
  type RunLineIssue,
} from '../../../preload/contract/run-line';

/** Field path ("ports.0.hostPort") -> message. */
export type FieldErrors = Record<string, string>;

/** The spec's own problems, by field (checked as the user types, before main is asked). */
export function localProblems(spec: RunSpec): FieldErrors {
  const out: FieldErrors = {};
  for (const p of specProblems(spec)) out[p.path] ??= p.message;
  return out;
}

/** An error from main, by field: issue paths are relative to the call input ("spec.ports.0"). */
export function errorFields(error: BerthError | undefined): FieldErrors {
  const out: FieldErrors = {};
  for (const i of error?.issues ?? []) {
    if (!i.path.startsWith('spec.')) continue;
    out[i.path.slice('spec.'.length)] ??= i.message;
  }
  return out;
}

/** The message for a field or any of its children ("ports.0" matches "ports.0.hostPort"). */
export function fieldError(errors: FieldErrors, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const prefix = `${path}.`;
  for (const [k, v] of Object.entries(errors)) if (k.startsWith(prefix)) return v;
  return undefined;
}

/** Issues of the error that no field of the form shows (shown at the top instead). */
export function formLevelIssues(error: BerthError | undefined): boolean {
  return !!error && !(error.issues ?? []).some((i) => i.path.startsWith('spec.'));
}

/** Host-power grants named in a permission_denied error (what the confirmation must show). */
export function grantsOf(error: BerthError | undefined): string[] {
  if (error?.code !== 'permission_denied') return [];
  return (error.issues ?? []).filter((i) => i.path === 'confirmHostPower').map((i) => i.message);
}
