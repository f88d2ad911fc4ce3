import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit';
import type { Connection } from '../db/open';
import * as table from '../db/schema';
import { staffOnlyReferences } from '../retention';
import { seedPeople } from '$fixtures/people';
import { createTestDb, fieldErrorsOf } from '$fixtures/test-db';
import {
	auditedExport,
	checkPaperRequestReason,
	exportAsJson,
	exportParticipantData,
	exportedTables,
	notExported
} from './export';

const now = new Date('2026-05-01T12:00:00Z');
const at = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

/** A group session both participants booked, shared by every fixture. */
const groupSlot = 'group-slot';

/** One row in every exported table for `participantId`, each text carrying `mark`. */
function fillEverything(db: Connection, participantId: string, mark: string) {
	const id = (what: string) => `${participantId}-${what}`;
	db.insert(table.signIn)
		.values({
			id: id('sign-in'),
			secretHash: `hash ${mark}`,
			userId: participantId,
			createdAt: at(90),
			lastSeenAt: at(5),
			expiresAt: at(-600)
		})
		.run();
	db.insert(table.activationCode)
		.values({
			id: id('code'),
			userId: participantId,
			codeHash: `code ${mark}`,
			issuedBy: 'nav1',
			createdAt: at(1000),
			expiresAt: at(900),
			usedAt: at(950)
		})
		.run();
	db.insert(table.pushSubscription)
		.values({
			id: id('push'),
			userId: participantId,
			endpoint: `https://push.invalid/${mark}`,
			p256dh: 'k',
			auth: 'a',
			createdAt: at(80)
		})
		.run();
	db.insert(table.calendarFeed)
		.values({ participantId, tokenHash: `feed ${mark}`, createdAt: at(70) })
		.run();
	db.insert(table.idempotencyKey)
		.values({ userId: participantId, key: id('key'), result: `{}`, createdAt: at(60) })
		.run();
	db.insert(table.contract)
		.values({
			participantId,
			communityCondition: 'volunteering',
			volunteeringTarget: 24,
			updatedAt: at(500)
		})
		.run();
	db.insert(table.pathway)
		.values({
			id: id('pathway'),
			participantId,
			area: 'housing',
			goal: `goal ${mark}`,
			position: 0
		})
		.run();
	db.insert(table.planAction)
		.values({
			id: id('action'),
			pathwayId: id('pathway'),
			title: `action ${mark}`,
			owner: 'participant',
			partnerName: `partner ${mark}`,
			position: 0
		})
		.run();
	const change = db
		.insert(table.planChange)
		.values({
			participantId,
			changedBy: 'nav1',
			changedAt: at(400),
			summary: `change ${mark}`,
			needsAcknowledgement: true
		})
		.returning({ id: table.planChange.id })
		.get();
	db.insert(table.planAcknowledgement)
		.values({ participantId, upToChangeId: change.id, acknowledgedAt: at(300) })
		.run();
	db.insert(table.slot)
		.values({
			id: id('private-slot'),
			navigatorId: 'nav1',
			type: 'one_to_one',
			title: `private ${mark}`,
			startsAt: at(-2000),
			endsAt: at(-2060),
			mode: 'phone',
			remoteDetails: `call ${mark}`,
			capacity: 1,
			participantId,
			checkinSecret: `secret ${mark}`
		})
		.run();
	db.insert(table.booking)
		.values({
			id: id('booking'),
			slotId: groupSlot,
			participantId,
			bookedBy: participantId,
			cantMakeItReason: `cannot ${mark}`,
			outcome: 'missed_acceptable',
			outcomeReason: `outcome ${mark}`,
			outcomeBy: 'nav1',
			outcomeAt: at(200)
		})
		.run();
	db.insert(table.outcomeChange)
		.values({
			bookingId: id('booking'),
			previousOutcome: 'missed_unacceptable',
			newOutcome: 'missed_acceptable',
			reason: `correction ${mark}`,
			changedBy: 'nav1',
			changedAt: at(200)
		})
		.run();
	db.insert(table.volunteeringEntry)
		.values({
			id: id('hours'),
			participantId,
			date: '2026-04-20',
			quarterHours: 6,
			place: `place ${mark}`,
			note: `hours ${mark}`,
			status: 'logged',
			reviewNote: `which day ${mark}`,
			answer: `answered ${mark}`,
			answeredAt: at(120)
		})
		.run();
	for (const [senderId, senderRole] of [
		[participantId, 'participant'],
		['nav1', 'navigator']
	] as const) {
		db.insert(table.message)
			.values({
				participantId,
				senderId,
				senderRole,
				body: `${senderRole} says ${mark}`,
				createdAt: at(100)
			})
			.run();
	}
	db.insert(table.wellbeingAnswer)
		.values({
			id: id('wellbeing'),
			participantId,
			week: 3,
			score: 2,
			helpWith: 'housing,finances',
			note: `feeling ${mark}`,
			callbackRequested: true,
			createdAt: at(150)
		})
		.run();
	db.insert(table.callbackRequest)
		.values({
			id: id('callback'),
			participantId,
			phone: '07700900123',
			goodTimes: `mornings ${mark}`,
			createdAt: at(150)
		})
		.run();
	db.insert(table.attentionResolution)
		.values({
			participantId,
			reasonKey: id('safety'),
			kind: 'safety',
			label: 'Said they are not safe',
			action: 'spoke_to_them',
			note: `followed up ${mark}`,
			resolvedBy: 'nav1',
			createdAt: at(140)
		})
		.run();
	db.insert(table.notification)
		.values({
			key: id('reminder'),
			userId: participantId,
			kind: 'session',
			title: `reminder ${mark}`,
			body: `soon ${mark}`,
			url: '/sessions',
			dueAt: at(30),
			createdAt: at(40)
		})
		.run();
	const reminder = db
		.select({ id: table.notification.id })
		.from(table.notification)
		.where(eq(table.notification.key, id('reminder')))
		.get()!;
	db.insert(table.contactPoint)
		.values({
			id: id('contact'),
			userId: participantId,
			channel: 'sms',
			address: '+447700900123',
			confirmedAt: at(35)
		})
		.run();
	db.insert(table.notificationDelivery)
		.values({
			notificationId: reminder.id,
			userId: participantId,
			channel: 'sms',
			address: '+447700900123',
			status: 'delivered',
			nextAttemptAt: at(30),
			updatedAt: at(29)
		})
		.run();
	recordAudit(
		db,
		{ id: 'nav1', role: 'navigator' },
		{ action: 'participant.view', participantId, reason: `why ${mark}` },
		null,
		at(20)
	);
}

function tableNames(db: Connection): string[] {
	return (
		db.$client
			.prepare(
				`select name from sqlite_master where type = 'table' and name not like '\\_\\_%' escape '\\' and name not like 'sqlite\\_%' escape '\\'`
			)
			.all() as { name: string }[]
	).map((t) => t.name);
}

/**
 * Every table that can hold something about a participant: the user table, a table with a
 * participant_id column, one referencing a user through a column that is not staff-only, and any
 * table referencing one of those.
 */
function participantTables(db: Connection): string[] {
	const names = tableNames(db);
	const keysOf = (name: string) =>
		db.$client.prepare(`pragma foreign_key_list("${name}")`).all() as {
			table: string;
			from: string;
		}[];
	const columnsOf = (name: string) =>
		(db.$client.prepare(`pragma table_info("${name}")`).all() as { name: string }[]).map(
			(c) => c.name
		);
	const found = new Set(['user']);
	for (const name of names) {
		if (columnsOf(name).includes('participant_id')) found.add(name);
		const personal = keysOf(name).filter(
			(k) => k.table === 'user' && !staffOnlyReferences.includes(`${name}.${k.from}`)
		);
		if (personal.length > 0) found.add(name);
	}
	let grew = true;
	while (grew) {
		grew = false;
		for (const name of names) {
			if (found.has(name)) continue;
			if (keysOf(name).some((k) => found.has(k.table))) {
				found.add(name);
				grew = true;
			}
		}
	}
	return [...found].sort();
}

describe('a participant’s data export', () => {
	let db: Connection;
	beforeEach(() => {
		db = createTestDb();
		seedPeople(db);
		db.insert(table.slot)
			.values({
				id: groupSlot,
				navigatorId: 'nav1',
				type: 'group',
				title: 'Group session',
				startsAt: at(300),
				endsAt: at(180),
				mode: 'in_person',
				place: 'Durham',
				capacity: 12,
				bookedCount: 2,
				checkinSecret: 'group secret'
			})
			.run();
	});

	it('reads every table that holds a participant’s data, or says why not', () => {
		const exported = new Set<string>(Object.values(exportedTables).flat());
		const missing = participantTables(db).filter((t) => !exported.has(t) && !(t in notExported));
		expect(missing, 'add these tables to the export in rights/export.ts').toEqual([]);
		const unknown = [...exported, ...Object.keys(notExported)].filter(
			(t) => !tableNames(db).includes(t)
		);
		expect(unknown).toEqual([]);
	});

	it('has something in every part when every table holds a row', () => {
		fillEverything(db, 'p1', 'MARK-ONE');
		const data = exportParticipantData(db, 'p1', now)!;
		const json = exportAsJson(data);
		const parsed = JSON.parse(json);
		for (const part of Object.keys(exportedTables)) {
			expect(JSON.stringify(parsed[part]), part).toMatch(/\d{4}-\d\d-\d\d/);
		}
		expect(data.profile).toMatchObject({
			name: 'Jordan Ellis',
			reference: 'CP-1',
			navigatorName: 'Morgan Reid'
		});
		expect(data.plan.pathways[0].actions[0].title).toBe('action MARK-ONE');
		expect(data.plan.changes).toEqual([
			expect.objectContaining({
				summary: 'change MARK-ONE',
				changedBy: 'navigator',
				acknowledgedAt: at(300)
			})
		]);
		expect(data.sessions.bookings[0]).toMatchObject({
			title: 'Group session',
			outcome: 'missed_acceptable',
			outcomeReason: 'outcome MARK-ONE',
			outcomeChanges: [expect.objectContaining({ reason: 'correction MARK-ONE' })]
		});
		expect(data.sessions.offeredToYouAlone[0].remoteDetails).toBe('call MARK-ONE');
		expect(data.messages.map((m) => m.text)).toEqual([
			'participant says MARK-ONE',
			'navigator says MARK-ONE'
		]);
		expect(data.wellbeing[0]).toMatchObject({
			helpWith: ['housing', 'finances'],
			note: 'feeling MARK-ONE'
		});
		expect(data.volunteering[0]).toMatchObject({
			note: 'hours MARK-ONE',
			reviewNote: 'which day MARK-ONE',
			answer: 'answered MARK-ONE',
			answeredAt: at(120)
		});
		expect(data.staffAccess).toEqual([
			{
				at: at(20),
				role: 'navigator',
				action: 'participant.view',
				reason: 'why MARK-ONE',
				kind: 'looked'
			}
		]);
		expect(data.account.signIns).toHaveLength(1);
		expect(data.account.reminderDevices).toHaveLength(1);
	});

	it('leaves out secrets: token and code hashes, push keys, check-in secrets', () => {
		fillEverything(db, 'p1', 'MARK-ONE');
		const json = exportAsJson(exportParticipantData(db, 'p1', now)!);
		for (const secret of [
			'hash MARK-ONE',
			'code MARK-ONE',
			'feed MARK-ONE',
			'secret MARK-ONE',
			'push.invalid'
		])
			expect(json).not.toContain(secret);
	});

	it('holds nothing of another participant with the same navigator and the same group session', () => {
		fillEverything(db, 'p1', 'MARK-ONE');
		fillEverything(db, 'p2', 'MARK-TWO');
		recordAudit(
			db,
			{ id: 'nav1', role: 'navigator' },
			{ action: 'caseload.view', participantId: 'p2' }
		);

		const json = exportAsJson(exportParticipantData(db, 'p1', now)!);

		expect(json).toContain('MARK-ONE');
		expect(json).not.toContain('MARK-TWO');
		for (const other of ['Sam Okafor', 'CP-2', '"p2"', 'p2-', 'caseload.view'])
			expect(json).not.toContain(other);
		// The group session is there, but not how many others booked it.
		expect(json).toContain('Group session');
		expect(json).not.toMatch(/bookedCount|capacity/);

		const other = exportParticipantData(db, 'p2', now)!;
		expect(other.profile.name).toBe('Sam Okafor');
		expect(exportAsJson(other)).not.toContain('MARK-ONE');
	});

	it('is nothing for someone who is not a participant', () => {
		expect(exportParticipantData(db, 'nav1', now)).toBeNull();
		expect(exportParticipantData(db, 'nobody', now)).toBeNull();
	});

	it('is written to the audit log, with the reason for a copy made for a request on paper', () => {
		const coordinator = { id: 'coord', role: 'coordinator' } as const;
		auditedExport(db, { id: 'p1', role: 'participant' }, 'p1', { format: 'json' });
		auditedExport(db, coordinator, 'p2', { format: 'page', reason: 'Letter of 2 March' });
		expect(
			auditedExport(db, coordinator, 'nobody', { format: 'page', reason: 'Letter' })
		).toBeNull();

		const rows = db
			.select({
				actorId: table.auditLog.actorId,
				action: table.auditLog.action,
				participantId: table.auditLog.participantId,
				reason: table.auditLog.reason,
				detail: table.auditLog.detail
			})
			.from(table.auditLog)
			.all();
		expect(rows).toEqual([
			{
				actorId: 'p1',
				action: 'participant.export',
				participantId: 'p1',
				reason: null,
				detail: 'json'
			},
			{
				actorId: 'coord',
				action: 'participant.export',
				participantId: 'p2',
				reason: 'Letter of 2 March',
				detail: 'page'
			}
		]);
		// The participant sees the coordinator's copy among the times staff looked at their record.
		expect(exportParticipantData(db, 'p2', now)!.staffAccess).toEqual([
			expect.objectContaining({ role: 'coordinator', action: 'participant.export', kind: 'looked' })
		]);
	});

	it('asks the coordinator who asked for the copy, and how', () => {
		expect(fieldErrorsOf(() => checkPaperRequestReason(''))).toEqual({
			reason: 'Enter who asked for it and how.'
		});
		expect(fieldErrorsOf(() => checkPaperRequestReason('x'.repeat(501)))).toHaveProperty('reason');
		expect(checkPaperRequestReason('Letter of 2 March')).toBe('Letter of 2 March');
	});
});
