import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import {
	countUsers,
	createStaffUser,
	enrolParticipant,
	listUsers,
	reassignParticipant,
	setUserActive,
	takenUsername
} from './accounts';
import { issueActivationCode } from './auth/activation';
import { resetTwoFactor } from './auth/two-factor';
import { makeFixture } from '$fixtures/attendance';
import type { Db } from './db/open';
import * as table from './db/schema';
import { createTestDb, fieldErrorsOf, writeBeforeNextTransaction } from '$fixtures/test-db';

describe('finding accounts', () => {
	let db: Db;

	beforeEach(() => {
		db = createTestDb();
		const f = makeFixture(db);
		const nav = f.addUser('nav.north', 'navigator');
		f.addUser('coord', 'coordinator');
		for (const name of ['kerry', 'alex', 'sam_100', 'sam%', 'jo']) f.addParticipant(name, nav);
	});

	const names = (search: string, offset = 0, limit = 50) =>
		listUsers(db, search, { offset, limit }).map((u) => u.username);

	it('lists everyone by role, then name, a page at a time', () => {
		expect(countUsers(db)).toBe(7);
		expect(names('')).toEqual(['coord', 'nav.north', 'alex', 'jo', 'kerry', 'sam%', 'sam_100']);
		expect(names('', 2, 3)).toEqual(['alex', 'jo', 'kerry']);
		expect(names('', 6, 3)).toEqual(['sam_100']);
	});

	it('matches part of a name, username or programme reference, whatever its case', () => {
		db.update(table.user)
			.set({ displayName: 'Kerry Walsh' })
			.where(eq(table.user.username, 'kerry'))
			.run();
		expect(names('WALSH')).toEqual(['kerry']);
		expect(countUsers(db, 'NORTH')).toBe(1);
		// The fixture's references are the usernames in capitals.
		expect(names('sam_1')).toEqual(['sam_100']);
	});

	it('finds names with accents and capitals beyond A to Z, typed either way', () => {
		for (const [username, displayName] of [
			['kerry', 'Zoë Ellis'],
			['alex', 'ÉLODIE DURAND'],
			['jo', 'Siân Łukasiewicz']
		])
			db.update(table.user).set({ displayName }).where(eq(table.user.username, username)).run();
		expect(names('zoe')).toEqual(['kerry']);
		expect(names('Zoë')).toEqual(['kerry']);
		expect(names('élodie')).toEqual(['alex']);
		expect(names('elodie')).toEqual(['alex']);
		expect(names('SIAN')).toEqual(['jo']);
		expect(names('łukasiewicz')).toEqual(['jo']);
		expect(names('lukasiewicz')).toEqual(['jo']);
		expect(countUsers(db, 'ŁUKASIEWICZ')).toBe(1);
	});

	it('treats % and _ as plain characters, not wildcards', () => {
		expect(names('%')).toEqual(['sam%']);
		expect(names('_')).toEqual(['sam_100']);
		expect(countUsers(db, 'nobody')).toBe(0);
	});
});

describe('creating accounts', () => {
	const now = new Date('2026-03-10T12:00:00Z');
	let db: Db;
	let navigatorId: string;
	const jordan = () => ({
		username: 'jordan',
		displayName: 'Jordan',
		reference: 'REF-1',
		contractStart: '2026-03-09',
		navigatorId,
		issuedBy: navigatorId
	});

	beforeEach(() => {
		db = createTestDb();
		navigatorId = createStaffUser(db, { username: 'nav', displayName: 'Nav', role: 'navigator' });
	});

	it('says a username is in use when a member of staff is created twice, even at once', () => {
		const coordinator = { username: 'Casey', displayName: 'Casey', role: 'coordinator' } as const;
		createStaffUser(db, coordinator);
		expect(fieldErrorsOf(() => createStaffUser(db, coordinator))).toEqual({
			username: takenUsername
		});
		writeBeforeNextTransaction(db, () =>
			createStaffUser(db, { ...coordinator, username: 'drew', displayName: 'Drew' })
		);
		expect(
			fieldErrorsOf(() =>
				createStaffUser(db, { ...coordinator, username: 'drew', displayName: 'Drew' })
			)
		).toHaveProperty('username');
		expect(
			db.select().from(table.user).where(eq(table.user.role, 'coordinator')).all()
		).toHaveLength(2);
	});

	it('names a reference clash only on the navigator’s own caseload', () => {
		enrolParticipant(db, jordan(), now);
		const other = createStaffUser(db, {
			username: 'nav2',
			displayName: 'Nav 2',
			role: 'navigator'
		});
		const errors = fieldErrorsOf(() =>
			enrolParticipant(
				db,
				{ ...jordan(), username: 'sam', navigatorId: other, issuedBy: other },
				now
			)
		);
		expect(errors.reference).toBe('Check the reference: it cannot be used. Ask your coordinator.');
		expect(JSON.stringify(errors)).not.toMatch(/in use|already/);
	});

	it('says the username and reference are in use when an enrolment is submitted twice at once', () => {
		writeBeforeNextTransaction(db, () => enrolParticipant(db, jordan(), now));
		expect(fieldErrorsOf(() => enrolParticipant(db, jordan(), now))).toEqual({
			username: takenUsername,
			reference: 'Someone on this caseload already has that reference.'
		});
		expect(db.select().from(table.participant).all()).toHaveLength(1);
	});
});

describe('the coordinator switching accounts', () => {
	let db: Db;
	let coordinator: string;
	let navigator: string;
	let participant: string;

	beforeEach(() => {
		db = createTestDb();
		const f = makeFixture(db);
		coordinator = f.addUser('coord', 'coordinator');
		navigator = f.addUser('nav', 'navigator');
		participant = f.addParticipant('kerry', navigator);
	});

	const isActive = (id: string) =>
		db.select({ active: table.user.active }).from(table.user).where(eq(table.user.id, id)).get()
			?.active;

	it('refuses an account that is not there, and their own, changing nothing', () => {
		expect(fieldErrorsOf(() => setUserActive(db, coordinator, 'gone', false))).toEqual({
			userId: 'That account no longer exists.'
		});
		expect(fieldErrorsOf(() => setUserActive(db, coordinator, coordinator, false))).toEqual({
			userId: 'You cannot deactivate your own account.'
		});
		expect(isActive(coordinator)).toBe(true);
	});

	it('keeps a navigator on while anyone on their caseload can still write to them', () => {
		expect(fieldErrorsOf(() => setUserActive(db, coordinator, navigator, false))).toEqual({
			userId: 'nav still has 1 participant. Move them to another navigator first.'
		});
		expect(isActive(navigator)).toBe(true);
		const other = makeFixture(db).addUser('nav2', 'navigator');
		reassignParticipant(db, participant, other);
		expect(setUserActive(db, coordinator, navigator, false).id).toBe(navigator);
		// A participant whose own account is off cannot write, and holds nobody back.
		setUserActive(db, coordinator, participant, false);
		expect(setUserActive(db, coordinator, other, false).id).toBe(other);
		// Nor can they be switched back on under a navigator who is off.
		expect(fieldErrorsOf(() => setUserActive(db, coordinator, participant, true))).toEqual({
			userId: "kerry's navigator is switched off. Move them to an active navigator first."
		});
		expect(isActive(participant)).toBe(false);
		setUserActive(db, coordinator, navigator, true);
		reassignParticipant(db, participant, navigator);
		expect(setUserActive(db, coordinator, participant, true).id).toBe(participant);
	});

	it('switches another account off and on, and no code is issued while it is off', () => {
		reassignParticipant(db, participant, makeFixture(db).addUser('nav2', 'navigator'));
		expect(setUserActive(db, coordinator, navigator, false).id).toBe(navigator);
		expect(isActive(navigator)).toBe(false);
		expect(fieldErrorsOf(() => issueActivationCode(db, navigator, coordinator))).toEqual({
			userId: 'That account is not active.'
		});
		expect(db.select().from(table.activationCode).all()).toEqual([]);
		setUserActive(db, coordinator, navigator, true);
		expect(issueActivationCode(db, navigator, coordinator).code).toMatch(/^\w{4}-\w{4}-\w{4}$/);
	});

	it('resets sign-in codes for staff only', () => {
		expect(fieldErrorsOf(() => resetTwoFactor(db, participant))).toEqual({
			userId: 'Only staff accounts have sign-in codes.'
		});
		expect(resetTwoFactor(db, navigator).displayName).toBe('nav');
	});
});
