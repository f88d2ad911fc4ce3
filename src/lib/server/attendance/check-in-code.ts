import { generateHOTP } from '@oslojs/otp';

export const codeDigits = 6;
export const codePeriodSeconds = 60;

const encoder = new TextEncoder();

function counterAt(now: Date): bigint {
	return BigInt(Math.floor(now.getTime() / (codePeriodSeconds * 1000)));
}

/** The code on the navigator's screen at this instant (TOTP-style: nothing stored per code). */
export function checkinCode(secret: string, now = new Date()): string {
	return generateHOTP(encoder.encode(secret), counterAt(now), codeDigits);
}

/** Seconds until the code changes. */
export function codeSecondsLeft(now = new Date()): number {
	const period = codePeriodSeconds * 1000;
	return Math.ceil((period - (now.getTime() % period)) / 1000);
}

/** The current and the previous code are accepted, so a code that just changed still works. */
export function codeMatches(secret: string, code: string, now = new Date()): boolean {
	const key = encoder.encode(secret);
	const counter = counterAt(now);
	return [counter, counter - 1n].some((c) =>
		timingSafeEqual(generateHOTP(key, c, codeDigits), code)
	);
}

function timingSafeEqual(a: string, b: string) {
	if (a.length !== b.length) return false;
	let diff = 0;
	for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
	return diff === 0;
}
