/**
 * What the browser tests share: build the viewer with the project's vite
 * config, serve it on 127.0.0.1 and launch Debian's chromium through
 * playwright-core. Each test file builds into its own folder under dist/, so
 * files that vitest runs side by side do not empty each other's bundle.
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { serveStatic } from '../helpers/static-server.ts';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
export const CHROMIUM = '/usr/bin/chromium';
export const VIEWPORT = { width: 1366, height: 900 };

export interface Viewer {
  browser: Browser;
  url: string;
  /** Page errors and console errors from every page opened with `open`. */
  errors: string[];
  /** A new page, its errors collected. */
  open: () => Promise<Page>;
  close: () => Promise<void>;
}

/** Builds the viewer into dist/<folder>, serves it and launches chromium. */
export async function startViewer(folder: string): Promise<Viewer> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the browser tests need Debian's chromium. Install it with: apt-get install -y chromium`);
  }
  const outDir = join(repo, 'dist', folder);
  await build({ configFile: join(repo, 'vite.config.ts'), root: join(repo, 'web'), logLevel: 'warn', mode: 'production', build: { outDir } });
  const { server, url } = await serveStatic(outDir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const errors: string[] = [];
  return {
    browser,
    url,
    errors,
    open: async () => {
      const page = await browser.newPage({ viewport: VIEWPORT });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
      return page;
    },
    close: async () => {
      await browser.close();
      await new Promise<void>((r) => (server as Server).close(() => r()));
    },
  };
}
