import { and, eq, inArray } from 'drizzle-orm';
import type { Agent } from 'node:https';
import webpush from 'web-push';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { fieldError } from '../input';
import { publicPushAgent, pushEndpointProblem } from './push-address';

export type VapidKeys = { publicKey: string; privateKey: string };

const publicKeySetting = 'vapid_public_key';
const privateKeySetting = 'vapid_private_key';

/**
 * The VAPID key pair from VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY (base64url, as
 * `npx web-push generate-vapid-keys` prints them), or null when neither is set.
 */
export function vapidKeysFromEnv(source: Record<string, string | undefined>): VapidKeys | null {
	const publicKey = source.VAPID_PUBLIC_KEY;
	const privateKey = source.VAPID_PRIVATE_KEY;
	if (!publicKey && !privateKey) return null;
	const decodedLength = (value: string | undefined) =>
		value && base64url.test(value) ? Buffer.from(value, 'base64url').length : 0;
	if (decodedLength(publicKey) !== 65 || decodedLength(privateKey) !== 32) {
		throw new Error(
			'VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY must both be set, as `npx web-push generate-vapid-keys` prints them'
		);
	}
	return { publicKey: publicKey!, privateKey: privateKey! };
}

/**
 * The server's VAPID key pair: the one configured in the environment, or else one generated on
 * first use and kept in app_setting.
 */
export function getVapidKeys(db: Db, configured: VapidKeys | null): VapidKeys {
	if (configured) return configured;
	const read = () => {
		const rows = db
			.select()
			.from(table.appSetting)
			.where(inArray(table.appSetting.key, [publicKeySetting, privateKeySetting]))
			.all();
		const get = (key: string) => rows.find((r) => r.key === key)?.value;
		const publicKey = get(publicKeySetting);
		const privateKey = get(privateKeySetting);
		return publicKey && privateKey ? { publicKey, privateKey } : null;
	};
	const existing = read();
	if (existing) return existing;
	const generated = webpush.generateVAPIDKeys();
	// Two processes starting together must agree on one pair: the first insert wins.
	db.transaction(
		(tx) => {
			tx.insert(table.appSetting)
				.values([
					{ key: publicKeySetting, value: generated.publicKey },
					{ key: privateKeySetting, value: generated.privateKey }
				])
				.onConflictDoNothing()
				.run();
		},
		{ behavior: 'immediate' }
	);
	return read()!;
}

export type SubscriptionInput = { endpoint?: unknown; keys?: { p256dh?: unknown; auth?: unknown } };

const base64url = /^[A-Za-z0-9_-]+={0,2}$/;

/** Stores a browser's push subscription for this user; the same endpoint moves to the newest user. */
export function saveSubscription(
	db: Db,
	userId: string,
	input: SubscriptionInput,
	now = new Date()
) {
	const endpoint = typeof input?.endpoint === 'string' ? input.endpoint : '';
	const p256dh = typeof input?.keys?.p256dh === 'string' ? input.keys.p256dh : '';
	const auth = typeof input?.keys?.auth === 'string' ? input.keys.auth : '';
	if (pushEndpointProblem(endpoint) || endpoint.length > 1000)
		fieldError('subscription', 'This browser gave an address we cannot use for reminders.');
	if (!base64url.test(p256dh) || p256dh.length > 200 || !base64url.test(auth) || auth.length > 100)
		fieldError('subscription', 'This browser gave keys we cannot use for reminders.');
	db.insert(table.pushSubscription)
		.values({ id: crypto.randomUUID(), userId, endpoint, p256dh, auth, createdAt: now })
		.onConflictDoUpdate({
			target: table.pushSubscription.endpoint,
			set: { userId, p256dh, auth, createdAt: now }
		})
		.run();
}

export function deleteSubscription(db: Db, userId: string, endpoint: string) {
	db.delete(table.pushSubscription)
		.where(
			and(eq(table.pushSubscription.userId, userId), eq(table.pushSubscription.endpoint, endpoint))
		)
		.run();
}

export function deleteAllSubscriptions(db: Db, userId: string) {
	db.delete(table.pushSubscription).where(eq(table.pushSubscription.userId, userId)).run();
}

export function countSubscriptions(db: Db, userId: string) {
	return db
		.select({ id: table.pushSubscription.id })
		.from(table.pushSubscription)
		.where(eq(table.pushSubscription.userId, userId))
		.all().length;
}

export type PushPayload = { title: string; body: string; url: string; tag?: string };
export type PushTarget = { endpoint: string; p256dh: string; auth: string };
export type PushResult = 'sent' | 'gone' | 'failed';
export type PushSender = (target: PushTarget, payload: PushPayload) => Promise<PushResult>;

/**
 * How pushes leave the server: through an agent that connects to public addresses only, to
 * addresses that pass `endpointProblem`. Tests of delivery pass a transport to a local server.
 */
export type PushTransport = { agent: Agent; endpointProblem: (endpoint: string) => string | null };

export const publicTransport = (): PushTransport => ({
	agent: publicPushAgent(),
	endpointProblem: pushEndpointProblem
});

/** A push service that accepts and never answers holds one push this long at most, never others. */
export const pushTimeouts = { idleMs: 5_000, totalMs: 10_000 };

/**
 * Sends with web-push (RFC 8291 aes128gcm, VAPID). 404 and 410 mean the subscription is gone, as
 * does an address that is not allowed (one stored before the rules, or a name that now points
 * inside).
 */
export function createPushSender(
	vapid: VapidKeys,
	subject: string,
	transport: PushTransport = publicTransport(),
	timeouts = pushTimeouts
): PushSender {
	return async (target, payload) => {
		if (transport.endpointProblem(target.endpoint)) return 'gone';
		let timer: NodeJS.Timeout | undefined;
		const deadline = new Promise<'failed'>((resolve) => {
			timer = setTimeout(() => resolve('failed'), timeouts.totalMs);
		});
		try {
			return await Promise.race([
				deliver(vapid, subject, transport.agent, timeouts.idleMs, target, payload),
				deadline
			]);
		} finally {
			clearTimeout(timer);
		}
	};
}

async function deliver(
	vapid: VapidKeys,
	subject: string,
	agent: Agent,
	idleMs: number,
	target: PushTarget,
	payload: PushPayload
): Promise<PushResult> {
	try {
		await webpush.sendNotification(
			{ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
			JSON.stringify(payload),
			{
				vapidDetails: { subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
				TTL: 60 * 60 * 12,
				contentEncoding: 'aes128gcm',
				timeout: idleMs,
				agent
			}
		);
		return 'sent';
	} catch (e) {
		const status = (e as { statusCode?: number }).statusCode;
		if (status === 404 || status === 410) return 'gone';
		if ((e as { code?: string }).code === 'ENOTPUBLIC') return 'gone';
		return 'failed';
	}
}
