import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { budgets, chromium, lighthouseBaseline, lighthouseRuns, pages, type Role } from './config';
import type { Lhr, LighthouseRun } from './lighthouse-process';
import { inOwnProcess } from './own-process';
import { mark, ms, ratio, table, type Check, type Section } from './report';
import { cookieHeader, probe, type Server } from './server';

const categories = ['performance', 'accessibility', 'best-practices'] as const;

/**
 * One renderer process for the whole browser. Lighthouse traces its tab from about:blank, and by
 * default Chromium commits the audited page in another renderer that DevTools only adds to the
 * trace as the navigation commits; on a busy machine that renderer's navigationStart is emitted
 * before it is being traced, and Lighthouse fails the run with NO_NAVSTART. In the one process
 * that about:blank already runs in, the page is traced from its first event.
 */
const lighthouseOnlyFlags = ['--renderer-process-limit=1', '--disable-site-isolation-trials'];

type Audit = {
	score: number | null;
	numericValue?: number;
	title: string;
	scoreDisplayMode: string;
};
type Result = {
	path: string;
	scores: Record<(typeof categories)[number], number>;
	lcp: number;
	tbt: number;
	/** Lighthouse's own CPU speed measure: lower on a slower or busier machine. */
	benchmarkIndex: number;
	/** Audits that cost points in accessibility or best practices. */
	lost: string[];
};

/** Lighthouse 12, mobile emulation and simulated throttling (its defaults), signed in by cookie. */
export async function measureLighthouse(
	server: Server,
	tokens: Record<Role, string>,
	outDir: string
): Promise<Section> {
	rmSync(outDir, { recursive: true, force: true });
	mkdirSync(outDir, { recursive: true });
	const audit = (url: string, token?: string) =>
		inOwnProcess<LighthouseRun, Lhr>(new URL('./lighthouse-process.ts', import.meta.url), {
			url,
			chromePath: chromium.path,
			cookie: token ? cookieHeader(token) : undefined,
			categories: [...categories],
			chromeFlags: ['--headless=new', ...chromium.flags, ...lighthouseOnlyFlags]
		});
	const once = async (path: string, token?: string): Promise<Result> => {
		const lhr = await audit(server.base + path, token);
		const landed = new URL(lhr.finalDisplayedUrl).pathname;
		if (landed !== path) throw new Error(`${path} was redirected to ${landed}: not signed in?`);
		if (lhr.runtimeError)
			throw new Error(`Lighthouse could not audit ${path}: ${lhr.runtimeError.message}`);
		const name = path.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'home';
		writeFileSync(
			join(
				outDir,
				`${name}-${Math.round((lhr.categories.performance.score ?? 0) * 100)}-${Date.now()}.json`
			),
			JSON.stringify(lhr)
		);
		const audits = lhr.audits as Record<string, Audit>;
		const lost = ['accessibility', 'best-practices'].flatMap((id) =>
			lhr.categories[id].auditRefs
				.filter((ref) => ref.weight > 0)
				.map((ref) => audits[ref.id])
				.filter((a) => a && a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative')
				.map((a) => `${id}: ${a.title}`)
		);
		return {
			path,
			scores: Object.fromEntries(
				categories.map((c) => [c, Math.round((lhr.categories[c].score ?? 0) * 100)])
			) as Result['scores'],
			lcp: audits['largest-contentful-paint'].numericValue ?? NaN,
			tbt: audits['total-blocking-time'].numericValue ?? NaN,
			benchmarkIndex: lhr.environment.benchmarkIndex,
			lost
		};
	};

	// Lighthouse's own advice for noisy machines: several runs, keep the median by performance.
	const run = async (path: string, token?: string) => {
		const runs: Result[] = [];
		for (let i = 0; i < lighthouseRuns; i++) runs.push(await once(path, token));
		runs.sort((a, b) => a.scores.performance - b.scores.performance);
		return runs[Math.floor(runs.length / 2)];
	};

	const checks: Check[] = [];
	const results: Result[] = [];
	const rows: (string | number)[][] = [];
	const base = await run(lighthouseBaseline.path);
	rows.push([
		lighthouseBaseline.label,
		...categories.map((c) => base.scores[c]),
		ms(base.lcp),
		'1.00×',
		ms(base.tbt),
		''
	]);
	for (const p of pages) {
		const token = p.audience === 'public' ? undefined : tokens[p.audience];
		if ((await probe(server, p.path, token)) === 404) {
			checks.push({
				name: `${p.path} Lighthouse`,
				status: 'missing',
				detail: 'the page answers 404'
			});
			rows.push([`\`${p.path}\``, '–', '–', '–', '–', '–', '–', mark.missing]);
			continue;
		}
		const r = await run(p.path, token);
		results.push(r);
		const pageChecks = categories.map((c): Check => ({
			name: `${p.path} Lighthouse ${c}`,
			status: r.scores[c] >= budgets.lighthouse[c] ? 'pass' : 'fail',
			detail: `${r.scores[c]} (budget ${budgets.lighthouse[c]})${
				r.scores[c] < budgets.lighthouse[c] && c !== 'performance'
					? `; lost on: ${r.lost.filter((l) => l.startsWith(c)).join('; ')}`
					: ''
			}`
		}));
		checks.push(...pageChecks);
		rows.push([
			`\`${p.path}\``,
			...categories.map((c) => r.scores[c]),
			ms(r.lcp),
			ratio(r.lcp, base.lcp),
			ms(r.tbt),
			pageChecks.every((c) => c.status === 'pass') ? mark.pass : mark.fail
		]);
	}
	return {
		id: 'lighthouse',
		title: '2. Lighthouse (12.x, mobile, simulated throttling)',
		lines: [
			`Budgets: performance ≥ ${budgets.lighthouse.performance}, accessibility ${budgets.lighthouse.accessibility}, best practices ${budgets.lighthouse['best-practices']}. Each page is the median of ${lighthouseRuns} runs by performance score. LCP is compared with the ${lighthouseBaseline.label} in the same run. Lighthouse's CPU benchmark index on this machine during the run: ${[base, ...results].map((r) => r.benchmarkIndex.toFixed(0)).join(', ')} (a quiet modern desktop scores about 1,000–2,000; lower means a slower or busier machine, which inflates TBT under simulated throttling). Full reports: \`bench-results/lighthouse/\`.`,
			'',
			...table(
				[
					'page',
					'performance',
					'accessibility',
					'best practices',
					'LCP',
					'LCP × baseline',
					'TBT',
					'result'
				],
				rows
			)
		],
		data: { baseline: base, pages: results },
		checks
	};
}
