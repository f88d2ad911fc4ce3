/**
 * A national-sized database for the benchmarks: 400 navigators with 50 participants each
 * (20,000), 1,000 sessions per navigator from 22 weeks ago to 3 weeks ahead (400,000 slots),
 * and 2,000,000 bookings, past ones with an attendance outcome (a few corrected).
 *
 * Usage: tsx scripts/seed/scale.ts [database path] [--fresh]
 * Defaults to ./data/scale.db. Refuses to touch a database that already has data unless
 * --fresh is given, in which case the file is deleted and rebuilt.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { hashPassword } from '../../src/lib/server/auth/password';
import { openDatabase } from '../../src/lib/server/db/open';
import { addDays, londonDate, londonToInstant } from '../../src/lib/dates';
import { contractEndFor } from '../../src/lib/programme';
import { demoPassword } from './demo';

export const scaleShape = {
	navigators: 400,
	participantsPerNavigator: 50,
	/** Weekdays of sessions per navigator, starting `weeksBack` weeks ago. */
	days: 125,
	weeksBack: 22
} as const;

/** One weekday of a navigator's diary: 40 bookings over 8 sessions (1,000 slots, 5,000 bookings per navigator). */
const day = [
	{ hour: '09:00', type: 'one_to_one', mode: 'in_person', capacity: 1, booked: 1 },
	{ hour: '10:00', type: 'group', mode: 'in_person', capacity: 10, booked: 8 },
	{ hour: '11:00', type: 'partner', mode: 'in_person', capacity: 1, booked: 1 },
	{ hour: '12:00', type: 'group', mode: 'video', capacity: 10, booked: 8 },
	{ hour: '13:00', type: 'one_to_one', mode: 'phone', capacity: 1, booked: 1 },
	{ hour: '14:00', type: 'group', mode: 'in_person', capacity: 10, booked: 8 },
	{ hour: '15:00', type: 'volunteering', mode: 'in_person', capacity: 10, booked: 8 },
	{ hour: '16:00', type: 'group', mode: 'video', capacity: 6, booked: 5 }
] as const;

const titles: Record<(typeof day)[number]['type'], string> = {
	one_to_one: 'Meeting with your navigator',
	group: 'Drug awareness group',
	partner: 'Drug and alcohol service appointment',
	volunteering: 'Volunteering shift'
};

const firstNames = [
	'Jordan',
	'Sam',
	'Kerry',
	'Dean',
	'Aisha',
	'Lee',
	'Chris',
	'Toni',
	'Ryan',
	'Jo'
];
const lastNames = ['Ellis', 'Okafor', 'Walsh', 'Harper', 'Rahman', 'Morgan', 'Dunn', 'Baker'];

/** Deterministic, so two builds of the database are the same apart from ids' random bits. */
function random(seed: number) {
	let state = seed >>> 0;
	return () => {
		state = (state * 1664525 + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

/**
 * UUID-shaped ids that sort in insertion order (like UUIDv7), so the big tables' primary-key
 * b-trees are appended to rather than split at random. The counter makes them unique; the random
 * tail, drawn once per build, keeps two builds' ids apart. Millions of random draws would
 * otherwise dominate the seed's time.
 */
function orderedIds() {
	const tail = crypto.randomUUID().slice(14);
	let counter = 0;
	return () => {
		const n = (++counter).toString(16).padStart(12, '0');
		return `${n.slice(0, 8)}-${n.slice(8)}-7${tail.slice(1)}`;
	};
}

function weekdaysFrom(start: string, count: number) {
	const dates: string[] = [];
	for (let date = start; dates.length < count; date = addDays(date, 1)) {
		const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
		if (weekday !== 0 && weekday !== 6) dates.push(date);
	}
	return dates;
}

export async function seedScale(path: string, now = new Date()) {
	const started = performance.now();
	const db = openDatabase(path);
	const sqlite = db.$client;
	sqlite.pragma('synchronous = OFF');
	sqlite.pragma('cache_size = -1000000');
	sqlite.pragma('temp_store = MEMORY');
	// Secondary indexes are built once from the loaded rows and foreign keys checked once in bulk,
	// rather than both row by row.
	sqlite.pragma('foreign_keys = OFF');
	const laterIndexes = sqlite
		.prepare(
			`select name, sql from sqlite_master where type = 'index' and sql is not null
			 and tbl_name in ('slot', 'booking', 'outcome_change')`
		)
		.all() as { name: string; sql: string }[];
	for (const index of laterIndexes) sqlite.exec(`drop index "${index.name}"`);

	const passwordHash = await hashPassword(demoPassword);
	const today = londonDate(now);
	const nowMs = now.getTime();
	const newId = orderedIds();
	const next = random(20260326);
	const seedStart = addDays(today, -7 * scaleShape.weeksBack);
	// Every navigator keeps the same hours, so the London-to-UTC conversion is done once.
	const diary = weekdaysFrom(seedStart, scaleShape.days).flatMap((date) =>
		day.map((s) => ({ ...s, startsAt: londonToInstant(date, s.hour).getTime() }))
	);

	const insertUser = sqlite.prepare(
		`insert into user (id, username, display_name, role, password_hash, active, created_at)
		 values (?, ?, ?, ?, ?, 1, ?)`
	);
	const insertParticipant = sqlite.prepare(
		`insert into participant (user_id, reference, navigator_id, contract_start, contract_end, status, created_at)
		 values (?, ?, ?, ?, ?, ?, ?)`
	);
	const insertSlot = sqlite.prepare(
		`insert into slot (id, navigator_id, type, title, starts_at, ends_at, mode, place, remote_details,
		   capacity, booked_count, checkin_secret, status, created_at)
		 values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'scheduled', ?)`
	);
	const insertBooking = sqlite.prepare(
		`insert into booking (id, slot_id, participant_id, status, booked_by, created_at, cancelled_at,
		   checked_in_at, outcome, outcome_by, outcome_at)
		 values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const insertChange = sqlite.prepare(
		`insert into outcome_change (booking_id, previous_outcome, new_outcome, reason, changed_by, changed_at)
		 values (?, ?, ?, ?, ?, ?)`
	);

	const counts = { users: 0, slots: 0, bookings: 0, outcomes: 0, corrections: 0 };
	const seedNavigator = sqlite.transaction((n: number) => {
		const navigatorId = newId();
		insertUser.run(
			navigatorId,
			`nav${String(n).padStart(3, '0')}`,
			`${firstNames[n % firstNames.length]} ${lastNames[n % lastNames.length]}`,
			'navigator',
			passwordHash,
			nowMs
		);
		counts.users++;

		const caseload: string[] = [];
		const missRate: number[] = [];
		for (let p = 0; p < scaleShape.participantsPerNavigator; p++) {
			const number = n * scaleShape.participantsPerNavigator + p;
			const id = newId();
			const completed = p % 10 === 9;
			const daysIn = completed ? 125 + Math.floor(next() * 60) : Math.floor(next() * 120);
			const contractStart = addDays(today, -daysIn);
			insertUser.run(
				id,
				`p${String(number).padStart(5, '0')}`,
				`${firstNames[number % firstNames.length]} ${lastNames[(number * 7) % lastNames.length]}`,
				'participant',
				passwordHash,
				nowMs
			);
			insertParticipant.run(
				id,
				`CP-S-${String(number).padStart(6, '0')}`,
				navigatorId,
				contractStart,
				contractEndFor(contractStart),
				completed ? 'completed' : 'active',
				nowMs
			);
			caseload.push(id);
			missRate.push(p % 7 === 3 ? 0.35 : 0.08);
			counts.users++;
		}

		let rotation = 0;
		for (const s of diary) {
			const slotId = newId();
			const startsAt = s.startsAt;
			const endsAt = startsAt + 60 * 60_000;
			const past = endsAt < nowMs;
			const cancelled: boolean[] = [];
			for (let b = 0; b < s.booked; b++) cancelled.push(next() < 0.04);
			const active = cancelled.filter((c) => !c).length;
			insertSlot.run(
				slotId,
				navigatorId,
				s.type,
				titles[s.type],
				startsAt,
				endsAt,
				s.mode,
				s.mode === 'in_person' ? '12 Front Street, Durham DH1 3AA' : null,
				s.mode === 'in_person' ? null : 'We will call you',
				s.capacity,
				active,
				crypto.randomUUID(),
				startsAt - 14 * 86_400_000
			);
			counts.slots++;

			for (let b = 0; b < s.booked; b++) {
				const p = rotation++ % caseload.length;
				const participantId = caseload[p];
				const bookingId = newId();
				const createdAt = startsAt - 7 * 86_400_000;
				if (cancelled[b]) {
					insertBooking.run(
						bookingId,
						slotId,
						participantId,
						'cancelled_by_participant',
						participantId,
						createdAt,
						createdAt + 86_400_000,
						null,
						null,
						null,
						null
					);
				} else if (past) {
					const roll = next();
					const missed = roll < missRate[p];
					const outcome = missed
						? roll < missRate[p] / 3
							? 'missed_acceptable'
							: 'missed_unacceptable'
						: roll > 0.9
							? 'late'
							: 'attended';
					const checkedInAt = missed ? null : startsAt + (outcome === 'late' ? 15 : -5) * 60_000;
					insertBooking.run(
						bookingId,
						slotId,
						participantId,
						'booked',
						participantId,
						createdAt,
						null,
						checkedInAt,
						outcome,
						navigatorId,
						endsAt
					);
					counts.outcomes++;
					if (roll > 0.995) {
						insertChange.run(
							bookingId,
							'missed_unacceptable',
							outcome,
							'Checked in at reception; the code screen was down.',
							navigatorId,
							endsAt + 86_400_000
						);
						counts.corrections++;
					}
				} else {
					insertBooking.run(
						bookingId,
						slotId,
						participantId,
						'booked',
						participantId,
						createdAt,
						null,
						null,
						null,
						null,
						null
					);
				}
				counts.bookings++;
			}
		}
	});

	for (let n = 0; n < scaleShape.navigators; n++) {
		seedNavigator(n);
		if ((n + 1) % 50 === 0) {
			const seconds = ((performance.now() - started) / 1000).toFixed(1);
			console.log(`  ${n + 1}/${scaleShape.navigators} navigators, ${seconds} s`);
		}
	}
	console.log('  indexing and checking foreign keys…');
	for (const index of laterIndexes) sqlite.exec(index.sql);
	const broken = sqlite.pragma('foreign_key_check') as unknown[];
	if (broken.length > 0) throw new Error(`${broken.length} rows break a foreign key`);
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('wal_checkpoint(TRUNCATE)');
	sqlite.close();
	return { ...counts, seconds: (performance.now() - started) / 1000, bytes: statSync(path).size };
}

async function main() {
	const args = process.argv.slice(2);
	const fresh = args.includes('--fresh');
	const path = args.find((a) => !a.startsWith('--')) ?? './data/scale.db';
	if (existsSync(path)) {
		if (!fresh) {
			console.log(`${path} exists; pass --fresh to delete and rebuild it.`);
			return;
		}
		for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
	}
	console.log(`Building a national-sized database in ${path}…`);
	const result = await seedScale(path);
	console.log(
		`Done in ${result.seconds.toFixed(1)} s: ${result.users} users, ${result.slots} slots, ` +
			`${result.bookings} bookings (${result.outcomes} with an outcome, ${result.corrections} corrected), ` +
			`${(result.bytes / 1024 / 1024).toFixed(0)} MB. Every password is "${demoPassword}".`
	);
}

if (process.argv[1]?.endsWith('scale.ts')) {
	await main();
}
