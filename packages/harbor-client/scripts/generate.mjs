// Regenerates src/generated/harbor.d.ts from the pinned Harbor spec (Swagger 2.0 -> OpenAPI 3 -> TS).
// `--check` regenerates into a temporary folder and exits 1 when the committed output differs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const committed = join(root, 'src', 'generated', 'harbor.d.ts');
const check = process.argv.includes('--check');

const work = mkdtempSync(join(tmpdir(), 'harbor-types-'));
try {
  const openapi = join(work, 'openapi.yaml');
  const types = join(work, 'harbor.d.ts');
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'] };
  execFileSync(bin('swagger2openapi'), ['--yaml', '--patch', '--outfile', openapi, join(root, 'spec', 'harbor-swagger.yaml')], quiet);
  execFileSync(bin('openapi-typescript'), [openapi, '-o', types], quiet);
  const fresh = readFileSync(types, 'utf8');
  if (check) {
    const current = readFileSync(committed, 'utf8');
    if (current !== fresh) {
      console.error('src/generated/harbor.d.ts is stale: run `pnpm --filter @hw/harbor-client generate`.');
      process.exit(1);
    }
    console.log('src/generated/harbor.d.ts is up to date.');
  } else {
    writeFileSync(committed, fresh);
    console.log(`wrote ${committed}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
