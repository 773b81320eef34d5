import { defineConfig } from '@playwright/test';
import { findChromium } from './tests/support/browser.ts';

const port = Number(process.env.E2E_PORT ?? 4329);
const base = process.env.BASE_PATH ? `/${process.env.BASE_PATH.replace(/^\/|\/$/g, '')}/` : '/';

export default defineConfig({
  projects: [
    { name: 'site', testDir: 'tests/e2e' },
    // `astro dev` on a copy of a small content folder, started by the spec itself on E2E_DEV_PORT
    { name: 'dev', testDir: 'tests/e2e-dev', timeout: 300_000 },
  ],
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.PW_REPORTER ? [[process.env.PW_REPORTER]] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}${base}`,
    launchOptions: {
      executablePath: findChromium(),
      args: [
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
      ],
    },
    locale: 'zh-CN',
  },
  // Serves the already-built dist/ (npm test builds first); not for the dev project alone
  // (E2E_SITE=0), which npm test runs before the build.
  webServer:
    process.env.E2E_SITE === '0'
      ? undefined
      : {
          command: `node_modules/.bin/astro preview --ignore-lock --host 127.0.0.1 --port ${port}`,
          url: `http://127.0.0.1:${port}${base}`,
          reuseExistingServer: false,
          timeout: 60_000,
          env: { ASTRO_TELEMETRY_DISABLED: '1' },
        },
});
