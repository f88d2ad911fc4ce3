import { defineConfig } from '@playwright/test';

const port = Number(process.env.TEST_PORT ?? 4173);

export default defineConfig({
	testDir: 'tests',
	testMatch: ['e2e/**/*.test.ts', 'security/**/*.test.ts', 'operations/**/*.test.ts'],
	fullyParallel: true,
	workers: 2,
	// One retry on CI: a few browser tests depend on timing that a loaded 2-core machine can upset;
	// a test that passes only on retry is still reported as flaky.
	retries: process.env.CI ? 1 : 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list']] : [['list']],
	use: {
		baseURL: `http://localhost:${port}`,
		viewport: { width: 390, height: 844 },
		locale: 'en-GB',
		timezoneId: 'Europe/London',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	webServer: {
		command: 'node scripts/test-server.js',
		url: `http://localhost:${port}/help`,
		timeout: 180_000,
		reuseExistingServer: false,
		stdout: 'ignore',
		stderr: 'pipe'
	}
});
