// Regenerates, from the pinned Harbor spec (Swagger 2.0), the OpenAPI 3 document spec/harbor-openapi.json
// (used to validate requests and responses in tests) and the types in src/generated/harbor.d.ts.
// `--check` regenerates into a temporary folder and exits 1 when the committed output differs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const outputs = [
  { file: 'harbor-openapi.json', committed: join(root, 'spec', 'harbor-openapi.json') },
  { file: 'harbor.d.ts', committed: join(root, 'src', 'generated', 'harbor.d.ts') },
];
const check = process.argv.includes('--check');

const work = mkdtempSync(join(tmpdir(), 'harbor-types-'));
try {
  const openapi = join(work, 'harbor-openapi.json');
  const types = join(work, 'harbor.d.ts');
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'] };
  execFileSync(
    bin('swagger2openapi'),
    ['--patch', '--outfile', openapi, join(root, 'spec', 'harbor-swagger.yaml')],
    quiet,
  );
  execFileSync(bin('openapi-typescript'), [openapi, '-o', types], quiet);
  for (const { file, committed } of outputs) {
    const fresh = readFileSync(join(work, file), 'utf8');
    if (check) {
      if (!existsSync(committed) || readFileSync(committed, 'utf8') !== fresh) {
        console.error(`${file} is stale: run \`pnpm --filter @hw/harbor-client generate\`.`);
        process.exit(1);
      }
    } else {
      writeFileSync(committed, fresh);
    }
  }
  console.log(check ? 'generated files are up to date.' : 'generated files written.');
} finally {
  rmSync(work, { recursive: true, force: true });
}
