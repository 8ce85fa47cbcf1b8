#!/usr/bin/env node
// Renders assets/icon.svg and the tray SVG to the PNG sizes electron-builder and the tray need,
// using the system Chromium (no other image tools are needed). Run after editing an SVG.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';

const root = resolve(import.meta.dirname, '..');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
});
const page = await browser.newPage();
const render = async (svgFile, size, out) => {
  const svg = readFileSync(join(root, svgFile), 'utf8');
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent"><img style="width:${size}px;height:${size}px;display:block" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}"></body></html>`,
  );
  writeFileSync(join(root, out), await page.screenshot({ omitBackground: true, type: 'png' }));
};
mkdirSync(join(root, 'assets/icons'), { recursive: true });
for (const size of [16, 32, 48, 64, 128, 256, 512, 1024])
  await render('assets/icon.svg', size, `assets/icons/${size}x${size}.png`);
await render('assets/icon.svg', 1024, 'assets/icon.png');
await render('assets/tray/tray-template.svg', 16, 'assets/tray/trayTemplate.png');
await render('assets/tray/tray-template.svg', 32, 'assets/tray/trayTemplate@2x.png');
await browser.close();
console.log('icons written under assets/');
