// Screenshots of every panel in web mode, English/light and Chinese/dark:
//   npm run build && node scripts/screenshots.mjs [outDir] [panel …]
// Starts `node out/main/web.js --port 0` against the local engine, opens each
// sidebar panel in Chromium and saves <panel>-<lang>-<theme>.png.
import { mkdirSync } from 'node:fs';
import { launchBrowser, startWeb } from './bench/common.mjs';

const outDir = process.argv[2] ?? 'assets/screenshots';
const only = process.argv.slice(3);
mkdirSync(outDir, { recursive: true });

const web = await startWeb();
const url = web.url;
const browser = await launchBrowser();
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
      // The Help menu shares the class; it is a menu, not a panel: its picture is named after it.
      const id = (await item.getAttribute('data-panel')) ?? 'help-menu';
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
  web.stop();
}
