/**
 * Shared by the images integration tests: tiny offline images, stream
 * collection, and a cleanup that only ever removes what these tests made
 * (images labelled with this run's id, and the tags they added).
 */
import type Docker from 'dockerode';
import { pack } from 'tar-stream';
import type { Backend } from '../../main/backend';
import type { ImagesFrame, StreamMessage } from '../../preload/contract/index';
import { RUN_ID, TEST_IMAGE, docker, waitFor } from '../support/engine';

export const REPO = `berth-img-${RUN_ID}`;

/** A root filesystem tar with the given files. */
export function rootfsTar(files: Record<string, string | Buffer>): NodeJS.ReadableStream {
  const tar = pack();
  for (const [name, content] of Object.entries(files)) tar.entry({ name, mode: 0o644 }, content);
  tar.finalize();
  return tar as unknown as NodeJS.ReadableStream;
}

/** Import a tiny labelled image (no network); untagged when `ref` is omitted. Returns its id. */
export async function importTiny(
  ref: string | undefined,
  files: Record<string, string | Buffer> = { 'hello.txt': `hello ${Math.random()}\n` },
  d: Docker = docker(),
): Promise<string> {
  const opts: Record<string, unknown> = { changes: [`LABEL berth.test=${RUN_ID}`, 'CMD ["/hello.txt"]'] };
  if (ref) {
    const i = ref.lastIndexOf(':');
    opts.repo = ref.slice(0, i);
    opts.tag = ref.slice(i + 1);
  }
  const stream = await d.importImage(rootfsTar(files), opts);
  const out: { status?: string; error?: string }[] = await new Promise((resolve, reject) =>
    d.modem.followProgress(stream, (err: Error | null, res: { status?: string; error?: string }[]) =>
      err ? reject(err) : resolve(res),
    ),
  );
  const failed = out.find((o) => o.error);
  if (failed) throw new Error(failed.error);
  const id = out.map((o) => o.status ?? '').find((s) => /^sha256:[a-f0-9]{64}$/.test(s));
  if (!id) throw new Error('import reported no id');
  return id;
}

/** Image ids labelled by this run. */
export async function labelledImages(d: Docker = docker()): Promise<string[]> {
  const rows = await d.listImages({ all: true, filters: JSON.stringify({ label: [`berth.test=${RUN_ID}`] }) });
  return rows.map((r) => r.Id);
}

/**
 * Remove what the tests made: the given tags (never the image behind a tag by
 * id — it may be the shared test image), then every image labelled by this run.
 */
export async function cleanupImages(refs: string[] = [], d: Docker = docker()): Promise<void> {
  for (const r of refs)
    await d
      .getImage(r)
      .remove({ noprune: false })
      .catch(() => {});
  const all = await d.listImages({ all: false });
  for (const img of all) {
    for (const t of img.RepoTags ?? []) {
      if (t.startsWith(`${REPO}`) || t.includes(`/${REPO}`))
        await d
          .getImage(t)
          .remove()
          .catch(() => {});
    }
  }
  for (const id of await labelledImages(d))
    await d
      .getImage(id)
      .remove({ force: true })
      .catch(() => {});
}

export async function imageExists(ref: string, d: Docker = docker()): Promise<boolean> {
  try {
    await d.getImage(ref).inspect();
    return true;
  } catch {
    return false;
  }
}

/**
 * The engine's images as far as this run can change them: every tag of this
 * run's repositories (also under a registry host) and the shared test image,
 * with their ids. Other suites running at the same time change other images;
 * they do not disturb a before/after comparison of this.
 */
export async function engineImages(d: Docker = docker()): Promise<string> {
  const rows = await d.listImages({ all: true });
  const pairs: string[] = [];
  for (const r of rows) {
    for (const t of r.RepoTags ?? []) if (t.includes(REPO) || t === TEST_IMAGE) pairs.push(`${r.Id} ${t}`);
  }
  return JSON.stringify(pairs.sort());
}

export interface Collected {
  ok: boolean;
  error?: { code: string; message: string };
  sid: string;
  frames: ImagesFrame[];
  ends: StreamMessage[];
  /** Resolves with the end message. */
  ended: Promise<StreamMessage>;
  last<T extends ImagesFrame['t']>(t: T): Extract<ImagesFrame, { t: T }> | undefined;
  log(): string;
}

/** Open a stream as a window would and collect what it receives. */
export async function openStream(backend: Backend, name: string, input: unknown): Promise<Collected> {
  const frames: ImagesFrame[] = [];
  const ends: StreamMessage[] = [];
  let onEnd: (m: StreamMessage) => void = () => {};
  const ended = new Promise<StreamMessage>((r) => (onEnd = r));
  const r = await backend.streams.open('test', name, input, (_sid, msg) => {
    if (msg.t === 'frames') frames.push(...(msg.frames as ImagesFrame[]));
    else {
      ends.push(msg);
      onEnd(msg);
    }
  });
  if (!r.ok) onEnd({ t: 'end', error: r.error });
  return {
    ok: r.ok,
    ...(r.ok ? {} : { error: r.error }),
    sid: r.ok ? r.value.sid : '',
    frames,
    ends,
    ended,
    last: <T extends ImagesFrame['t']>(t: T) =>
      [...frames].reverse().find((f) => f.t === t) as Extract<ImagesFrame, { t: T }> | undefined,
    log: () =>
      frames
        .filter((f): f is Extract<ImagesFrame, { t: 'log' }> => f.t === 'log')
        .map((f) => f.text)
        .join(''),
  };
}

/** Wait until every stream session is released. */
export async function streamsClosed(backend: Backend): Promise<void> {
  await waitFor(() => backend.streams.count() === 0, { timeoutMs: 15_000 });
}
