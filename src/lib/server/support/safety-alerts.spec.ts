import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeFixture } from '$fixtures/attendance';
import { createTestDb } from '$fixtures/test-db';
import { londonDate } from '../../dates';
import {
	participantsWithoutActiveNavigator,
	reassignParticipant,
	setUserActive
} from '../accounts';
import { participantAttention } from '../attention';
import { resolveAttention } from '../attention/resolve';
import type { Connection } from '../db/open';
import * as table from '../db/schema';
import { sendMessage } from './messages';
import { submitWellbeing } from './wellbeing';

const now = new Date('2026-03-18T12:00:00Z');
const later = new Date('2026-03-18T15:00:00Z');

let db: Connection;
let nav: string;
let p: string;
let coordinators: { on: string; off: string };

/** Who was alerted, and where the alert takes them, in the order queued. */
const alerts = () =>
	db
		.select({ userId: table.notification.userId, url: table.notification.url })
		.from(table.notification)
		.where(eq(table.notification.kind, 'safeguarding_alert'))
		.all();

const sayUnsafeInMessage = (at = now) =>
	sendMessage(
		db,
		{
			participantId: p,
			senderId: p,
			senderRole: 'participant',
			body: 'Help',
			concernsSafety: true
		},
		at
	);

const sayUnsafeInCheckIn = (at = now) =>
	submitWellbeing(
		db,
		p,
		{
			score: '2',
			helpWith: ['exploitation'],
			note: '',
			callback: false,
			phone: '',
			goodTimes: ''
		},
		at
	);

const switchOff = (userId: string) =>
	db.update(table.user).set({ active: false }).where(eq(table.user.id, userId)).run();

beforeEach(() => {
	db = createTestDb();
	const f = makeFixture(db);
	nav = f.addUser('nav', 'navigator');
	p = f.addParticipant('kerry', nav, londonDate(now));
	coordinators = {
		on: f.addUser('coord', 'coordinator'),
		off: f.addUser('old-coord', 'coordinator')
	};
	switchOff(coordinators.off);
});

describe('a safety concern', () => {
	it('alerts the navigator alone while their account is on', () => {
		sayUnsafeInMessage();
		sayUnsafeInCheckIn();
		expect(alerts()).toEqual([
			{ userId: nav, url: '/navigator' },
			{ userId: nav, url: '/navigator' }
		]);
		expect(participantsWithoutActiveNavigator(db)).toEqual([]);
	});

	it('alerts every active coordinator, and not the navigator, once the navigator is switched off', () => {
		switchOff(nav);
		sayUnsafeInMessage();
		sayUnsafeInCheckIn();
		expect(alerts()).toEqual([
			{ userId: coordinators.on, url: '/coordinator' },
			{ userId: coordinators.on, url: '/coordinator' }
		]);
		expect(participantsWithoutActiveNavigator(db)).toEqual([
			{ participantId: p, displayName: 'kerry', username: 'kerry', navigator: 'nav' }
		]);
	});

	it('still open when the participant moves reaches the new navigator at once, once each', () => {
		switchOff(nav);
		sayUnsafeInMessage();
		sayUnsafeInCheckIn();
		const newNavigator = makeFixture(db).addUser('nav2', 'navigator');
		reassignParticipant(db, p, newNavigator, later);
		expect(participantsWithoutActiveNavigator(db)).toEqual([]);
		expect(alerts().filter((a) => a.userId === newNavigator)).toEqual([
			{ userId: newNavigator, url: '/navigator' },
			{ userId: newNavigator, url: '/navigator' }
		]);

		const [dealtWith] = participantAttention(db, p, later).filter((r) => r.kind === 'safety');
		resolveAttention(
			db,
			newNavigator,
			p,
			{ reasonKey: dealtWith.key, action: 'spoke_to_them', note: 'Rang' },
			later
		);
		const third = makeFixture(db).addUser('nav3', 'navigator');
		reassignParticipant(db, p, third, later);
		reassignParticipant(db, p, newNavigator, later);
		expect(alerts().filter((a) => a.userId === third)).toHaveLength(1);
		expect(alerts().filter((a) => a.userId === newNavigator)).toHaveLength(2);
	});

	it('still open when their navigator is switched back on reaches that navigator at once', () => {
		switchOff(nav);
		sayUnsafeInMessage();
		expect(setUserActive(db, coordinators.on, nav, true, later).alerted).toBe(1);
		expect(alerts().filter((a) => a.userId === nav)).toEqual([{ userId: nav, url: '/navigator' }]);
		expect(participantsWithoutActiveNavigator(db)).toEqual([]);
	});
});

describe('participants without an active navigator', () => {
	it('leave out those who cannot sign in themselves', () => {
		switchOff(nav);
		switchOff(p);
		expect(participantsWithoutActiveNavigator(db)).toEqual([]);
	});
});
