import { and, asc, count, eq, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { addCalendarMonths, addDays, isIsoDate, londonDate } from '../dates';
import { contractEndFor } from '../programme';
import { issueActivationCode } from './auth/activation';
import { endAccountAccess } from './auth/end-access';
import { foldForSearch, type Db } from './db/open';
import { preparedQuery } from './db/prepared';
import * as table from './db/schema';
import type { Role } from './db/schema';
import { checkLength, fieldError, fieldErrorCollector } from './input';
import {
	handBackSafetyConcerns,
	handOverSafetyConcerns,
	navigatorOf
} from './support/safety-alerts';

/** A participant's navigator, joined beside the participant's own user row. */
const caseloadNavigator = alias(table.user, 'caseload_navigator');

const usernamePattern = /^[a-z0-9][a-z0-9._-]{2,31}$/;

export type NewUser = { username: string; displayName: string };
export type NewParticipant = NewUser & { reference: string; contractStart: string };

export const takenUsername = 'Choose another username.';

function checkNewUser(tx: Db, input: NewUser) {
	const username = input.username.toLowerCase();
	if (!username) fieldError('username', 'Enter a username.');
	if (!usernamePattern.test(username))
		fieldError(
			'username',
			'Use 3 to 32 letters or numbers (dots, dashes and underscores allowed), starting with a letter or number.'
		);
	checkLength('displayName', input.displayName, 'a name', 80);
	const taken = tx
		.select({ id: table.user.id })
		.from(table.user)
		.where(eq(table.user.username, username))
		.get();
	// Usernames are unique across the programme; saying "in use" would tell a navigator who else
	// has an account.
	if (taken) fieldError('username', takenUsername);
	return username;
}

/** Contract start must be recent or soon: at most 3 months back or 1 month ahead. */
export function checkContractStart(contractStart: string, now = new Date()) {
	if (!contractStart) fieldError('contractStart', 'Enter the contract start date.');
	if (!isIsoDate(contractStart)) fieldError('contractStart', 'Enter a real date, like 2026-03-02.');
	const today = londonDate(now);
	if (contractStart < addCalendarMonths(today, -3))
		fieldError('contractStart', 'The start date cannot be more than 3 months ago.');
	if (contractStart > addCalendarMonths(today, 1))
		fieldError('contractStart', 'The start date cannot be more than 1 month from today.');
}

export function createStaffUser(db: Db, input: NewUser & { role: Exclude<Role, 'participant'> }) {
	return db.transaction(
		(tx) => {
			const username = checkNewUser(tx, input);
			const id = crypto.randomUUID();
			tx.insert(table.user)
				.values({ id, username, displayName: input.displayName, role: input.role })
				.run();
			return id;
		},
		{ behavior: 'immediate' }
	);
}

/**
 * Creates a participant on a navigator's caseload with an activation code to hand over.
 * All or nothing: a bad field leaves no trace.
 */
export function enrolParticipant(
	db: Db,
	input: NewParticipant & { navigatorId: string; issuedBy: string },
	now = new Date()
) {
	const id = crypto.randomUUID();
	const username = db.transaction(
		(tx) => {
			const c = fieldErrorCollector();
			const username = c.check(() => checkNewUser(tx, input));
			c.check(() => checkContractStart(input.contractStart, now));
			const reference = input.reference.toUpperCase();
			c.check(() => {
				checkLength('reference', reference, 'the programme reference', 20);
				if (!/^[A-Z0-9/-]+$/.test(reference))
					fieldError('reference', 'Use letters, numbers, dashes or slashes only.');
				const taken = tx
					.select({ navigatorId: table.participant.navigatorId })
					.from(table.participant)
					.where(eq(table.participant.reference, reference))
					.get();
				// Only a clash on the navigator's own caseload is named: the programme's other
				// references are not theirs to learn.
				if (taken?.navigatorId === input.navigatorId)
					fieldError('reference', 'Someone on this caseload already has that reference.');
				if (taken)
					fieldError('reference', 'Check the reference: it cannot be used. Ask your coordinator.');
			});
			c.check(() => {
				const navigator = tx
					.select()
					.from(table.user)
					.where(eq(table.user.id, input.navigatorId))
					.get();
				if (!navigator || navigator.role !== 'navigator' || !navigator.active)
					fieldError('navigatorId', 'Choose an active navigator.');
			});
			c.throwIfAny();
			tx.insert(table.user)
				.values({ id, username: username!, displayName: input.displayName, role: 'participant' })
				.run();
			tx.insert(table.participant)
				.values({
					userId: id,
					reference,
					navigatorId: input.navigatorId,
					contractStart: input.contractStart,
					contractEnd: contractEndFor(input.contractStart)
				})
				.run();
			return username!;
		},
		{ behavior: 'immediate' }
	);
	const activation = issueActivationCode(db, id, input.issuedBy, now);
	return { id, username, ...activation };
}

/**
 * Moves a participant to another navigator, who hears at once of any safety concern still open.
 * Returns how many alerts that queued.
 */
export function reassignParticipant(
	db: Db,
	participantId: string,
	navigatorId: string,
	now = new Date()
) {
	return db.transaction(
		(tx) => {
			const navigator = findUser(tx, navigatorId);
			if (!navigator || navigator.role !== 'navigator' || !navigator.active)
				fieldError('navigatorId', 'Choose an active navigator.');
			const changed = tx
				.update(table.participant)
				.set({ navigatorId })
				.where(eq(table.participant.userId, participantId))
				.run();
			if (changed.changes !== 1) fieldError('participantId', 'That participant no longer exists.');
			return handOverSafetyConcerns(tx, participantId, navigatorId, now);
		},
		{ behavior: 'immediate' }
	);
}

/** Participants who can still sign in and write to this navigator, whatever their status. */
function reachableParticipantsOf(db: Db, navigatorId: string) {
	const [{ n }] = db
		.select({ n: count() })
		.from(table.participant)
		.innerJoin(table.user, eq(table.user.id, table.participant.userId))
		.where(and(eq(table.participant.navigatorId, navigatorId), eq(table.user.active, true)))
		.all();
	return n;
}

/**
 * Switches an account on or off for the coordinator `byUserId`; switching off ends every way in.
 * Nobody switches their own account, so the last coordinator cannot lock everyone out. A safety
 * concern alerts the participant's navigator, and a switched-off one would never see it: so a
 * navigator keeps their account while anyone on their caseload can still sign in, and a
 * participant is switched back on only under a navigator who can. A navigator switched back on
 * hears at once of any safety concern still open on their caseload. Returns the account and how
 * many alerts that queued.
 */
export function setUserActive(
	db: Db,
	byUserId: string,
	userId: string,
	active: boolean,
	now = new Date()
) {
	return db.transaction(
		(tx) => {
			const target = findUser(tx, userId);
			if (!target) fieldError('userId', 'That account no longer exists.');
			if (target.id === byUserId) fieldError('userId', 'You cannot deactivate your own account.');
			const caseload =
				!active && target.role === 'navigator' ? reachableParticipantsOf(tx, userId) : 0;
			if (caseload > 0)
				fieldError(
					'userId',
					`${target.displayName} still has ${caseload === 1 ? '1 participant' : `${caseload} participants`}. Move them to another navigator first.`
				);
			if (active && target.role === 'participant' && !navigatorOf(tx, userId)?.active)
				fieldError(
					'userId',
					`${target.displayName}'s navigator is switched off. Move them to an active navigator first.`
				);
			tx.update(table.user).set({ active }).where(eq(table.user.id, userId)).run();
			if (!active) endAccountAccess(tx, userId);
			const alerted =
				active && target.role === 'navigator' ? handBackSafetyConcerns(tx, userId, now) : 0;
			return { ...target, alerted };
		},
		{ behavior: 'immediate' }
	);
}

/**
 * Participants who can still sign in and write under a navigator who cannot: left by a navigator
 * switched off before setUserActive refused it. Until a coordinator moves them, their safety
 * concerns alert the coordinators (alertSafetyConcern).
 */
export function participantsWithoutActiveNavigator(db: Db) {
	return db
		.select({
			participantId: table.user.id,
			displayName: table.user.displayName,
			username: table.user.username,
			navigator: caseloadNavigator.displayName
		})
		.from(caseloadNavigator)
		.innerJoin(table.participant, eq(table.participant.navigatorId, caseloadNavigator.id))
		.innerJoin(table.user, eq(table.user.id, table.participant.userId))
		.where(
			and(
				eq(caseloadNavigator.role, 'navigator'),
				eq(caseloadNavigator.active, false),
				eq(table.user.active, true)
			)
		)
		.orderBy(asc(table.user.displayName))
		.all();
}

export function findUser(db: Db, userId: string) {
	return db.select().from(table.user).where(eq(table.user.id, userId)).get();
}

export function findUserByUsername(db: Db, username: string) {
	return db
		.select()
		.from(table.user)
		.where(eq(table.user.username, username.trim().toLowerCase()))
		.get();
}

/**
 * Whose name, username or programme reference contains `search`, whatever its case or accents;
 * everyone when it is empty. Matched with instr rather than LIKE, so % and _ are just characters.
 */
function usersMatching(search: string) {
	if (!search) return undefined;
	const needle = foldForSearch(search);
	return or(
		...[table.user.displayName, table.user.username, table.participant.reference].map(
			(column) => sql`instr(fold_for_search(${column}), ${needle}) > 0`
		)
	);
}

export function countUsers(db: Db, search = '') {
	return db
		.select({ n: count() })
		.from(table.user)
		.leftJoin(table.participant, eq(table.participant.userId, table.user.id))
		.where(usersMatching(search))
		.get()!.n;
}

/** One page of the accounts `search` matches, by role and then name. */
export function listUsers(db: Db, search: string, page: { offset: number; limit: number }) {
	return db
		.select({
			id: table.user.id,
			username: table.user.username,
			displayName: table.user.displayName,
			role: table.user.role,
			active: table.user.active,
			activated: sql<boolean>`${table.user.passwordHash} is not null`.mapWith(Boolean),
			totpRegistered: sql<boolean>`${table.user.totpKey} is not null`.mapWith(Boolean),
			navigatorId: table.participant.navigatorId,
			navigatorName: caseloadNavigator.displayName,
			navigatorActive: caseloadNavigator.active,
			reference: table.participant.reference
		})
		.from(table.user)
		.leftJoin(table.participant, eq(table.participant.userId, table.user.id))
		.leftJoin(caseloadNavigator, eq(caseloadNavigator.id, table.participant.navigatorId))
		.where(usersMatching(search))
		.orderBy(asc(table.user.role), asc(table.user.displayName), asc(table.user.id))
		.limit(page.limit)
		.offset(page.offset)
		.all();
}

export function listNavigators(db: Db) {
	return db
		.select({ id: table.user.id, displayName: table.user.displayName })
		.from(table.user)
		.where(and(eq(table.user.role, 'navigator'), eq(table.user.active, true)))
		.orderBy(asc(table.user.displayName))
		.all();
}

const participantSummary = {
	id: table.user.id,
	displayName: table.user.displayName,
	username: table.user.username,
	reference: table.participant.reference,
	contractStart: table.participant.contractStart,
	contractEnd: table.participant.contractEnd,
	status: table.participant.status,
	active: table.user.active,
	activated: sql<boolean>`${table.user.passwordHash} is not null`.mapWith(Boolean)
};

/** A navigator's own caseload, nothing else. */
export function listCaseload(db: Db, navigatorId: string) {
	return db
		.select(participantSummary)
		.from(table.participant)
		.innerJoin(table.user, eq(table.user.id, table.participant.userId))
		.where(eq(table.participant.navigatorId, navigatorId))
		.orderBy(asc(table.user.displayName))
		.all();
}

/** The participant if, and only if, they are on this navigator's caseload. */
export function findParticipantOfNavigator(db: Db, navigatorId: string, participantId: string) {
	return db
		.select(participantSummary)
		.from(table.participant)
		.innerJoin(table.user, eq(table.user.id, table.participant.userId))
		.where(
			and(
				eq(table.participant.userId, participantId),
				eq(table.participant.navigatorId, navigatorId)
			)
		)
		.get();
}

const participantById = preparedQuery((db) =>
	db
		.select()
		.from(table.participant)
		.where(eq(table.participant.userId, sql.placeholder('participantId')))
		.prepare()
);

export function findParticipant(db: Db, participantId: string) {
	return participantById(db).get({ participantId });
}

/** Programme-wide counts for the coordinator: no names, no content. */
export function programmeFigures(db: Db, now = new Date()) {
	const today = londonDate(now);
	const byStatus = db
		.select({ status: table.participant.status, total: count() })
		.from(table.participant)
		.groupBy(table.participant.status)
		.all();
	const perNavigator = db
		.select({
			navigatorId: table.user.id,
			displayName: table.user.displayName,
			active: sql<number>`sum(case when ${table.participant.status} = 'active' then 1 else 0 end)`,
			endingSoon: sql<number>`sum(case when ${table.participant.status} = 'active' and ${table.participant.contractEnd} <= ${addDays(today, 14)} then 1 else 0 end)`,
			total: count(table.participant.userId)
		})
		.from(table.user)
		.leftJoin(table.participant, eq(table.participant.navigatorId, table.user.id))
		.where(eq(table.user.role, 'navigator'))
		.groupBy(table.user.id)
		.orderBy(asc(table.user.displayName))
		.all();
	const awaitingActivation = db
		.select({ total: count() })
		.from(table.user)
		.where(and(eq(table.user.role, 'participant'), sql`${table.user.passwordHash} is null`))
		.get();
	return {
		byStatus: Object.fromEntries(byStatus.map((r) => [r.status, r.total])) as Partial<
			Record<table.ParticipantStatus, number>
		>,
		perNavigator: perNavigator.map((r) => ({
			...r,
			active: Number(r.active ?? 0),
			endingSoon: Number(r.endingSoon ?? 0)
		})),
		awaitingActivation: awaitingActivation?.total ?? 0
	};
}

const discreetOf = preparedQuery((db) =>
	db
		.select({ discreet: table.participant.discreet })
		.from(table.participant)
		.where(eq(table.participant.userId, sql.placeholder('participantId')))
		.prepare()
);

/** Whether a participant asked for a discreet app: neutral titles and header, no place in calendars. */
export function isDiscreet(db: Db, participantId: string) {
	return discreetOf(db).get({ participantId })?.discreet ?? false;
}

export function setDiscreet(db: Db, participantId: string, discreet: boolean) {
	db.update(table.participant)
		.set({ discreet })
		.where(eq(table.participant.userId, participantId))
		.run();
}
