/// <reference types="vitest/config" />
import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [
		sveltekit(),
		SvelteKitPWA({
			// Absolute, so the worker registers at /sw.js with scope / from any page.
			base: '/',
			scope: '/',
			registerType: 'prompt',
			injectRegister: false,
			manifest: false,
			// SvelteKit compiles src/service-worker.ts; the plugin injects the precache list and
			// writes it out as /sw.js.
			strategies: 'injectManifest',
			srcDir: 'src',
			filename: 'sw.js',
			injectManifest: {
				// The app shell and the prerendered public pages (/help, /offline, /accessibility).
				globPatterns: ['client/**/*.{js,css,svg,png,webp,ico,webmanifest}', 'prerendered/**/*.html']
			}
		})
	],
	test: {
		include: ['src/**/*.spec.ts', 'tests/unit/**/*.spec.ts'],
		environment: 'node'
	}
});
