import {
  VOLUME_TRANSFER_LIMIT,
  VOLUME_UPLOAD_CHUNK,
  type VolumeSummary,
} from '../../../preload/contract/volumes.contract';

export type VolumeKind = 'all' | 'named' | 'anonymous' | 'unused';

/** Rows shown: by kind and filter (name, driver, a container using it), anonymous ones last, then by name. */
export function visibleVolumes(byName: Map<string, VolumeSummary>, filter: string, kind: VolumeKind): VolumeSummary[] {
  const q = filter.trim().toLowerCase();
  const rows: VolumeSummary[] = [];
  for (const v of byName.values()) {
    if (kind === 'named' && v.anonymous) continue;
    if (kind === 'anonymous' && !v.anonymous) continue;
    if (kind === 'unused' && v.usedBy.length > 0) continue;
    if (
      q &&
      !v.name.toLowerCase().includes(q) &&
      !v.driver.toLowerCase().includes(q) &&
      !v.usedBy.some((u) => u.name.toLowerCase().includes(q))
    )
      continue;
    rows.push(v);
  }
  return rows.sort((a, b) => Number(a.anonymous) - Number(b.anonymous) || a.name.localeCompare(b.name));
}

/** An anonymous volume's 64-hex name, shortened as docker shows ids. */
export const shortVolumeName = (v: Pick<VolumeSummary, 'name' | 'anonymous'>) =>
  v.anonymous && v.name.length > 16 ? `${v.name.slice(0, 12)}…` : v.name;

/** Parent folder of a volume path ("/a/b" → "/a"; "/" stays). */
export function parentPath(path: string): string {
  const parts = path.split('/').filter(Boolean);
  parts.pop();
  return `/${parts.join('/')}`;
}

export function childPath(path: string, name: string): string {
  return path === '/' ? `/${name}` : `${path}/${name}`;
}

/** Breadcrumbs of a path: [["/", "/"], ["a", "/a"], ["b", "/a/b"]]. */
export function crumbs(path: string, root: string): [string, string][] {
  const parts = path.split('/').filter(Boolean);
  return [[root, '/'], ...parts.map((p, i): [string, string] => [p, `/${parts.slice(0, i + 1).join('/')}`])];
}

/** Cut the concatenation of the files' bytes into upload chunks. */
export function* uploadChunks(
  files: Uint8Array[],
  chunkSize = VOLUME_UPLOAD_CHUNK,
): Generator<Uint8Array<ArrayBuffer>> {
  let buf = new Uint8Array(chunkSize);
  let fill = 0;
  for (const f of files) {
    let off = 0;
    while (off < f.byteLength) {
      const take = Math.min(chunkSize - fill, f.byteLength - off);
      buf.set(f.subarray(off, off + take), fill);
      fill += take;
      off += take;
      if (fill === chunkSize) {
        yield buf;
        buf = new Uint8Array(chunkSize);
        fill = 0;
      }
    }
  }
  if (fill > 0) yield buf.subarray(0, fill);
}

export const uploadTooBig = (sizes: number[]) => sizes.reduce((s, n) => s + n, 0) > VOLUME_TRANSFER_LIMIT;
