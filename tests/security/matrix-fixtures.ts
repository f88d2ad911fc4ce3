import Database from 'better-sqlite3';
import { standInEnvironment } from '../notify/stand-in';
import { placeholders, type MatrixEntry, type Role, type Stranger } from './routes';
import {
	arrangeBooking,
	demoPassword,
	exemptFromSecondFactor,
	freshAccount,
	newAccount,
	post,
	signIn
} from './support';

/** Everyone the matrix is tried as: the roles, a visitor, a half-signed-in staff member, strangers. */
export type Who = Role | 'anonymous' | 'owingSecondFactor' | Exclude<Stranger, 'madeUp'>;

type Account = { username: string; passphrase: string; cookie: string };

const hour = 3_600_000;

/**
 * The suite's own accounts and records, so that what it posts changes nothing another test relies
 * on: a navigator and a coordinator (exempt from the second factor, as the demo's staff are), a
 * participant on that navigator's caseload with a booking in two days and one that began an hour
 * ago, a navigator who has not set up their second factor, and a code for an account never
 * activated. The strangers are the demo's navigator2 and participant2.
 */
export async function arrangeFixtures() {
	const demoCoordinator = await signIn('coordinator');
	const navigator = await freshAccount('navigator', demoCoordinator, 'Matrix Navigator');
	const coordinator = await freshAccount('coordinator', demoCoordinator, 'Matrix Coordinator');
	for (const staff of [navigator, coordinator]) exemptFromSecondFactor(staff.id);
	const participant = await freshAccount(
		'participant',
		demoCoordinator,
		'Matrix Participant',
		navigator.id
	);
	const owingSecondFactor = await freshAccount('navigator', demoCoordinator, 'Matrix Half-Signed');
	const neverActivated = await newAccount(
		'participant',
		demoCoordinator,
		'Matrix Newcomer',
		navigator.id
	);
	const upcoming = arrangeBooking(participant.id, navigator.id, new Date(Date.now() + 48 * hour));
	const began = arrangeBooking(participant.id, navigator.id, new Date(Date.now() - hour));

	const demo = async (username: string) => ({
		username,
		passphrase: demoPassword,
		cookie: await signIn(username)
	});
	const accounts: Record<Exclude<Who, 'anonymous'>, Account> = {
		participant,
		navigator,
		coordinator,
		owingSecondFactor,
		otherNavigator: await demo('navigator2'),
		otherParticipant: await demo('participant2')
	};
	const known: Record<string, string> = {
		participant: participant.id,
		user: participant.id,
		slot: upcoming.slotId,
		booking: upcoming.bookingId,
		pastBooking: began.bookingId,
		notifyToken: standInEnvironment.NOTIFY_CALLBACK_TOKEN,
		activationCode: neverActivated.code
	};
	const ids = [
		participant.id,
		navigator.id,
		upcoming.slotId,
		upcoming.bookingId,
		began.slotId,
		began.bookingId
	];

	/** A new feed each time: the participant's own tries may have revoked the last one. */
	async function calendarFeed() {
		const response = await post(
			'/sessions?/newFeed',
			{},
			{ cookie: participant.cookie, json: true }
		);
		const token = (await response.text()).match(/\/calendar\/([^"\\/]+)\.ics/)?.[1];
		if (!token) throw new Error(`No calendar feed: ${response.status}`);
		return token;
	}

	return {
		cookie(who: Who) {
			return who === 'anonymous' ? null : accounts[who].cookie;
		},

		/** A sign-in of its own, for a request that ends the one it is sent with. */
		async freshSignIn(who: Who) {
			return who === 'anonymous' ? null : signIn(accounts[who].username, accounts[who].passphrase);
		},

		/**
		 * What the placeholders in these texts stand for; with `madeUpTokens`, the tokens that are
		 * credentials are made up instead, as a stranger without them would.
		 */
		async values(texts: string[], { madeUpTokens = false } = {}) {
			const values: Record<string, string> = {};
			for (const name of new Set(texts.flatMap(placeholdersIn))) {
				if (madeUpTokens && placeholders[name].stranger === 'madeUp')
					values[name] = `made-up-${crypto.randomUUID()}`;
				else values[name] = name === 'feed' ? await calendarFeed() : known[name];
			}
			return values;
		},

		/** Everything stored about the suite's participant, navigator and sessions. */
		records() {
			return recordsOf(ids);
		}
	};
}

export type Fixtures = Awaited<ReturnType<typeof arrangeFixtures>>;

const placeholderPattern = /:([a-z][A-Za-z]*)/g;

export function placeholdersIn(text: string) {
	return [...text.matchAll(placeholderPattern)].map(([written, name]) => {
		if (!(name in placeholders)) throw new Error(`${written} in "${text}" is not a placeholder`);
		return name;
	});
}

export function fill(text: string, values: Record<string, string>) {
	return text.replace(placeholderPattern, (_, name: string) => values[name]);
}

/** Fields, headers or a JSON body with the placeholders in their text values filled in. */
export function fillEach<T extends Record<string, unknown>>(
	texts: T | undefined,
	values: Record<string, string>
): T | undefined {
	if (!texts) return undefined;
	return Object.fromEntries(
		Object.entries(texts).map(([name, v]) => [name, typeof v === 'string' ? fill(v, values) : v])
	) as T;
}

/** Every text of a request that may name a placeholder: its address, fields, headers, body. */
export function textsOf(path: string, entry: MatrixEntry) {
	return [
		path,
		...Object.values(entry.fields ?? {}),
		...Object.values(entry.headers ?? {}),
		...Object.values(entry.json ?? {}).filter((v): v is string => typeof v === 'string'),
		...Object.values(entry.stranger?.fields ?? {}),
		...Object.values(entry.stranger?.query ?? {})
	];
}

/** Reminders the scheduler sends in the background change these on their own. */
const changedInTheBackground = ['notification', 'notification_delivery'];

/** Every row, in any table, that has one of these ids as its id or as one of its `…_id`s. */
function recordsOf(ids: string[]) {
	const db = new Database('./data/e2e.db', { readonly: true, fileMustExist: true });
	try {
		const tables = db
			.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`)
			.pluck()
			.all() as string[];
		const marks = ids.map(() => '?').join(', ');
		return Object.fromEntries(
			tables
				.filter((table) => !changedInTheBackground.includes(table))
				.map((table) => {
					const columns = (
						db.prepare('select name from pragma_table_info(?)').pluck().all(table) as string[]
					).filter((column) => column === 'id' || column.endsWith('_id'));
					if (columns.length === 0) return [table, []];
					const where = columns.map((column) => `"${column}" in (${marks})`).join(' or ');
					const rows = db
						.prepare(`select * from "${table}" where ${where}`)
						.all(...columns.flatMap(() => ids));
					return [table, rows];
				})
		);
	} finally {
		db.close();
	}
}
