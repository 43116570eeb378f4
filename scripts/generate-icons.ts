// Renders icons/icon.svg to the PNG sizes the manifest lists, with the system Chromium.
// Run by hand after changing the SVG: `npx tsx scripts/generate-icons.ts`; the PNGs are committed.
import puppeteer from 'puppeteer';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROME_FLAGS, findChrome } from './chrome-path.ts';

const icons = join(dirname(fileURLToPath(import.meta.url)), '..', 'icons');
const svg = readFileSync(join(icons, 'icon.svg'), 'utf8');

const browser = await puppeteer.launch({ executablePath: findChrome(), headless: true, args: CHROME_FLAGS });
try {
  const page = await browser.newPage();
  for (const size of [16, 32, 48, 128]) {
    await page.setViewport({ width: size, height: size, deviceScaleFactor: 1 });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
    );
    await page.screenshot({ path: join(icons, `icon-${size}.png`), omitBackground: true });
    console.log(`icons/icon-${size}.png`);
  }
} finally {
  await browser.close();
}
