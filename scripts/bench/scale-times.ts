import { attendance, booking, budgets, load, scale } from './config';
import type { ScaleFixtures } from './fixtures';
import { mark, ms, ratio, table, type Check, type Section } from './report';
import { cookieHeader, formHeaders, percentile, probe, type Server } from './server';
import { addCalendarMonths, londonDate } from '../../src/lib/dates';

type Timing = {
	name: string;
	path: string;
	p50: number;
	p95: number;
	samples: number;
	statuses: Record<number, number>;
	bytes: number;
};

type Request = { path: string; token?: string; form?: Record<string, string> };

/** Sequential requests over loopback: the time the server takes for each, one at a time. */
async function time(
	server: Server,
	name: string,
	requests: Request[],
	warmup: number
): Promise<Timing> {
	const send = async (r: Request) => {
		const started = performance.now();
		const response = await fetch(server.base + r.path, {
			method: r.form ? 'POST' : 'GET',
			redirect: 'manual',
			headers: {
				...(r.token ? { cookie: cookieHeader(r.token) } : {}),
				...(r.form ? formHeaders(server) : {})
			},
			body: r.form ? new URLSearchParams(r.form) : undefined
		});
		const body = await response.arrayBuffer();
		return { ms: performance.now() - started, status: response.status, bytes: body.byteLength };
	};
	for (const r of requests.slice(0, warmup)) if (!r.form) await send(r);
	const results = [];
	for (const r of requests) results.push(await send(r));
	const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
	const statuses: Record<number, number> = {};
	for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
	return {
		name,
		path: requests[0]?.path ?? '',
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		samples: results.length,
		statuses,
		bytes: Math.max(...results.map((r) => r.bytes))
	};
}

const rotate = <T>(items: T[], count: number) =>
	Array.from({ length: count }, (_, i) => items[i % items.length]);

export async function measureScale(
	server: Server,
	fixtures: ScaleFixtures,
	database: { bytes: number; counts: Record<string, number> },
	now = new Date()
): Promise<Section> {
	const to = londonDate(now);
	const from = addCalendarMonths(to, -scale.reportMonths);
	const navigator = fixtures.navigators[0];
	const participant = fixtures.participants[0];
	const trivial = await time(
		server,
		load.trivial.name,
		rotate([{ path: load.trivial.path }], scale.samples),
		scale.warmup
	);

	const measures: {
		name: string;
		budget: number;
		available: () => Promise<boolean>;
		/** What every answer must be: the page, or the redirect after a booking. */
		expect: number;
		requests: () => Request[];
		unavailable: string;
	}[] = [
		{
			name: 'Today page',
			budget: budgets.scalePageP95Ms,
			available: async () => (await probe(server, '/navigator', navigator)) !== 404,
			expect: 200,
			requests: () =>
				rotate(fixtures.navigators, scale.samples).map((token) => ({
					path: '/navigator',
					token
				})),
			unavailable: '/navigator answers 404'
		},
		{
			name: 'Caseload page',
			budget: budgets.scalePageP95Ms,
			available: async () => (await probe(server, '/navigator/caseload', navigator)) !== 404,
			expect: 200,
			requests: () =>
				rotate(fixtures.navigators, scale.samples).map((token) => ({
					path: '/navigator/caseload',
					token
				})),
			unavailable: '/navigator/caseload answers 404'
		},
		{
			name: `Attendance report, ${scale.reportMonths} months`,
			budget: budgets.scalePageP95Ms,
			available: async () => (await probe(server, attendance.report(from, to), navigator)) !== 404,
			expect: 200,
			requests: () =>
				rotate(fixtures.navigators, scale.samples).map((token) => ({
					path: attendance.report(from, to),
					token
				})),
			unavailable: '/navigator/attendance answers 404'
		},
		{
			name: `Attendance CSV, ${scale.reportMonths} months`,
			budget: budgets.scaleCsvP95Ms,
			available: async () => (await probe(server, attendance.csv(from, to), navigator)) !== 404,
			expect: 200,
			requests: () =>
				rotate(fixtures.navigators, scale.csvSamples).map((token) => ({
					path: attendance.csv(from, to),
					token
				})),
			unavailable: 'the CSV export answers 404'
		},
		{
			name: 'Participant home',
			budget: budgets.scalePageP95Ms,
			available: async () => (await probe(server, '/', participant)) !== 404,
			expect: 200,
			requests: () =>
				rotate(fixtures.participants, scale.samples).map((token) => ({ path: '/', token })),
			unavailable: '/ answers 404'
		},
		{
			name: 'Booking a place',
			budget: budgets.scalePageP95Ms,
			available: async () =>
				(await probe(server, booking.page, participant)) !== 404 && fixtures.bookings.length > 0,
			expect: 303,
			requests: () =>
				fixtures.bookings.map((b) => ({
					path: booking.action,
					token: b.token,
					form: { [booking.field]: b.slotId }
				})),
			unavailable: `${booking.page} answers 404, so there is no booking action to time`
		}
	];

	const checks: Check[] = [];
	const timings: Timing[] = [trivial];
	const rows: (string | number)[][] = [
		[
			`${trivial.name} \`${trivial.path}\``,
			ms(trivial.p50),
			ms(trivial.p95),
			'1.00×',
			trivial.samples,
			'',
			''
		]
	];
	for (const m of measures) {
		if (!(await m.available())) {
			checks.push({ name: m.name, status: 'not available', detail: m.unavailable });
			rows.push([m.name, '–', '–', '–', 0, `< ${m.budget} ms`, mark['not available']]);
			continue;
		}
		const t = await time(server, m.name, m.requests(), scale.warmup);
		timings.push(t);
		// A redirect to sign-in or to the second-factor page is fast and would pass unnoticed.
		const failures = Object.entries(t.statuses).filter(([status]) => Number(status) !== m.expect);
		const check: Check = {
			name: `${m.name} p95`,
			status: t.p95 < m.budget && failures.length === 0 ? 'pass' : 'fail',
			detail: `${ms(t.p95)} (budget < ${m.budget} ms), ${ratio(t.p95, trivial.p95)} the trivial route${
				failures.length
					? `; answers ${failures.map(([s, n]) => `${n}× HTTP ${s}`).join(', ')} where ${m.expect} was expected`
					: ''
			}`
		};
		checks.push(check);
		rows.push([
			`${m.name} \`${t.path.split('?')[0]}\``,
			ms(t.p50),
			ms(t.p95),
			ratio(t.p95, trivial.p95),
			t.samples,
			`< ${m.budget} ms`,
			mark[check.status]
		]);
	}
	const counts = Object.entries(database.counts)
		.map(([k, v]) => `${v.toLocaleString('en-GB')} ${k}`)
		.join(', ');
	return {
		id: 'scale',
		title: '4. National scale (server time, p95)',
		lines: [
			`Database: ${counts}; database file ${(database.bytes / 1024 / 1024).toFixed(0)} MB. Each measure is ${scale.samples} sequential requests (CSV ${scale.csvSamples}) after ${scale.warmup} warm-up requests, spread over different navigators and participants across the country; the report covers ${from} to ${to}. Baseline: the trivial route on the same server.`,
			'',
			...table(['measure', 'p50', 'p95', 'p95 × trivial', 'requests', 'budget', 'result'], rows)
		],
		data: { database, from, to, timings },
		checks
	};
}
