// A stand-in for GOV.UK Notify's API, for tests: it checks each request as Notify would (the
// JWT's issuer, issued-at and signature; the body's fields) and answers as told. Runs under the
// unit tests (import it) and beside the browser-test server (`node tests/notify/stand-in.ts PORT`).
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const standInServiceId = '26785a09-ab16-4eb0-8407-a37497a57506';
const standInSecret = '3d844edf-8d35-48ac-975b-e847b4f122b0';
export const standInApiKey = `checkpoint_test-${standInServiceId}-${standInSecret}`;

/** The server's settings for talking to the stand-in (plus NOTIFY_BASE_URL and ORIGIN). */
export const standInEnvironment = {
	NOTIFY_API_KEY: standInApiKey,
	NOTIFY_CALLBACK_TOKEN: 'stand-in-callback-token-of-at-least-32-characters',
	NOTIFY_SMS_TEMPLATE_CODE: '11111111-1111-4111-8111-111111111111',
	NOTIFY_SMS_TEMPLATE_REMINDER: '22222222-2222-4222-8222-222222222222',
	NOTIFY_SMS_TEMPLATE_UPDATE: '33333333-3333-4333-8333-333333333333',
	NOTIFY_EMAIL_TEMPLATE_CODE: '44444444-4444-4444-8444-444444444444',
	NOTIFY_EMAIL_TEMPLATE_REMINDER: '55555555-5555-4555-8555-555555555555',
	NOTIFY_EMAIL_TEMPLATE_UPDATE: '66666666-6666-4666-8666-666666666666',
	NOTIFY_EMAIL_TEMPLATE_ALERT: '77777777-7777-4777-8777-777777777777'
};

/** Where the browser tests' stand-in listens: beside the app's port, so tests can find it. */
export const standInPortFor = (appPort: number) => appPort + 100;

export type ReceivedMessage = {
	channel: 'sms' | 'email';
	id: string;
	templateId: string;
	to: string;
	personalisation: Record<string, string>;
	reference: string;
};

export type Answer = 201 | 400 | 403 | 429 | 500 | 'hang-up';

const errors: Record<Exclude<Answer, 201 | 'hang-up'>, { error: string; message: string }> = {
	400: { error: 'ValidationError', message: 'phone_number Not a UK mobile number' },
	403: { error: 'AuthError', message: 'Invalid token: API key not found' },
	429: {
		error: 'RateLimitError',
		message: 'Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds'
	},
	500: { error: 'Exception', message: 'Internal server error' }
};

function base64url(value: Buffer | string) {
	return Buffer.from(value).toString('base64url');
}

/** Why Notify would refuse this Authorization header, or null if it would accept it. */
export function tokenProblem(header: string | undefined, now = Date.now()): string | null {
	const token = header?.match(/^Bearer (.+)$/)?.[1];
	if (!token) return 'Unauthorized: authentication token must be provided';
	const [head, body, signature] = token.split('.');
	if (!head || !body || !signature) return 'Invalid token: signature, api token not found';
	const expected = base64url(
		createHmac('sha256', standInSecret).update(`${head}.${body}`).digest()
	);
	const a = Buffer.from(signature);
	const b = Buffer.from(expected);
	if (a.length !== b.length || !timingSafeEqual(a, b)) {
		return 'Invalid token: signature, api token not found';
	}
	const header_ = JSON.parse(Buffer.from(head, 'base64url').toString());
	const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
	if (header_.alg !== 'HS256') return 'Invalid token: algorithm used is not HS256';
	if (claims.iss !== standInServiceId) return 'Invalid token: service not found';
	if (typeof claims.iat !== 'number' || Math.abs(now / 1000 - claims.iat) > 30) {
		return 'Error: Your system clock must be accurate to within 30 seconds';
	}
	return null;
}

function reply(res: ServerResponse, status: number, body: unknown) {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage) {
	let text = '';
	for await (const chunk of req) text += chunk;
	return JSON.parse(text || '{}');
}

const uuid = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/;

function bodyProblem(channel: 'sms' | 'email', body: Record<string, unknown>): string | null {
	if (typeof body.template_id !== 'string' || !uuid.test(body.template_id)) {
		return 'template_id is not a valid UUID';
	}
	const to = channel === 'sms' ? body.phone_number : body.email_address;
	if (typeof to !== 'string' || !to) {
		return `${channel === 'sms' ? 'phone_number' : 'email_address'} is a required property`;
	}
	const personalisation = body.personalisation;
	if (
		personalisation !== undefined &&
		(typeof personalisation !== 'object' ||
			Object.values(personalisation as object).some((v) => typeof v !== 'string'))
	) {
		return 'personalisation must be an object of strings';
	}
	if (body.reference !== undefined && typeof body.reference !== 'string') {
		return 'reference is not a string';
	}
	return null;
}

export async function startNotifyStandIn(port = 0) {
	const received: ReceivedMessage[] = [];
	const answers: Answer[] = [];
	const server = createServer(async (req, res) => {
		const url = new URL(req.url ?? '/', 'http://stand-in');
		// For the browser tests, which run in another process.
		if (url.pathname === '/_stand-in/messages' && req.method === 'GET') {
			return reply(res, 200, received);
		}
		const problem = tokenProblem(req.headers.authorization);
		if (problem) {
			return reply(res, 403, {
				status_code: 403,
				errors: [{ error: 'AuthError', message: problem }]
			});
		}
		if (req.method === 'GET' && url.pathname === '/v2/notifications') {
			const reference = url.searchParams.get('reference');
			const found = received.filter((m) => !reference || m.reference === reference);
			return reply(res, 200, {
				notifications: found.map((m) => ({
					id: m.id,
					reference: m.reference,
					type: m.channel,
					status: 'sending'
				})),
				links: {}
			});
		}
		const channels: Record<string, 'sms' | 'email'> = {
			'/v2/notifications/sms': 'sms',
			'/v2/notifications/email': 'email'
		};
		const channel = channels[url.pathname];
		if (req.method !== 'POST' || !channel) return reply(res, 404, { status_code: 404, errors: [] });
		const body = await readJson(req);
		const invalid = bodyProblem(channel, body);
		if (invalid) {
			return reply(res, 400, {
				status_code: 400,
				errors: [{ error: 'ValidationError', message: invalid }]
			});
		}
		const answer = answers.shift() ?? 201;
		if (answer !== 201 && answer !== 'hang-up') {
			const error =
				answer === 400 && channel === 'email'
					? { error: 'ValidationError', message: 'email_address Not a valid email address' }
					: errors[answer];
			return reply(res, answer, { status_code: answer, errors: [error] });
		}
		const message: ReceivedMessage = {
			channel,
			id: randomUUID(),
			templateId: body.template_id,
			to: channel === 'sms' ? body.phone_number : body.email_address,
			personalisation: body.personalisation ?? {},
			reference: body.reference ?? ''
		};
		received.push(message);
		// Notify took the message, but the answer never arrives: a crash or a dropped connection.
		if (answer === 'hang-up') return req.socket.destroy();
		reply(res, 201, {
			id: message.id,
			reference: message.reference,
			content: { body: 'stand-in', from_number: 'Checkpoint' },
			uri: `http://stand-in/v2/notifications/${message.id}`,
			template: { id: message.templateId, version: 1, uri: 'http://stand-in/template' }
		});
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		received,
		/** The next requests get these answers, in order; then 201 again. */
		answerNext(...next: Answer[]) {
			answers.push(...next);
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}
