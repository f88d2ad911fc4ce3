import { generateHOTP } from '@oslojs/otp';
import { expect, test } from '@playwright/test';
import { arrangeBooking, freshAccount, get, lookup, origin, post, signIn, userId } from './support';

const minute = 60_000;

/** The code the navigator's screen showed at this instant. */
function codeAt(secret: string, at: number) {
	return generateHOTP(new TextEncoder().encode(secret), BigInt(Math.floor(at / minute)), 6);
}

async function sendQueued(cookie: string, item: Record<string, unknown>) {
	const response = await fetch(`${origin}/check-in/queued`, {
		method: 'POST',
		headers: { cookie, origin, 'content-type': 'application/json', accept: 'application/json' },
		body: JSON.stringify(item)
	});
	return { status: response.status, body: await response.json() };
}

const checkedInAt = (bookingId: string) =>
	lookup<{ checked_in_at: number | null }>(
		'select checked_in_at from booking where id = ?',
		bookingId
	)?.checked_in_at;

test.describe('a check-in queued offline', () => {
	let participant: Awaited<ReturnType<typeof freshAccount>>;

	test.beforeAll(async () => {
		participant = await freshAccount('participant', await signIn('coordinator'));
	});

	const queued = (item: Record<string, unknown>) => ({
		key: crypto.randomUUID(),
		userId: participant.id,
		...item
	});

	test('an item without a proper key is refused as a mistake, not a server error', async () => {
		for (const key of [undefined, '', 'short', 'no spaces allowed', 42]) {
			const sent = await sendQueued(participant.cookie, {
				key,
				userId: participant.id,
				code: '123456',
				madeAt: Date.now()
			});
			expect(sent.status, JSON.stringify(key)).toBe(400);
			expect(sent.body.errors).toBeTruthy();
		}
	});

	test('a door code seen once cannot be sent long after with the time it was seen', async () => {
		const now = Date.now();
		const started = now - 50 * minute;
		const { bookingId, secret } = arrangeBooking(
			participant.id,
			userId('navigator1'),
			new Date(started)
		);
		const seenAt = now - 37 * minute;
		const result = await sendQueued(
			participant.cookie,
			queued({ madeAt: seenAt, code: codeAt(secret, seenAt) })
		);
		expect(result.status).toBe(400);
		expect(checkedInAt(bookingId)).toBeNull();
	});

	test('a remote session cannot be checked in to after its window closed, on the phone’s word', async () => {
		const now = Date.now();
		const { bookingId } = arrangeBooking(
			participant.id,
			userId('navigator1'),
			new Date(now - 45 * minute),
			'phone'
		);
		const result = await sendQueued(
			participant.cookie,
			queued({ madeAt: now - 40 * minute, bookingId })
		);
		expect(result.status).toBe(400);
		expect(checkedInAt(bookingId)).toBeNull();
	});

	test('one that arrives late does not count until the navigator confirms it', async () => {
		const now = Date.now();
		const { bookingId, secret } = arrangeBooking(
			participant.id,
			userId('navigator1'),
			new Date(now - 10 * minute)
		);
		const madeAt = now - 12 * minute;
		const result = await sendQueued(
			participant.cookie,
			queued({ madeAt, code: codeAt(secret, madeAt) })
		);
		expect(result.status).toBe(200);
		expect(result.body.done.status).toBe('awaiting_confirmation');
		expect(checkedInAt(bookingId)).toBeNull();

		const navigator = await signIn('navigator1');
		const today = await (await get('/navigator', navigator)).text();
		expect(today).toContain('Check-ins to confirm');
		expect(today).toContain(bookingId);

		const other = await signIn('navigator2');
		const refused = await post(
			'/navigator?/reviewCheckin',
			{ bookingId, decision: 'confirm' },
			{ cookie: other }
		);
		expect(refused.status).toBe(400);
		expect(checkedInAt(bookingId)).toBeNull();

		const confirmed = await post(
			'/navigator?/reviewCheckin',
			{ bookingId, decision: 'confirm' },
			{ cookie: navigator }
		);
		expect(confirmed.status).toBe(200);
		expect(checkedInAt(bookingId)).toBe(madeAt);
	});
});
