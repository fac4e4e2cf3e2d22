/** A message table with every leaf a string. */
export type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };

/**
 * One domain's messages in both languages, side by side. The Chinese table is
 * type-checked against the English one: a missing or extra key fails to compile.
 */
export function defineMessages<T extends object>(m: { en: T; zh: DeepStrings<T> }): { en: T; zh: DeepStrings<T> } {
  return m;
}
