import type { z } from 'zod';
import { calls, isCallName, type CallName, type CallOutput, type ParsedInput } from '../../preload/contract/index';
import { BerthError, type Envelope, type ErrorIssue } from '../../preload/contract/errors';
import { toBerthError } from '../engine/errors';

/** Every call in the contract, implemented. A missing or mistyped handler fails to compile. */
export type Handlers = {
  [K in CallName]: (input: ParsedInput<K>) => Promise<CallOutput<K>> | CallOutput<K>;
};

/** The handlers of one domain's calls (e.g. HandlersFor<typeof containersCalls>). */
export type HandlersFor<D> = Pick<Handlers, keyof D & CallName>;

export type Dispatch = (name: unknown, payload: unknown) => Promise<Envelope<unknown>>;

export function issuesOf(error: z.ZodError): ErrorIssue[] {
  return error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * The boundary: every payload is parsed by its call's schema before a
 * handler sees it, and every outcome is an envelope (Electron's invoke drops
 * custom error properties, so errors travel as data). IPC and the web mode's
 * WebSocket both go through here.
 */
export function createDispatcher(handlers: Handlers): Dispatch {
  return async (name, payload) => {
    if (!isCallName(name)) {
      return {
        ok: false,
        error: new BerthError(
          'invalid_input',
          `unknown call: ${typeof name === 'string' ? name.slice(0, 80) : typeof name}`,
        ).toShape(),
      };
    }
    const parsed = calls[name].input.safeParse(payload === undefined ? {} : payload);
    if (!parsed.success) {
      const issues = issuesOf(parsed.error);
      const first = issues[0];
      const where = first?.path ? `${first.path}: ` : '';
      return {
        ok: false,
        error: new BerthError(
          'invalid_input',
          `invalid ${name} payload: ${where}${first?.message ?? ''}`,
          issues,
        ).toShape(),
      };
    }
    try {
      const handler = handlers[name] as (input: unknown) => unknown;
      const value = await handler(parsed.data);
      return { ok: true, value: value ?? null };
    } catch (err) {
      return { ok: false, error: toBerthError(err).toShape() };
    }
  };
}
