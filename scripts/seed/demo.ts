/**
 * Demo data: every screen shows something real. Dates are relative to the day the database is
 * made. Usage: tsx scripts/seed/demo.ts [database path]  (only seeds an empty database)
 */
import { hashPassword } from '../../src/lib/server/auth/password';
import { openDatabase, type Connection, type Db } from '../../src/lib/server/db/open';
import * as table from '../../src/lib/server/db/schema';
import { addDays, londonDate } from '../../src/lib/dates';
import { contractEndFor } from '../../src/lib/programme';
import { seedPlaces } from './places';
import { seedSessions } from './sessions';
import { seedPlan } from './plan';
import { seedSupport } from './support';
import { seedAttendance } from './attendance';
import { seedSecurity } from './security';

export const demoPassword = 'checkpoint-demo';

type DemoParticipant = {
	username: string;
	displayName: string;
	navigator: 'navigator1' | 'navigator2';
	/** Days since the contract started. */
	daysIn: number;
	status?: table.ParticipantStatus;
};

export const demoParticipants: DemoParticipant[] = [
	{ username: 'participant1', displayName: 'Jordan Ellis', navigator: 'navigator1', daysIn: 3 },
	{ username: 'participant2', displayName: 'Sam Okafor', navigator: 'navigator1', daysIn: 112 },
	{ username: 'participant3', displayName: 'Kerry Walsh', navigator: 'navigator1', daysIn: 45 },
	{
		username: 'participant4',
		displayName: 'Dean Harper',
		navigator: 'navigator1',
		daysIn: 140,
		status: 'completed'
	},
	{ username: 'participant5', displayName: 'Aisha Rahman', navigator: 'navigator2', daysIn: 20 },
	{ username: 'participant6', displayName: 'Lee Morgan', navigator: 'navigator2', daysIn: 65 },
	{ username: 'participant7', displayName: 'Chris Dunn', navigator: 'navigator2', daysIn: 90 },
	{ username: 'participant8', displayName: 'Toni Baker', navigator: 'navigator2', daysIn: 8 }
];

export async function seedDemo(db: Connection, now = new Date()) {
	const passwordHash = await hashPassword(demoPassword);
	const today = londonDate(now);
	const ids = new Map<string, string>();
	const addUser = (username: string, displayName: string, role: table.Role) => {
		const id = crypto.randomUUID();
		ids.set(username, id);
		// Demo staff sign in with the password alone, so the demo stays two commands.
		const twoFactorExempt = role !== 'participant';
		db.insert(table.user)
			.values({ id, username, displayName, role, passwordHash, twoFactorExempt })
			.run();
		return id;
	};

	db.transaction(() => {
		addUser('coordinator', 'Pat Lindsay', 'coordinator');
		addUser('navigator1', 'Morgan Reid', 'navigator');
		addUser('navigator2', 'Alex Carter', 'navigator');
		demoParticipants.forEach((p, index) => {
			const id = addUser(p.username, p.displayName, 'participant');
			const contractStart = addDays(today, -p.daysIn);
			db.insert(table.participant)
				.values({
					userId: id,
					reference: `CP-${today.slice(0, 4)}-${String(101 + index).padStart(4, '0')}`,
					navigatorId: ids.get(p.navigator)!,
					contractStart,
					contractEnd: contractEndFor(contractStart),
					status: p.status ?? 'active'
				})
				.run();
		});
	});
	seedPlan(db, ids, now);
	const places = seedPlaces(db);
	seedSessions(db, ids, places, now);
	seedSupport(db, ids, now);
	seedAttendance(db, ids, places, now);
	seedSecurity(db, ids, now);
	return ids;
}

export function isEmpty(db: Db) {
	return !db.select({ id: table.user.id }).from(table.user).limit(1).get();
}

async function main() {
	const path = process.argv[2] ?? process.env.DATABASE_PATH ?? './data/demo.db';
	const db = openDatabase(path);
	if (!isEmpty(db)) {
		console.log(`${path} already has data; leaving it as it is.`);
		return;
	}
	await seedDemo(db);
	console.log(`Seeded demo data into ${path}. Every demo password is "${demoPassword}".`);
	db.$client.close();
}

if (process.argv[1]?.endsWith('demo.ts')) {
	await main();
}
