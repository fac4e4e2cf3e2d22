import { z } from 'zod';

/** A full or short hex id (ids go into URL paths: nothing else may pass). */
export const HEX_ID = /^[a-f0-9]{1,64}$/;
/** The engine's own grammar for container names (daemon/names: [a-zA-Z0-9][a-zA-Z0-9_.-]+). */
export const CONTAINER_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/**
 * A container reference: a hex id or a name, checked before it reaches a URL path.
 * The engine writes names with a leading "/" (`/web`); it is dropped here, since
 * `/containers//web/json` is not a path the engine serves (it redirects).
 */
export const ContainerRef = z
  .string()
  .min(1)
  .max(255)
  .refine((s) => HEX_ID.test(s) || CONTAINER_NAME.test(s), {
    message: 'not a container id or name',
  })
  .transform((s) => s.replace(/^\//, ''));

export const Empty = z.strictObject({});
export const Void = z.void();
