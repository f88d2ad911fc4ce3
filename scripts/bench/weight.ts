import { chromium as playwright } from 'playwright-core';
import { gzipSync } from 'node:zlib';
import { budgets, chromium, floor, pages, signInCookie, type Role } from './config';
import { kb, mark, ratio, table, type Check, type Section } from './report';
import type { Server } from './server';

type Weight = {
	path: string;
	status: number;
	finalPath: string;
	js: number;
	css: number;
	fonts: string[];
	files: { url: string; kind: 'js' | 'css' | 'font'; gzip: number }[];
};

function kindOf(url: string, resourceType: string) {
	const path = new URL(url).pathname;
	if (resourceType === 'font' || /\.(woff2?|ttf|otf|eot)$/.test(path)) return 'font';
	if (resourceType === 'stylesheet' || path.endsWith('.css')) return 'css';
	if (resourceType === 'script' || /\.m?js$/.test(path)) return 'js';
	return null;
}

/**
 * What a first visit downloads: a fresh browser context each time (empty cache), the service
 * worker blocked so its install-time precache is not charged to the page (it is reported apart).
 * Sizes are the gzip (level 9) size of each body, whatever encoding the server chose.
 */
async function weigh(server: Server, path: string, token?: string): Promise<Weight> {
	const browser = await playwright.launch({ executablePath: chromium.path, args: chromium.flags });
	try {
		const context = await browser.newContext({
			serviceWorkers: 'block',
			viewport: { width: 390, height: 844 }
		});
		if (token) await context.addCookies([{ name: signInCookie, value: token, url: server.base }]);
		const page = await context.newPage();
		const files: Weight['files'] = [];
		const reads: Promise<void>[] = [];
		page.on('response', (response) => {
			const kind = kindOf(response.url(), response.request().resourceType());
			if (!kind) return;
			reads.push(
				response
					.body()
					.then(
						(body) =>
							void files.push({
								url: response.url(),
								kind,
								gzip: gzipSync(body, { level: 9 }).length
							})
					)
					.catch(() => undefined)
			);
		});
		const response = await page.goto(server.base + path, { waitUntil: 'networkidle' });
		await Promise.all(reads);
		const sum = (kind: string) =>
			files.filter((f) => f.kind === kind).reduce((total, f) => total + f.gzip, 0);
		return {
			path,
			status: response?.status() ?? 0,
			finalPath: new URL(page.url()).pathname,
			js: sum('js'),
			css: sum('css'),
			fonts: files.filter((f) => f.kind === 'font').map((f) => f.url),
			files
		};
	} finally {
		await browser.close();
	}
}

export async function measureWeight(
	server: Server,
	tokens: Record<Role, string>,
	serviceWorker: { js: number; files: number }
): Promise<Section> {
	const base = await weigh(server, floor.path);
	const rows: (string | number)[][] = [
		[floor.label, kb(base.js), '1.00×', kb(base.css), base.fonts.length, '', '']
	];
	const checks: Check[] = [];
	if (base.js === 0) {
		checks.push({
			name: 'floor',
			status: 'fail',
			detail: `the floor page ${floor.path} loaded no JavaScript, so no ratio can be taken`
		});
	}
	const measured: Weight[] = [base];
	for (const p of pages) {
		const token = p.audience === 'public' ? undefined : tokens[p.audience];
		const w = await weigh(server, p.path, token);
		measured.push(w);
		const pageChecks: Check[] = [];
		if (w.status === 404) {
			pageChecks.push({
				name: `${p.path} weight`,
				status: 'missing',
				detail: 'the page answers 404'
			});
		} else if (w.status >= 400 || w.finalPath !== p.path) {
			pageChecks.push({
				name: `${p.path} weight`,
				status: 'fail',
				detail: `expected the page, got HTTP ${w.status} at ${w.finalPath}`
			});
		} else {
			const jsLimit = budgets.participantJsToFloor * base.js;
			if (p.audience !== 'navigator') {
				pageChecks.push({
					name: `${p.path} JavaScript`,
					status: w.js <= jsLimit ? 'pass' : 'fail',
					detail: `${kb(w.js)} gzip, ${ratio(w.js, base.js)} the floor (budget ${budgets.participantJsToFloor}×, ${kb(jsLimit)})`
				});
			}
			pageChecks.push({
				name: `${p.path} CSS`,
				status: w.css <= budgets.cssGzipBytes ? 'pass' : 'fail',
				detail: `${kb(w.css)} gzip (budget ${kb(budgets.cssGzipBytes)})`
			});
			pageChecks.push({
				name: `${p.path} web fonts`,
				status: w.fonts.length <= budgets.webFonts ? 'pass' : 'fail',
				detail: w.fonts.length ? w.fonts.join(', ') : 'none'
			});
		}
		checks.push(...pageChecks);
		const failed = pageChecks.find((c) => c.status !== 'pass');
		rows.push([
			`\`${p.path}\` (${p.audience})`,
			w.status === 404 ? '–' : kb(w.js),
			w.status === 404 ? '–' : ratio(w.js, base.js),
			w.status === 404 ? '–' : kb(w.css),
			w.fonts.length,
			p.audience === 'navigator'
				? `CSS ≤ ${kb(budgets.cssGzipBytes)}`
				: `JS ≤ ${budgets.participantJsToFloor}×, CSS ≤ ${kb(budgets.cssGzipBytes)}`,
			failed ? mark[failed.status] : mark.pass
		]);
	}
	return {
		id: 'weight',
		title: '1. Page weight (first visit, gzip)',
		lines: [
			`Floor: the ${floor.label}, \`${floor.path}\`, signed out: ${kb(base.js)} JavaScript, ${kb(base.css)} CSS.`,
			'Each page is loaded in a fresh browser context (empty cache) and every script, stylesheet and font it downloads is gzipped at level 9 and counted. Signed in as the demo participant or navigator where needed.',
			'',
			...table(
				['page', 'JS gzip', 'JS × floor', 'CSS gzip', 'web fonts', 'budget', 'result'],
				rows
			),
			'',
			`Not charged to any page: the service worker and Workbox, ${kb(serviceWorker.js)} gzip in ${serviceWorker.files} files, fetched once after the first page has loaded.`
		],
		data: { floor: base, pages: measured.slice(1), serviceWorker },
		checks
	};
}
