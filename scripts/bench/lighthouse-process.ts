/** One Lighthouse run, by `inOwnProcess` (lighthouse.ts), as the Lighthouse CLI runs one. */
import type lighthouse from 'lighthouse';
import { answerOnce } from './own-process';

export type LighthouseRun = {
	url: string;
	chromePath: string;
	cookie?: string;
	categories: string[];
	chromeFlags: string[];
};
export type Lhr = NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr'];

answerOnce(
	async ({ url, chromePath, cookie, categories, chromeFlags }: LighthouseRun): Promise<Lhr> => {
		// Installed on demand into scripts/bench/node_modules, never into the app's lock.
		const { default: runLighthouse } = await import('lighthouse');
		const chromeLauncher = await import('chrome-launcher');
		// A fresh browser and profile per run: nothing a previous run left behind (renewed sign-in
		// cookie, service worker, a warm renderer) reaches this one.
		const chrome = await chromeLauncher.launch({ chromePath, chromeFlags });
		try {
			const result = await runLighthouse(
				url,
				{
					port: chrome.port,
					output: 'json',
					logLevel: 'error',
					onlyCategories: categories,
					extraHeaders: cookie ? { Cookie: cookie } : undefined
				},
				undefined
			);
			if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
			return result.lhr;
		} finally {
			chrome.kill();
		}
	}
);
