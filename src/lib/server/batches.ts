/**
 * Long jobs over big tables (programme figures, the audit purge) run a batch at a time and pause
 * in between, so that other requests, and other server processes waiting to write, get a turn.
 * `step` handles the next batch and says how many items it handled; fewer than `batch` means it
 * has reached the end. Returns the total handled.
 */
export async function inBatches(
	batch: number,
	step: () => number,
	pause: () => Promise<void>
): Promise<number> {
	let total = 0;
	for (;;) {
		const handled = step();
		total += handled;
		if (handled < batch) return total;
		await pause();
	}
}

/** Lets every request already waiting in this process run first. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A pause long enough for another process's busy handler, which sleeps and retries, to get in. */
export const pauseFor = (ms: number) => () =>
	new Promise<void>((resolve) => setTimeout(resolve, ms));
