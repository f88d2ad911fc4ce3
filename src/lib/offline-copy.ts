import type { AfterNavigate } from '@sveltejs/kit';

/** The worker answered this document's own request, and so has already kept what it may. */
function loadedThroughWorker() {
	const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
	return !!entry && entry.workerStart > 0;
}

/**
 * Asks the service worker to keep the page just shown for offline reading. The worker fetches it
 * again and keeps it only if the server marks it as the participant's own page; asking is needed
 * because in-app navigation and a visit made before the worker was ready never reach it.
 */
export function offerOfflineCopy({ type, to }: AfterNavigate) {
	if (!to || !('serviceWorker' in navigator)) return;
	if (type === 'enter' && loadedThroughWorker()) return;
	const path = to.url.pathname;
	navigator.serviceWorker.ready.then((registration) =>
		registration.active?.postMessage({ type: 'KEEP_OFFLINE_COPY', path })
	);
}
