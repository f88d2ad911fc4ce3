/** One autocannon round, run by `inOwnProcess` (load.ts). */
import autocannon, { type Options } from 'autocannon';
import { answerOnce } from './own-process';

export type Figures = {
	requestsPerSecond: number;
	p50: number;
	p99: number;
	requests: number;
	non2xx: number;
	errors: number;
};

answerOnce(async (options: Options): Promise<Figures> => {
	const result = await autocannon(options);
	return {
		requestsPerSecond: result.requests.average,
		p50: result.latency.p50,
		p99: result.latency.p99,
		requests: result.requests.total,
		non2xx: result.non2xx,
		errors: result.errors + result.timeouts
	};
});
