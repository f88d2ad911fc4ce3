import { describe, expect, it } from 'vitest';
import { createLogger, logRequest, type RequestSummary } from './log';

function capture(level = 'info') {
	const lines: Record<string, unknown>[] = [];
	const text: string[] = [];
	const logger = createLogger(level, {
		write(line: string) {
			text.push(line);
			lines.push(JSON.parse(line));
		}
	});
	return { logger, lines, text: () => text.join('') };
}

const request: RequestSummary = {
	method: 'POST',
	route: '/navigator/participants/[id]',
	status: 303,
	durationMs: 12.345,
	requestId: 'req-1',
	user: { id: 'user-7', role: 'navigator' }
};

describe('the server log', () => {
	it('writes one JSON line per request with the route id, status, duration, request id and who', () => {
		const { logger, lines } = capture();
		logRequest(logger, request);
		logRequest(logger, { ...request, method: 'GET', route: null, status: 404, user: null });
		expect(lines).toEqual([
			expect.objectContaining({
				level: 'info',
				msg: 'request',
				method: 'POST',
				route: '/navigator/participants/[id]',
				status: 303,
				durationMs: 12.3,
				requestId: 'req-1',
				userId: 'user-7',
				role: 'navigator'
			}),
			expect.objectContaining({ method: 'GET', route: null, status: 404 })
		]);
		expect(lines[1]).not.toHaveProperty('userId');
		expect(typeof lines[0].time).toBe('string');
	});

	it('keeps probe requests out of the info log and shows them at debug', () => {
		const info = capture('info');
		logRequest(info.logger, { ...request, route: '/healthz' });
		logRequest(info.logger, { ...request, route: '/readyz' });
		expect(info.lines).toEqual([]);

		const debug = capture('debug');
		logRequest(debug.logger, { ...request, route: '/readyz' });
		expect(debug.lines).toEqual([expect.objectContaining({ level: 'debug', route: '/readyz' })]);
	});

	it('redacts fields that could carry a secret, at the top level and one level down', () => {
		const { logger, text } = capture();
		logger.info(
			{
				password: 'pw-top',
				code: 'ABCD-EFGH',
				form: { passphrase: 'correct horse battery', token: 'tok-123' },
				req: { headers: { cookie: 'checkpoint_session=s3cret', authorization: 'Bearer b3arer' } }
			},
			'something happened'
		);
		const written = text();
		for (const secret of ['pw-top', 'ABCD-EFGH', 'correct horse', 'tok-123', 's3cret', 'b3arer'])
			expect(written).not.toContain(secret);
		expect(written).toContain('[redacted]');
	});

	it('logs an error as its kind, message, stack and cause, without the data it carries', () => {
		const failure = Object.assign(
			new Error('Received unexpected response code', { cause: new Error('gone') }),
			{
				name: 'WebPushError',
				endpoint: 'https://push.example/subscription-token-123',
				body: 'Mrs Private Person, 07700 900123'
			}
		);
		const { logger, lines, text } = capture();
		logger.error({ err: failure }, 'Reminder run failed');
		for (const value of ['subscription-token-123', 'Private Person', '07700 900123'])
			expect(text()).not.toContain(value);
		expect(lines[0].err).toEqual({
			type: 'WebPushError',
			message: 'Received unexpected response code',
			stack: expect.stringContaining('at '),
			cause: expect.objectContaining({ type: 'Error', message: 'gone' })
		});
	});

	it('falls back to info, and says so, when LOG_LEVEL is not a level', () => {
		const { logger, lines } = capture('loud');
		logger.debug('hidden');
		logger.info('shown');
		expect(lines.map((line) => [line.level, line.msg])).toEqual([
			['warn', 'LOG_LEVEL is not a known level; logging at info'],
			['info', 'shown']
		]);
	});
});
