/** Pieces of the submission key and the script marker. */
import { expect, it } from 'vitest';
import { canonicalJson, parseKeyMarker, redactHost, withKeyMarker } from '../../src/ledger/index.js';

it('canonicalJson sorts keys, drops undefined and survives BigInt', () => {
  expect(canonicalJson({ b: 1, a: [2, { d: undefined, c: 3n }] })).toBe('{"a":[2,{"c":"3n"}],"b":1}');
  expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
});

it('redactHost removes passwords but keeps user, host and port', () => {
  expect(redactHost('localhost')).toBe('localhost');
  expect(redactHost('alice@login:2222')).toBe('alice@login:2222');
  expect(redactHost('alice:s3cr3t@login:2222')).toBe('alice@login:2222');
  expect(redactHost('ssh://alice:p%40ss@login:22')).toBe('ssh://alice@login:22');
  expect(redactHost('ssh://login:22')).toBe('ssh://login:22');
});

it('the key marker goes below the manifest, replaces an older one, and reads back', () => {
  const key = 'f'.repeat(64);
  const script = '#!/bin/bash\n#SBATCH --job-name=x\n# hpcq job file\n# hpcq-files: x.cluster.sbatch\necho hi\n';
  const marked = withKeyMarker(script, key);
  expect(marked.split('\n').slice(3, 6)).toEqual(['# hpcq-files: x.cluster.sbatch', `# hpcq-key: ${key}`, 'echo hi']);
  expect(parseKeyMarker(marked)).toBe(key);
  const again = withKeyMarker(marked, 'e'.repeat(64));
  expect(parseKeyMarker(again)).toBe('e'.repeat(64));
  expect(again.match(/hpcq-key/g)).toHaveLength(1);
  expect(parseKeyMarker(script)).toBeUndefined();
  expect(parseKeyMarker('# hpcq-key: $(touch /tmp/x)\n')).toBeUndefined();
});
