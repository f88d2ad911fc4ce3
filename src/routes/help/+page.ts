// Built once at build time and precached by the service worker: it must work with no signal.
export const prerender = true;
export const csr = false;
