import { pino, type DestinationStream, type Logger } from 'pino';
import { probeRoutes } from './health';

/**
 * Fields that could carry a secret, wherever a log call puts them. Log calls never pass such
 * fields on purpose; this catches the one that does by mistake.
 */
const secretFields = [
	'password',
	'passphrase',
	'newPassphrase',
	'currentPassphrase',
	'code',
	'setupCode',
	'token',
	'secret',
	'cookie',
	'authorization',
	'set-cookie',
	'body'
];

export const redactedPaths = [
	...secretFields,
	...secretFields.map((field) => `*.${field}`),
	...['cookie', 'authorization', 'set-cookie'].map((header) => `*.headers["${header}"]`)
];

const levels = Object.keys(pino.levels.values);

export type LoggedError = { type: string; message?: string; stack?: string; cause?: LoggedError };

/**
 * Only the error's kind, message and stack (and its cause's), never its other properties: a push
 * service's error, for one, carries the subscription's endpoint and the response body.
 */
export function serializeError(error: unknown, depth = 0): LoggedError {
	if (!(error instanceof Error)) return { type: typeof error, message: String(error) };
	const logged: LoggedError = { type: error.name, message: error.message, stack: error.stack };
	if (error.cause !== undefined && depth < 3) logged.cause = serializeError(error.cause, depth + 1);
	return logged;
}

export function createLogger(level = 'info', destination?: DestinationStream): Logger {
	const known = levels.includes(level);
	const logger = pino(
		{
			level: known ? level : 'info',
			redact: { paths: redactedPaths, censor: '[redacted]' },
			serializers: { err: serializeError },
			timestamp: pino.stdTimeFunctions.isoTime,
			formatters: { level: (label) => ({ level: label }) }
		},
		destination
	);
	if (!known) logger.warn({ levels }, 'LOG_LEVEL is not a known level; logging at info');
	return logger;
}

/** The server's log: JSON lines on stdout. */
export const log = createLogger(process.env.LOG_LEVEL || 'info');

export type RequestSummary = {
	method: string;
	/** The route's id (`/navigator/participants/[id]`), never the URL: URLs carry codes and tokens. */
	route: string | null;
	status: number;
	durationMs: number;
	requestId: string;
	/** Ids are opaque; usernames and names never reach the log. */
	user: { id: string; role: string } | null;
};

export function logRequest(logger: Logger, { user, durationMs, ...request }: RequestSummary) {
	const line = {
		...request,
		durationMs: Math.round(durationMs * 10) / 10,
		...(user ? { userId: user.id, role: user.role } : {})
	};
	// Probes come every few seconds: at info they would bury everything else.
	if (request.route !== null && probeRoutes.has(request.route)) logger.debug(line, 'request');
	else logger.info(line, 'request');
}
