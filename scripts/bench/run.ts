/**
 * `npm run bench`: page weight, Lighthouse, server throughput, national scale and a booking storm,
 * each measured beside its baseline in the same run. Writes bench-results/latest.{md,json} (and a
 * dated copy) and exits 1 when any budget is missed or could not be measured.
 *
 * Options: --only=weight,lighthouse,load,scale,storm   --skip-build   --reseed
 * Environment: BENCH_PORT (default 4310), CHROMIUM_PATH (default /usr/bin/chromium).
 */
import { execFileSync } from 'node:child_process';
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync
} from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { count, eq, isNotNull, type SQL } from 'drizzle-orm';
import { openDatabase } from '../../src/lib/server/db/open';
import * as table from '../../src/lib/server/db/schema';
import { demoPassword } from '../seed/demo';
import { seedScale } from '../seed/scale';
import { demoAccounts, scale, storm, type Role } from './config';
import { prepareScaleFixtures } from './fixtures';
import { compareTodayAndCaseload } from './attention-agreement';
import { measureLighthouse } from './lighthouse';
import { measureLoad } from './load';
import { renderMarkdown, type Section } from './report';
import { measureScale } from './scale-times';
import { signInOverHttp, startServer, type Server } from './server';
import { measureStorm } from './storm';
import { measureWeight } from './weight';

const allSections = ['weight', 'lighthouse', 'load', 'scale', 'storm'] as const;
type SectionId = (typeof allSections)[number];

const args = process.argv.slice(2);
const only = args
	.find((a) => a.startsWith('--only='))
	?.slice('--only='.length)
	.split(',');
const selected = new Set<SectionId>(
	only ? allSections.filter((s) => only.includes(s)) : allSections
);
const port = Number(process.env.BENCH_PORT ?? 4310);
const outDir = 'bench-results';
const workDir = join(outDir, 'work');
const scaleDatabase = './data/scale.db';

function step(message: string) {
	console.log(`\n▸ ${message}`);
}

/** Lighthouse lives in scripts/bench's own lock, installed the first time it is needed. */
function ensureBenchTools() {
	if (existsSync('scripts/bench/node_modules/lighthouse/package.json')) return;
	step('Installing Lighthouse into scripts/bench (once)');
	execFileSync('npm', ['ci', '--prefix', 'scripts/bench', '--no-audit', '--no-fund'], {
		stdio: 'inherit'
	});
}

function machine() {
	const model = cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
	const load = loadavg()[0].toFixed(1);
	return `${cpus().length} cores (${model}), Node ${process.version}, load average ${load} at the start`;
}

function commit() {
	try {
		const hash = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
		const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim();
		return dirty ? `${hash} (with uncommitted changes)` : hash;
	} catch {
		return 'unknown';
	}
}

function serviceWorkerWeight() {
	const dir = 'build/client';
	const files = readdirSync(dir).filter((f) => f === 'sw.js' || /^workbox-.*\.js$/.test(f));
	return {
		files: files.length,
		js: files.reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0)
	};
}

function freshCopy(from: string | null, to: string) {
	for (const suffix of ['', '-wal', '-shm']) rmSync(to + suffix, { force: true });
	if (from) copyFileSync(from, to);
}

function databaseCounts(path: string) {
	const db = openDatabase(path);
	try {
		const total = (
			from: typeof table.user | typeof table.slot | typeof table.booking,
			where?: SQL
		) => db.select({ n: count() }).from(from).where(where).get()?.n ?? 0;
		return {
			navigators: total(table.user, eq(table.user.role, 'navigator')),
			participants: total(table.user, eq(table.user.role, 'participant')),
			slots: total(table.slot),
			bookings: total(table.booking),
			'attendance outcomes': total(table.booking, isNotNull(table.booking.outcome))
		};
	} finally {
		db.$client.close();
	}
}

async function withServer<T>(database: string, name: string, work: (server: Server) => Promise<T>) {
	const server = await startServer(database, port, join(workDir, `server-${name}.log`));
	try {
		return await work(server);
	} finally {
		await server.stop();
	}
}

const titles: Record<SectionId, string> = {
	weight: '1. Page weight',
	lighthouse: '2. Lighthouse',
	load: '3. Server throughput',
	scale: '4. Scale',
	storm: '5. Booking storm'
};

function failed(id: SectionId, e: unknown): Section {
	const message = e instanceof Error ? e.message : String(e);
	console.error(`${titles[id]} failed:`, e);
	return {
		id,
		title: titles[id],
		lines: [`Could not be measured: ${message}`],
		data: null,
		checks: [{ name: titles[id], status: 'fail', detail: message }]
	};
}

/** A section that throws is reported as a failure; the others still run. */
async function attempt(id: SectionId, work: () => Promise<Section>): Promise<Section> {
	step(titles[id]);
	try {
		return await work();
	} catch (e) {
		return failed(id, e);
	}
}

/** When a phase's setup fails (seeding, the server, signing in), each of its sections fails. */
async function phase(ids: SectionId[], sections: Section[], work: () => Promise<void>) {
	if (!ids.some((id) => selected.has(id))) return;
	try {
		await work();
	} catch (e) {
		for (const id of ids) {
			if (selected.has(id) && !sections.some((s) => s.id === id)) sections.push(failed(id, e));
		}
	}
}

async function main() {
	const startedAt = new Date();
	const header = { startedAt, machine: machine(), commit: commit() };
	mkdirSync(workDir, { recursive: true });
	if (selected.has('lighthouse')) ensureBenchTools();
	if (!args.includes('--skip-build')) {
		step('Building the app');
		execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
	}

	const sections: Section[] = [];
	await phase(['weight', 'lighthouse', 'load'], sections, async () => {
		step('Demo database: page weight, Lighthouse and throughput');
		const demo = join(workDir, 'demo.db');
		freshCopy(null, demo);
		execFileSync('npx', ['tsx', 'scripts/seed/demo.ts', demo], { stdio: 'inherit' });
		await withServer(demo, 'demo', async (server) => {
			const tokens = {} as Record<Role, string>;
			for (const role of ['participant', 'navigator'] as Role[]) {
				tokens[role] = await signInOverHttp(server, demoAccounts[role], demoPassword);
			}
			if (selected.has('weight')) {
				sections.push(
					await attempt('weight', () => measureWeight(server, tokens, serviceWorkerWeight()))
				);
			}
			if (selected.has('lighthouse')) {
				sections.push(
					await attempt('lighthouse', () =>
						measureLighthouse(server, tokens, join(outDir, 'lighthouse'))
					)
				);
			}
			if (selected.has('load')) {
				sections.push(await attempt('load', () => measureLoad(server, tokens)));
			}
		});
	});

	await phase(['scale', 'storm'], sections, async () => {
		if (!existsSync(scaleDatabase) || args.includes('--reseed')) {
			step(`Building the national database in ${scaleDatabase} (once)`);
			freshCopy(null, scaleDatabase);
			await seedScale(scaleDatabase);
		}
		step('National database: scale timings and the booking storm');
		const working = join(workDir, 'scale.db');
		freshCopy(scaleDatabase, working);
		const database = { bytes: statSync(scaleDatabase).size, counts: databaseCounts(working) };
		const fixtures = prepareScaleFixtures(working, { samples: scale.samples, storm });
		await withServer(working, 'scale', async (server) => {
			if (selected.has('scale')) {
				sections.push(
					await attempt('scale', async () => {
						const section = await measureScale(server, fixtures, database);
						const agreement = compareTodayAndCaseload(working, scale.samples);
						section.checks.push(agreement);
						section.lines.push('', `${agreement.name}: ${agreement.detail}.`);
						return section;
					})
				);
			}
			if (selected.has('storm')) {
				sections.push(await attempt('storm', () => measureStorm(server, fixtures, working)));
			}
		});
	});

	const seconds = (Date.now() - startedAt.getTime()) / 1000;
	const markdown = renderMarkdown({ ...header, seconds, loadAtEnd: loadavg()[0] }, sections);
	const checks = sections.flatMap((s) => s.checks.map((c) => ({ section: s.id, ...c })));
	const json = JSON.stringify(
		{ ...header, seconds, sections: sections.map(({ lines: _lines, ...s }) => s), checks },
		null,
		2
	);
	const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
	for (const name of ['latest', `bench-${stamp}`]) {
		writeFileSync(join(outDir, `${name}.md`), markdown);
		writeFileSync(join(outDir, `${name}.json`), json);
	}
	console.log(`\n${markdown}\nReport: ${join(outDir, 'latest.md')} and latest.json`);
	const missed = checks.filter((c) => c.status !== 'pass').length;
	process.exitCode = missed === 0 ? 0 : 1;
}

await main();
