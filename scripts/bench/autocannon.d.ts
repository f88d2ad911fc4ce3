// The parts of autocannon 9 the bench uses; the package ships no types.
declare module 'autocannon' {
	export type Options = {
		url: string;
		connections?: number;
		duration?: number;
		headers?: Record<string, string>;
	};
	type Histogram = { average: number; total: number; p50: number; p99: number };
	type Result = {
		requests: Histogram;
		latency: Histogram;
		non2xx: number;
		errors: number;
		timeouts: number;
	};
	export default function autocannon(options: Options): Promise<Result>;
}
