import { ensureTestImage } from './engine';

/** Integration and e2e suites need the offline test image. */
export default async function setup(): Promise<void> {
  await ensureTestImage();
}
