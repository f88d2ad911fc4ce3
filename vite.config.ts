/// <reference types="vitest/config" />
import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [
		sveltekit(),
		SvelteKitPWA({
			registerType: 'prompt',
			injectRegister: false,
			manifest: false,
			includeAssets: ['favicon.svg', 'icons/*.png', 'manifest.webmanifest', 'push-sw.js'],
			workbox: {
				navigateFallback: null,
				importScripts: ['/push-sw.js'],
				globPatterns: ['client/**/*.{js,css,svg,png,webp,ico,webmanifest}'],
				runtimeCaching: []
			}
		})
	],
	test: {
		include: ['src/**/*.spec.ts', 'tests/unit/**/*.spec.ts'],
		environment: 'node'
	}
});
