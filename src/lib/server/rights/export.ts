import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { safetyActionLabel } from '../../attention';
import { alias } from 'drizzle-orm/sqlite-core';
import { recordAudit, type AuditActor } from '../audit';
import { accessKind } from '../audit-log';
import { checkLength } from '../input';
import type { Connection, Db } from '../db/open';
import * as table from '../db/schema';
import type { AttendanceOutcome } from '../db/schema';
import { forgottenAddress } from '../notifications/delivery';
import { sessionState } from '../scheduling/state';
import { wellbeingTrend } from '../support/wellbeing';

/**
 * The tables each part of the export reads. rights/export.spec.ts derives from the schema every
 * table that holds something about a participant and fails until it is named here or in
 * `notExported`.
 */
export const exportedTables = {
	profile: ['user', 'participant'],
	account: ['sign_in', 'activation_code', 'push_subscription', 'calendar_feed', 'idempotency_key'],
	plan: ['contract', 'pathway', 'plan_action', 'plan_change', 'plan_acknowledgement'],
	sessions: ['slot', 'booking', 'outcome_change'],
	volunteering: ['volunteering_entry'],
	messages: ['message'],
	wellbeing: ['wellbeing_answer'],
	callbacks: ['callback_request'],
	followUps: ['attention_resolution'],
	reminders: ['notification', 'notification_delivery', 'contact_point'],
	staffAccess: ['audit_log']
} as const;

/** Tables that hold something about a person but never about a participant, and why. */
export const notExported: Record<string, string> = {
	recovery_code: 'Sign-in recovery codes belong to staff accounts only.',
	navigator_hours: "A navigator's working hours, not about a participant."
};

/** Whoever made a change is named by role, as on the participant's account page. */
const staff = alias(table.user, 'staff');

function profile(db: Db, participantId: string) {
	const navigator = alias(table.user, 'navigator');
	return (
		db
			.select({
				name: table.user.displayName,
				username: table.user.username,
				accountCreatedAt: table.user.createdAt,
				accountActive: table.user.active,
				reference: table.participant.reference,
				contractStart: table.participant.contractStart,
				contractEnd: table.participant.contractEnd,
				status: table.participant.status,
				navigatorName: navigator.displayName
			})
			.from(table.user)
			.innerJoin(table.participant, eq(table.participant.userId, table.user.id))
			.innerJoin(navigator, eq(navigator.id, table.participant.navigatorId))
			.where(eq(table.user.id, participantId))
			.get() ?? null
	);
}

function account(db: Db, participantId: string) {
	// Times only: token hashes, push keys and replay results are secrets or copies of other parts.
	return {
		signIns: db
			.select({
				startedAt: table.signIn.createdAt,
				lastSeenAt: table.signIn.lastSeenAt,
				expiresAt: table.signIn.expiresAt
			})
			.from(table.signIn)
			.where(eq(table.signIn.userId, participantId))
			.orderBy(asc(table.signIn.createdAt))
			.all(),
		activationCodes: db
			.select({
				issuedAt: table.activationCode.createdAt,
				expiresAt: table.activationCode.expiresAt,
				usedAt: table.activationCode.usedAt
			})
			.from(table.activationCode)
			.where(eq(table.activationCode.userId, participantId))
			.orderBy(asc(table.activationCode.createdAt))
			.all(),
		reminderDevices: db
			.select({ addedAt: table.pushSubscription.createdAt })
			.from(table.pushSubscription)
			.where(eq(table.pushSubscription.userId, participantId))
			.orderBy(asc(table.pushSubscription.createdAt))
			.all(),
		calendarFeedCreatedAt:
			db
				.select({ createdAt: table.calendarFeed.createdAt })
				.from(table.calendarFeed)
				.where(eq(table.calendarFeed.participantId, participantId))
				.get()?.createdAt ?? null,
		offlineActionsReceived: db
			.select({ receivedAt: table.idempotencyKey.createdAt })
			.from(table.idempotencyKey)
			.where(eq(table.idempotencyKey.userId, participantId))
			.orderBy(asc(table.idempotencyKey.createdAt))
			.all()
	};
}

function plan(db: Db, participantId: string) {
	const contract =
		db
			.select({
				victimCondition: table.contract.victimCondition,
				communityCondition: table.contract.communityCondition,
				volunteeringTarget: table.contract.volunteeringTarget,
				updatedAt: table.contract.updatedAt
			})
			.from(table.contract)
			.where(eq(table.contract.participantId, participantId))
			.get() ?? null;
	const pathways = db
		.select({
			id: table.pathway.id,
			area: table.pathway.area,
			goal: table.pathway.goal,
			createdAt: table.pathway.createdAt
		})
		.from(table.pathway)
		.where(eq(table.pathway.participantId, participantId))
		.orderBy(asc(table.pathway.position))
		.all();
	const actions = pathways.length
		? db
				.select({
					pathwayId: table.planAction.pathwayId,
					title: table.planAction.title,
					description: table.planAction.description,
					dueDate: table.planAction.dueDate,
					status: table.planAction.status,
					owner: table.planAction.owner,
					partnerName: table.planAction.partnerName,
					partnerContact: table.planAction.partnerContact,
					doneAt: table.planAction.doneAt,
					createdAt: table.planAction.createdAt
				})
				.from(table.planAction)
				.where(
					inArray(
						table.planAction.pathwayId,
						pathways.map((p) => p.id)
					)
				)
				.orderBy(asc(table.planAction.position))
				.all()
		: [];
	const changes = db
		.select({
			number: table.planChange.id,
			changedAt: table.planChange.changedAt,
			changedBy: staff.role,
			summary: table.planChange.summary,
			needsAcknowledgement: table.planChange.needsAcknowledgement
		})
		.from(table.planChange)
		.innerJoin(staff, eq(staff.id, table.planChange.changedBy))
		.where(eq(table.planChange.participantId, participantId))
		.orderBy(asc(table.planChange.id))
		.all();
	const acknowledgements = db
		.select({
			acknowledgedAt: table.planAcknowledgement.acknowledgedAt,
			upToChange: table.planAcknowledgement.upToChangeId
		})
		.from(table.planAcknowledgement)
		.where(eq(table.planAcknowledgement.participantId, participantId))
		.orderBy(asc(table.planAcknowledgement.id))
		.all();
	return {
		contract,
		pathways: pathways.map(({ id, ...pathway }) => ({
			...pathway,
			actions: actions.filter((a) => a.pathwayId === id).map(({ pathwayId: _, ...a }) => a)
		})),
		changes: changes.map((change) => ({
			...change,
			acknowledgedAt:
				acknowledgements.find((a) => a.upToChange >= change.number)?.acknowledgedAt ?? null
		})),
		acknowledgements
	};
}

function sessions(db: Db, participantId: string, now: Date) {
	const bookedBy = alias(table.user, 'booked_by');
	const outcomeBy = alias(table.user, 'outcome_by');
	// Nothing of the slot that counts or names other people booked on it.
	const slotColumns = {
		title: table.slot.title,
		type: table.slot.type,
		mode: table.slot.mode,
		startsAt: table.slot.startsAt,
		endsAt: table.slot.endsAt,
		place: table.slot.place,
		remoteDetails: table.slot.remoteDetails,
		slotStatus: table.slot.status,
		slotCancelReason: table.slot.cancelReason
	};
	const bookings = db
		.select({
			id: table.booking.id,
			...slotColumns,
			status: table.booking.status,
			bookedAt: table.booking.createdAt,
			bookedBy: bookedBy.role,
			cancelledAt: table.booking.cancelledAt,
			cancelReason: table.booking.cancelReason,
			cantMakeItAt: table.booking.cantMakeItAt,
			cantMakeItReason: table.booking.cantMakeItReason,
			checkedInAt: table.booking.checkedInAt,
			checkInAttempts: table.booking.checkinAttempts,
			delayedCheckinReview: table.booking.delayedCheckinReview,
			outcome: table.booking.outcome,
			outcomeReason: table.booking.outcomeReason,
			outcomeBy: outcomeBy.role,
			outcomeAt: table.booking.outcomeAt
		})
		.from(table.booking)
		.innerJoin(table.slot, eq(table.slot.id, table.booking.slotId))
		.innerJoin(bookedBy, eq(bookedBy.id, table.booking.bookedBy))
		.leftJoin(outcomeBy, eq(outcomeBy.id, table.booking.outcomeBy))
		.where(eq(table.booking.participantId, participantId))
		.orderBy(asc(table.slot.startsAt))
		.all();
	const corrections = bookings.length
		? db
				.select({
					bookingId: table.outcomeChange.bookingId,
					changedAt: table.outcomeChange.changedAt,
					changedBy: staff.role,
					previousOutcome: table.outcomeChange.previousOutcome,
					newOutcome: table.outcomeChange.newOutcome,
					reason: table.outcomeChange.reason
				})
				.from(table.outcomeChange)
				.innerJoin(staff, eq(staff.id, table.outcomeChange.changedBy))
				.where(
					inArray(
						table.outcomeChange.bookingId,
						bookings.map((b) => b.id)
					)
				)
				.orderBy(asc(table.outcomeChange.id))
				.all()
		: [];
	const offeredToYouAlone = db
		.select(slotColumns)
		.from(table.slot)
		.where(eq(table.slot.participantId, participantId))
		.orderBy(asc(table.slot.startsAt))
		.all();
	return {
		bookings: bookings.map(({ id, ...booking }) => {
			const stateWith = (outcome: AttendanceOutcome | null) =>
				sessionState({ ...booking, bookingStatus: booking.status, outcome }, now).label;
			return {
				...booking,
				state: stateWith(booking.outcome),
				outcomeChanges: corrections
					.filter((c) => c.bookingId === id)
					.map(({ bookingId: _, ...c }) => ({
						...c,
						from: stateWith(c.previousOutcome),
						to: stateWith(c.newOutcome)
					}))
			};
		}),
		offeredToYouAlone
	};
}

/** Each reminder, with how it went by text and email when it was sent that way too. */
function reminders(db: Db, participantId: string) {
	const deliveries = db
		.select({
			notificationId: table.notificationDelivery.notificationId,
			channel: table.notificationDelivery.channel,
			status: table.notificationDelivery.status,
			updatedAt: table.notificationDelivery.updatedAt
		})
		.from(table.notificationDelivery)
		.where(eq(table.notificationDelivery.userId, participantId))
		.all();
	return db
		.select({
			id: table.notification.id,
			title: table.notification.title,
			text: table.notification.body,
			dueAt: table.notification.dueAt,
			status: table.notification.status,
			sentAt: table.notification.sentAt
		})
		.from(table.notification)
		.where(eq(table.notification.userId, participantId))
		.orderBy(asc(table.notification.dueAt))
		.all()
		.map(({ id, ...reminder }) => ({
			...reminder,
			byTextOrEmail: deliveries
				.filter((d) => d.notificationId === id)
				.map(({ notificationId: _, ...d }) => d)
		}));
}

function staffAccess(db: Db, participantId: string) {
	// Staff by role, as on the account page; the detail column holds other records' ids.
	return db
		.select({
			at: table.auditLog.at,
			role: table.auditLog.actorRole,
			action: table.auditLog.action,
			reason: table.auditLog.reason
		})
		.from(table.auditLog)
		.where(
			and(
				eq(table.auditLog.participantId, participantId),
				ne(table.auditLog.actorRole, 'participant'),
				ne(table.auditLog.actorId, participantId)
			)
		)
		.orderBy(asc(table.auditLog.at), asc(table.auditLog.id))
		.all()
		.map((r) => ({ ...r, kind: accessKind(r.action) }));
}

/**
 * Everything held about one participant (UK GDPR art. 15, DPA 2018 s.45), read in one
 * transaction so the parts agree. Null when there is no such participant.
 */
export function exportParticipantData(db: Db, participantId: string, now = new Date()) {
	return db.transaction((db) => {
		const about = profile(db, participantId);
		if (!about) return null;
		return {
			generatedAt: now,
			profile: about,
			account: account(db, participantId),
			plan: plan(db, participantId),
			sessions: sessions(db, participantId, now),
			volunteering: db
				.select({
					date: table.volunteeringEntry.date,
					quarterHours: table.volunteeringEntry.quarterHours,
					place: table.volunteeringEntry.place,
					note: table.volunteeringEntry.note,
					status: table.volunteeringEntry.status,
					reviewNote: table.volunteeringEntry.reviewNote,
					reviewedAt: table.volunteeringEntry.reviewedAt,
					answer: table.volunteeringEntry.answer,
					answeredAt: table.volunteeringEntry.answeredAt,
					loggedAt: table.volunteeringEntry.createdAt
				})
				.from(table.volunteeringEntry)
				.where(eq(table.volunteeringEntry.participantId, participantId))
				.orderBy(asc(table.volunteeringEntry.date))
				.all(),
			messages: db
				.select({
					sentAt: table.message.createdAt,
					from: table.message.senderRole,
					text: table.message.body,
					notSafe: table.message.concernsSafety,
					readAt: table.message.readAt
				})
				.from(table.message)
				.where(eq(table.message.participantId, participantId))
				.orderBy(asc(table.message.id))
				.all(),
			wellbeing: wellbeingTrend(db, participantId).map(({ concernsSafety, createdAt, ...c }) => ({
				...c,
				notSafe: concernsSafety,
				sentAt: createdAt
			})),
			callbacks: db
				.select({
					phone: table.callbackRequest.phone,
					goodTimes: table.callbackRequest.goodTimes,
					askedAt: table.callbackRequest.createdAt,
					callAt: table.callbackRequest.callAt,
					doneAt: table.callbackRequest.doneAt
				})
				.from(table.callbackRequest)
				.where(eq(table.callbackRequest.participantId, participantId))
				.orderBy(asc(table.callbackRequest.createdAt))
				.all(),
			followUps: db
				.select({
					about: table.attentionResolution.label,
					action: table.attentionResolution.action,
					note: table.attentionResolution.note,
					recordedAt: table.attentionResolution.createdAt
				})
				.from(table.attentionResolution)
				.where(eq(table.attentionResolution.participantId, participantId))
				.orderBy(asc(table.attentionResolution.createdAt))
				.all()
				.map((f) => ({ ...f, action: safetyActionLabel(f.action) })),
			reminders: reminders(db, participantId),
			textAndEmail: db
				.select({
					channel: table.contactPoint.channel,
					address: table.contactPoint.address,
					confirmedAt: table.contactPoint.confirmedAt,
					on: table.contactPoint.enabled,
					stoppedAt: table.contactPoint.failedAt,
					whyStopped: table.contactPoint.failure
				})
				.from(table.contactPoint)
				.where(
					and(
						eq(table.contactPoint.userId, participantId),
						ne(table.contactPoint.address, forgottenAddress)
					)
				)
				.all(),
			staffAccess: staffAccess(db, participantId),
			notIncluded: [
				'Secret codes and keys: the codes that keep your sign-in and reminders safe. They mean nothing to a person, and anyone holding them could use your account.',
				'Other people: who else booked a group session, and anything about other participants.',
				'Names of staff other than your navigator: they are shown by their role.'
			]
		};
	});
}

/** A copy made for a request on paper says why in the audit log: who asked, and how. */
export function checkPaperRequestReason(reason: string): string {
	checkLength('reason', reason, 'who asked for it and how', 500, 5);
	return reason;
}

/**
 * The export, with an audit row for it: the participant's own copy, or one the coordinator made
 * for a request on paper, with its reason. Nothing is logged for someone who is not there.
 */
export function auditedExport(
	db: Connection,
	actor: AuditActor,
	participantId: string,
	request: { format: 'page' | 'json'; reason?: string },
	requestId: string | null = null
) {
	const data = exportParticipantData(db, participantId);
	if (data)
		recordAudit(
			db,
			actor,
			{
				action: 'participant.export',
				participantId,
				reason: request.reason,
				detail: request.format
			},
			requestId
		);
	return data;
}

export type ParticipantExport = NonNullable<ReturnType<typeof exportParticipantData>>;

export function exportAsJson(data: ParticipantExport): string {
	return JSON.stringify(data, null, 2);
}

/** The JSON file a participant or the coordinator downloads. */
export function exportDownload(data: ParticipantExport): Response {
	const date = data.generatedAt.toISOString().slice(0, 10);
	const reference = data.profile.reference.replace(/[^A-Za-z0-9-]/g, '-');
	return new Response(exportAsJson(data), {
		headers: {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Disposition': `attachment; filename="checkpoint-data-${reference}-${date}.json"`,
			'Cache-Control': 'private, no-store'
		}
	});
}
