import { describe, expect, it } from 'vitest';
import { enrolParticipant } from '../accounts';
import * as table from '../db/schema';
import { InputError } from '../input';
import { createTestDb } from '$fixtures/test-db';
import {
	findUsableCode,
	issueActivationCode,
	normaliseCode,
	redeemActivationCode
} from './activation';
import { verifyPassword } from './password';
import { createSignIn } from './sign-in';

const now = new Date('2026-03-10T12:00:00Z');

function setup() {
	const db = createTestDb();
	db.insert(table.user)
		.values({ id: 'nav', username: 'nav', displayName: 'Nav', role: 'navigator' })
		.run();
	const enrolled = enrolParticipant(
		db,
		{
			username: 'robin',
			displayName: 'Robin',
			reference: 'CP-1',
			contractStart: '2026-03-09',
			navigatorId: 'nav',
			issuedBy: 'nav'
		},
		now
	);
	return { db, ...enrolled };
}

async function fieldErrorOf(promise: Promise<unknown> | (() => unknown)) {
	try {
		await (typeof promise === 'function' ? promise() : promise);
	} catch (e) {
		if (e instanceof InputError) return e.fields;
		throw e;
	}
	return null;
}

describe('activation codes', () => {
	it('normalises what people type', () => {
		expect(normaliseCode(' abcd efgh-jkmn ')).toBe('ABCD-EFGH-JKMN');
	});

	it('sets the passphrase once and cannot be reused', async () => {
		const { db, code, id } = setup();
		await redeemActivationCode(
			db,
			code.toLowerCase(),
			'quiet river lantern',
			'quiet river lantern',
			now
		);
		const user = db
			.select()
			.from(table.user)
			.all()
			.find((u) => u.id === id)!;
		expect(await verifyPassword(user.passwordHash!, 'quiet river lantern')).toBe(true);
		const again = await fieldErrorOf(
			redeemActivationCode(db, code, 'another good phrase', 'another good phrase', now)
		);
		expect(again?.code).toMatch(/already been used/);
	});

	it('resets a forgotten passphrase with a new code, ending every sign-in of the account', async () => {
		const { db, code, id } = setup();
		const first = await redeemActivationCode(
			db,
			code,
			'quiet river lantern',
			'quiet river lantern',
			now
		);
		expect(first.reset).toBe(false);
		createSignIn(db, id, 'participant', now);
		createSignIn(db, id, 'participant', now);
		const { code: resetCode } = issueActivationCode(db, id, 'nav', now);
		const reset = await redeemActivationCode(
			db,
			resetCode,
			'bright morning harbour',
			'bright morning harbour',
			now
		);
		expect(reset.reset).toBe(true);
		expect(
			db
				.select()
				.from(table.signIn)
				.all()
				.filter((s) => s.userId === id)
		).toHaveLength(0);
		const user = db
			.select()
			.from(table.user)
			.all()
			.find((u) => u.id === id)!;
		expect(await verifyPassword(user.passwordHash!, 'bright morning harbour')).toBe(true);
	});

	it('expires after 7 days', async () => {
		const { db, code } = setup();
		const eightDays = new Date(now.getTime() + 8 * 24 * 3600 * 1000);
		expect((await fieldErrorOf(() => findUsableCode(db, code, eightDays)))?.code).toMatch(
			/run out/
		);
		const sixDays = new Date(now.getTime() + 6 * 24 * 3600 * 1000);
		expect(findUsableCode(db, code, sixDays).username).toBe('robin');
	});

	it('a fresh code withdraws the old one', async () => {
		const { db, code, id } = setup();
		const fresh = issueActivationCode(db, id, 'nav', now);
		expect((await fieldErrorOf(() => findUsableCode(db, code, now)))?.code).toMatch(
			/does not work/
		);
		expect(findUsableCode(db, fresh.code, now).username).toBe('robin');
	});

	it('refuses a weak or mismatched passphrase without using up the code', async () => {
		const { db, code } = setup();
		expect(
			(await fieldErrorOf(redeemActivationCode(db, code, 'password1', 'password1', now)))
				?.passphrase
		).toMatch(/too common/);
		expect(
			(await fieldErrorOf(redeemActivationCode(db, code, 'quiet river', 'quiet rivers', now)))
				?.confirmation
		).toMatch(/not the same/);
		expect(findUsableCode(db, code, now).usedAt).toBeNull();
	});

	it('enrolment with a bad field leaves nothing behind', async () => {
		const { db } = setup();
		const before = db.select().from(table.user).all().length;
		const errors = await fieldErrorOf(() =>
			enrolParticipant(
				db,
				{
					username: 'ok-name',
					displayName: 'Ok',
					reference: 'CP-2',
					contractStart: '2025-01-01',
					navigatorId: 'nav',
					issuedBy: 'nav'
				},
				now
			)
		);
		expect(errors?.contractStart).toMatch(/3 months ago/);
		expect(db.select().from(table.user).all()).toHaveLength(before);
		expect(db.select().from(table.activationCode).all()).toHaveLength(1);
	});
});
