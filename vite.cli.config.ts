import { defineConfig } from 'vite';

/** The operator commands (src/cli.ts) as build/cli.js, beside the app that adapter-node wrote. */
export default defineConfig({
	build: {
		ssr: 'src/cli.ts',
		outDir: 'build',
		emptyOutDir: false,
		target: 'node24',
		rollupOptions: { output: { entryFileNames: 'cli.js' } }
	}
});
