/**
 * Berth's own helpers carry this label: the empty image and the never-started containers that mount a volume
 * for its file browser. Lists leave them out (they are not the user's) and so do Berth's prunes (removing what
 * the user cannot see would be a surprise); Berth makes them again when it needs them.
 */
export const HELPER_LABEL = 'berth.helper';

export const isHelper = (labels: Record<string, string> | null | undefined): boolean => !!labels?.[HELPER_LABEL];
