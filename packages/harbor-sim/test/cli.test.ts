import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('pnpm sim (src/cli.ts)', () => {
  it('starts a source and a target on free ports and prints their URLs and admin credentials', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--password', 'Cli-Pass-1'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('non-admin:')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`cli exited with ${code}: ${out}`)));
      });
      expect(out).toContain('admin:      admin / Cli-Pass-1');
      const urls = [...out.matchAll(/(source|target): (http:\/\/127\.0\.0\.1:\d+)/g)].map((m) => m[2]!);
      expect(urls).toHaveLength(2);
      for (const url of urls) {
        const me = await fetch(`${url}/api/v2.0/users/current`, {
          headers: { authorization: `Basic ${Buffer.from('admin:Cli-Pass-1').toString('base64')}` },
        });
        expect(me.status).toBe(200);
      }
      expect((await fetch(`${urls[0]!}/__sim/state`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);
});
