import { execFileSync } from 'node:child_process';
import {
	createDecipheriv,
	createECDH,
	createHmac,
	createPublicKey,
	randomBytes,
	verify
} from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import type { Db } from '../db/open';
import * as table from '../db/schema';
import { seedBooking, seedPeople } from '$fixtures/people';
import { createTestDb } from '$fixtures/test-db';
import {
	createPushSender,
	deleteSubscription,
	getVapidKeys,
	saveSubscription,
	vapidKeysFromEnv
} from './push';
import { publicOnlyLookup, pushEndpointProblem } from './push-address';
import { enqueuePlanChanged, isDiscreet } from './queue';
import { runReminders } from './scheduler';

/** A push service on this machine: it keeps what it receives and answers with `status`. */
type Received = {
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
};

let dir: string;
let server: Server;
let origin: string;
let agent: Agent;
let goneStatus = 410;
const received: Received[] = [];
/** Outside the quiet hours, when any notification may go. */
const midday = new Date('2026-03-09T12:00:00Z');

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'checkpoint-push-'));
	execFileSync(
		'openssl',
		[
			'req',
			'-x509',
			'-newkey',
			'ec',
			'-pkeyopt',
			'ec_paramgen_curve:prime256v1',
			'-nodes',
			'-keyout',
			join(dir, 'key.pem'),
			'-out',
			join(dir, 'cert.pem'),
			'-days',
			'1',
			'-subj',
			'/CN=localhost',
			'-addext',
			'subjectAltName=DNS:localhost'
		],
		{ stdio: 'ignore' }
	);
	const cert = readFileSync(join(dir, 'cert.pem'));
	server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
			res.writeHead(req.url?.endsWith('/lost') ? goneStatus : 201).end();
		});
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	origin = `https://localhost:${(server.address() as AddressInfo).port}`;
	agent = new Agent({ ca: cert });
});

afterAll(async () => {
	agent.destroy();
	await new Promise((done) => server.close(done));
	rmSync(dir, { recursive: true, force: true });
});

/** Pushes to the test's own server on localhost, which the public transport refuses. */
const toTestServer = () => ({ agent, endpointProblem: () => null });

/** A subscription to the test server, stored as saveSubscription would store a public one. */
function storeSubscription(userId: string, json: ReturnType<typeof browserSubscription>['json']) {
	db.insert(table.pushSubscription)
		.values({
			id: crypto.randomUUID(),
			userId,
			endpoint: json.endpoint,
			p256dh: json.keys.p256dh,
			auth: json.keys.auth,
			createdAt: new Date()
		})
		.run();
}

/** What a browser keeps for a subscription: its ECDH key pair and the auth secret. */
function browserSubscription(path: string) {
	const ecdh = createECDH('prime256v1');
	ecdh.generateKeys();
	const auth = randomBytes(16);
	return {
		ecdh,
		auth,
		json: {
			endpoint: `${origin}${path}`,
			keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') }
		}
	};
}

const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();

/** RFC 8291 (aes128gcm, RFC 8188 framing) decryption, as the browser does it. */
function decrypt(body: Buffer, ecdh: ReturnType<typeof createECDH>, auth: Buffer) {
	const salt = body.subarray(0, 16);
	const recordSize = body.readUInt32BE(16);
	const idLength = body[20];
	const serverPublic = body.subarray(21, 21 + idLength);
	const ciphertext = body.subarray(21 + idLength);
	expect(idLength).toBe(65);
	expect(ciphertext.length).toBeLessThanOrEqual(recordSize);

	const sharedSecret = ecdh.computeSecret(serverPublic);
	const keyInfo = Buffer.concat([
		Buffer.from('WebPush: info\0'),
		ecdh.getPublicKey(),
		serverPublic
	]);
	const ikm = hmac(hmac(auth, sharedSecret), Buffer.concat([keyInfo, Buffer.from([1])]));
	const prk = hmac(salt, ikm);
	const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01')).subarray(0, 16);
	const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01')).subarray(0, 12);
	const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
	decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
	const padded = Buffer.concat([
		decipher.update(ciphertext.subarray(0, ciphertext.length - 16)),
		decipher.final()
	]);
	let end = padded.length - 1;
	while (end > 0 && padded[end] === 0) end--;
	expect(padded[end]).toBe(2);
	return JSON.parse(padded.subarray(0, end).toString('utf8'));
}

/** The VAPID JWT must be signed by the server's stored public key, for this push service. */
function checkVapid(header: string, publicKey: string) {
	const match = /^vapid t=([^,]+), k=(.+)$/.exec(header);
	expect(match).not.toBeNull();
	const [, jwt, k] = match!;
	expect(k).toBe(publicKey);
	const [head, claims, signature] = jwt.split('.');
	const raw = Buffer.from(publicKey, 'base64url');
	const key = createPublicKey({
		key: {
			kty: 'EC',
			crv: 'P-256',
			x: raw.subarray(1, 33).toString('base64url'),
			y: raw.subarray(33).toString('base64url')
		},
		format: 'jwk'
	});
	const ok = verify(
		'sha256',
		Buffer.from(`${head}.${claims}`),
		{ key, dsaEncoding: 'ieee-p1363' },
		Buffer.from(signature, 'base64url')
	);
	expect(ok).toBe(true);
	expect(JSON.parse(Buffer.from(claims, 'base64url').toString()).aud).toBe(origin);
}

let db: Db;
beforeEach(() => {
	db = createTestDb();
	seedPeople(db);
	received.length = 0;
});

describe('web push to a real endpoint', () => {
	it('keeps one VAPID key pair from the first start on', () => {
		const first = getVapidKeys(db, null);
		expect(getVapidKeys(db, null)).toEqual(first);
		expect(Buffer.from(first.publicKey, 'base64url')).toHaveLength(65);
	});

	it('uses the key pair from the environment when one is configured, and refuses half a pair', () => {
		const configured = webpush.generateVAPIDKeys();
		const fromEnv = vapidKeysFromEnv({
			VAPID_PUBLIC_KEY: configured.publicKey,
			VAPID_PRIVATE_KEY: configured.privateKey
		});
		expect(getVapidKeys(db, fromEnv)).toEqual(configured);
		expect(vapidKeysFromEnv({})).toBeNull();
		expect(() => vapidKeysFromEnv({ VAPID_PUBLIC_KEY: configured.publicKey })).toThrow(
			/must both be set/
		);
		expect(() =>
			vapidKeysFromEnv({ VAPID_PUBLIC_KEY: 'short', VAPID_PRIVATE_KEY: configured.privateKey })
		).toThrow(/must both be set/);
	});

	it('delivers an encrypted, discreet session reminder that the browser can read', async () => {
		const browser = browserSubscription('/push/one');
		storeSubscription('p1', browser.json);
		const startsAt = new Date('2026-03-10T10:00:00Z');
		seedBooking(db, startsAt, new Date('2026-03-01T10:00:00Z'));
		const vapid = getVapidKeys(db, null);
		const send = createPushSender(vapid, 'mailto:reminders@checkpoint.invalid', toTestServer());

		const report = await runReminders(db, send, new Date('2026-03-09T10:00:00Z'));
		expect(report).toMatchObject({ sent: 1, failed: 0, gone: 0 });
		expect(received).toHaveLength(1);
		const [push] = received;
		expect(push.path).toBe('/push/one');
		expect(push.headers['content-encoding']).toBe('aes128gcm');
		expect(Number(push.headers.ttl)).toBeGreaterThan(0);
		checkVapid(String(push.headers.authorization), vapid.publicKey);

		const payload = decrypt(push.body, browser.ecdh, browser.auth);
		expect(payload).toEqual({
			title: 'Appointment reminder',
			body: 'You have an appointment tomorrow at 10:00am.',
			url: '/sessions',
			tag: 'session_24h'
		});
		const text = `${payload.title} ${payload.body}`;
		expect(isDiscreet(text)).toBe(true);
		expect(text).not.toMatch(/police|offender|drugs|group/i);

		await runReminders(db, send, new Date('2026-03-09T10:05:00Z'));
		expect(received).toHaveLength(1);
	});

	for (const gone of [404, 410]) {
		it(`removes a subscription the push service answers ${gone} for, and keeps the others`, async () => {
			goneStatus = gone;
			const kept = browserSubscription('/push/kept');
			storeSubscription('p1', kept.json);
			storeSubscription('p1', browserSubscription('/push/lost').json);
			enqueuePlanChanged(db, 'p1', 'v1', midday);
			const send = createPushSender(
				getVapidKeys(db, null),
				'mailto:reminders@checkpoint.invalid',
				toTestServer()
			);
			expect(await runReminders(db, send, midday)).toMatchObject({
				sent: 1,
				gone: 1,
				failed: 0
			});
			expect(
				db
					.select()
					.from(table.pushSubscription)
					.all()
					.map((r) => r.endpoint)
			).toEqual([kept.json.endpoint]);
			const delivered = received.find((r) => r.path === '/push/kept')!;
			expect(decrypt(delivered.body, kept.ecdh, kept.auth).body).toBe(
				'Something in your plan has been updated. Open the app to see it.'
			);
		});
	}

	it("forgets a phone's subscription only when its own person asks", () => {
		const keys = { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) };
		saveSubscription(db, 'p1', { endpoint: 'https://push.example/one', keys });
		saveSubscription(db, 'p1', { endpoint: 'https://push.example/two', keys });
		const endpoints = () =>
			db
				.select()
				.from(table.pushSubscription)
				.all()
				.map((r) => r.endpoint)
				.sort();

		deleteSubscription(db, 'p2', 'https://push.example/one');
		expect(endpoints()).toEqual(['https://push.example/one', 'https://push.example/two']);
		deleteSubscription(db, 'p1', 'https://push.example/one');
		expect(endpoints()).toEqual(['https://push.example/two']);
	});

	it('rejects a subscription that is not https or has bad keys', () => {
		expect(() =>
			saveSubscription(db, 'p1', {
				endpoint: 'http://push.example/x',
				keys: { p256dh: 'a', auth: 'b' }
			})
		).toThrow();
		expect(() =>
			saveSubscription(db, 'p1', {
				endpoint: 'https://push.example/x',
				keys: { p256dh: '<x>', auth: 'b' }
			})
		).toThrow();
	});
});

describe('push addresses', () => {
	const keys = { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) };

	it('are only https to a public host on the default port', () => {
		for (const endpoint of [
			'https://127.0.0.1:9443/x',
			'https://localhost/x',
			'https://push.localhost/x',
			'https://[::1]/x',
			'https://10.0.0.1:22/x',
			'https://169.254.169.254/latest/meta-data',
			'https://192.168.1.1/x',
			'https://[fd00::1]/x',
			'https://[fe80::1]/x',
			'https://[::ffff:127.0.0.1]/x',
			'https://[::ffff:a00:1]/x',
			'https://0.0.0.0/x',
			'https://224.0.0.1/x',
			'https://intranet/x',
			'https://fcm.googleapis.com:8443/x',
			'https://user:pass@fcm.googleapis.com/x',
			'http://fcm.googleapis.com/x'
		]) {
			expect(pushEndpointProblem(endpoint), endpoint).not.toBeNull();
			expect(() => saveSubscription(db, 'p1', { endpoint, keys }), endpoint).toThrow();
		}
		expect(pushEndpointProblem('https://fcm.googleapis.com/fcm/send/abc')).toBeNull();
		expect(pushEndpointProblem('https://8.8.8.8/x')).toBeNull();
		expect(db.select().from(table.pushSubscription).all()).toEqual([]);
	});

	it('are checked again after DNS: a name with any private address is refused', async () => {
		const answers: Record<string, { address: string; family: number }[]> = {
			'push.example.com': [{ address: '93.184.216.34', family: 4 }],
			'rebound.example.com': [
				{ address: '93.184.216.34', family: 4 },
				{ address: '127.0.0.1', family: 4 }
			],
			'mapped.example.com': [{ address: '::ffff:10.0.0.1', family: 6 }],
			'ula.example.com': [{ address: 'fd12:3456::1', family: 6 }]
		};
		const lookup = publicOnlyLookup(async (name) => answers[name] ?? []);
		const resolve = (name: string) =>
			new Promise<string>((done) =>
				lookup(name, { all: true }, (error, addresses) =>
					done(error ? 'refused' : JSON.stringify(addresses))
				)
			);
		expect(await resolve('push.example.com')).toBe(JSON.stringify(answers['push.example.com']));
		for (const name of [
			'rebound.example.com',
			'mapped.example.com',
			'ula.example.com',
			'nx.example.com'
		])
			expect(await resolve(name), name).toBe('refused');
	});

	it('never hold up other pushes: each has a time limit, and they go out together', async () => {
		const hanging = createServer(
			{ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
			() => {}
		);
		await new Promise<void>((done) => hanging.listen(0, '127.0.0.1', done));
		const hangingOrigin = `https://localhost:${(hanging.address() as AddressInfo).port}`;
		try {
			for (let i = 0; i < 6; i++)
				storeSubscription('p1', {
					...browserSubscription('/x').json,
					endpoint: `${hangingOrigin}/hang/${i}`
				});
			const browser = browserSubscription('/push/p2');
			storeSubscription('p2', browser.json);
			enqueuePlanChanged(db, 'p1', 'v1', midday);
			enqueuePlanChanged(db, 'p2', 'v1', midday);
			const send = createPushSender(
				getVapidKeys(db, null),
				'mailto:reminders@checkpoint.invalid',
				toTestServer(),
				{
					idleMs: 60_000,
					totalMs: 300
				}
			);
			const started = Date.now();
			expect(await runReminders(db, send, midday)).toMatchObject({ sent: 2, failed: 6 });
			expect(Date.now() - started).toBeLessThan(3_000);
			expect(received.map((r) => r.path)).toEqual(['/push/p2']);
		} finally {
			hanging.closeAllConnections();
			hanging.close();
		}
	});
});
