// Screenshots of every panel in web mode, English/light and Chinese/dark:
//   npm run build && node scripts/screenshots.mjs [outDir] [panel …]
// Starts `node out/main/web.js --port 0` against the local engine, opens each
// sidebar panel in Chromium and saves <panel>-<lang>-<theme>.png.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const outDir = process.argv[2] ?? 'assets/screenshots';
const only = process.argv.slice(3);
mkdirSync(outDir, { recursive: true });

const web = spawn(process.execPath, ['out/main/web.js', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let buf = '';
  web.stdout.on('data', (d) => {
    buf += d;
    const m = /Open (http:\/\/\S+)/.exec(buf);
    if (m) resolve(m[1]);
  });
  web.once('exit', () => reject(new Error('web mode exited')));
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  for (const [locale, scheme, lang] of [
    ['en-US', 'light', 'en'],
    ['zh-CN', 'dark', 'zh'],
  ]) {
    const ctx = await browser.newContext({ locale, colorScheme: scheme, viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.error('pageerror', e.message));
    await page.goto(url);
    await page.locator('nav .nav-item').first().waitFor();
    const panels = await page.locator('nav .nav-item').count();
    for (let i = 0; i < panels; i++) {
      const item = page.locator('nav .nav-item').nth(i);
      const id = (await item.getAttribute('data-panel')) ?? `panel${i}`;
      if (only.length && !only.includes(id)) continue;
      await item.click();
      await page.waitForTimeout(700); // let lists arrive; a picture, not a test
      await page.screenshot({ path: `${outDir}/${id}-${lang}-${scheme}.png` });
      console.log(`${outDir}/${id}-${lang}-${scheme}.png`);
    }
    await ctx.close();
  }
} finally {
  await browser.close();
  web.kill('SIGTERM');
}
