// `npm run demo`: build, seed the demo database if it is empty, and serve on port 3000.
import { execFileSync, spawn } from 'node:child_process';

const env = { ...process.env, DATABASE_PATH: process.env.DATABASE_PATH || './data/demo.db' };
const run = (command, args) => execFileSync(command, args, { stdio: 'inherit', env });

run('npm', ['run', 'build']);
run('npx', ['tsx', 'scripts/seed/demo.ts', env.DATABASE_PATH]);

const port = env.PORT || '3000';
console.log(
	`\nCheckpoint demo: http://localhost:${port}  (password for every demo account: checkpoint-demo)\n`
);
// adapter-node assumes https unless told the origin; the demo is plain http on this machine.
const origin = env.ORIGIN || `http://localhost:${port}`;
const server = spawn('node', ['build/server.js'], {
	stdio: 'inherit',
	env: { ...env, PORT: port, ORIGIN: origin }
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
