/**
 * Measuring tools run in processes of their own. A measurement taken in the bench process shares
 * its heap: after Lighthouse, hundreds of megabytes, whose collections paused autocannon's clock
 * for up to 20 ms in the middle of a round.
 */
import { fork } from 'node:child_process';

type Answer<O> = { output: O } | { error: string };

/** Starts `module`, which calls `answerOnce`, sends it `input` and resolves with its answer. */
export function inOwnProcess<I, O>(module: URL, input: I): Promise<O> {
	return new Promise((resolve, reject) => {
		const child = fork(module);
		let answer: Answer<O> | undefined;
		child.once('message', (message) => (answer = message as Answer<O>));
		child.once('error', reject);
		child.once('exit', (code, signal) => {
			if (answer && 'output' in answer) resolve(answer.output);
			else if (answer) reject(new Error(answer.error));
			else
				reject(
					new Error(`${module.pathname} stopped with no answer (${signal ?? `exit ${code}`})`)
				);
		});
		child.send(input as object);
	});
}

/** The child's side: answers the first message with `work`'s result, or its error, and exits. */
export function answerOnce<I, O>(work: (input: I) => Promise<O>) {
	process.once('message', async (input) => {
		let answer: Answer<O>;
		try {
			answer = { output: await work(input as I) };
		} catch (e) {
			answer = { error: e instanceof Error ? e.message : String(e) };
		}
		process.send?.(answer, () => process.exit('output' in answer ? 0 : 1));
	});
}
