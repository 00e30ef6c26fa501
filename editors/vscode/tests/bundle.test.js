// The bundle the .vsix ships (`npm run build`, esbuild) holds the client and
// vscode-languageclient: built into a temp dir, it loads with nothing but `vscode`
// (a permissive stub here) and exports activate/deactivate.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Module = require('node:module');

const DIR = path.join(__dirname, '..');
const ESBUILD = path.join(DIR, 'node_modules', '.bin', 'esbuild');
const skip = fs.existsSync(ESBUILD) ? false : 'esbuild is not installed (npm ci)';

/** A stand-in for any part of the `vscode` API: every property is another one, callable and constructible. */
function anything() {
  const cache = new Map();
  return new Proxy(function () {}, {
    get(target, key) {
      if (key === 'prototype') {
        return target.prototype;
      }
      if (typeof key === 'symbol' || key === 'then') {
        return undefined;
      }
      if (!cache.has(key)) {
        cache.set(key, anything());
      }
      return cache.get(key);
    },
  });
}

test('the bundle built by `npm run build` loads with only the vscode module', { skip }, () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(DIR, 'package.json'), 'utf8'));
  assert.equal(pkg.main, './dist/extension.js');
  assert.equal(pkg.scripts['vscode:prepublish'], 'npm run build', 'vsce package builds first');
  // The build script's arguments, with the output moved to a temp dir.
  const [tool, ...args] = pkg.scripts.build.split(/\s+/);
  assert.equal(tool, 'esbuild');
  assert.ok(args.includes('--external:vscode') && args.includes('--bundle'), pkg.scripts.build);
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'migc-bundle-')), 'extension.js');
  execFileSync(ESBUILD, args.map((a) => (a.startsWith('--outfile=') ? `--outfile=${out}` : a)), {
    cwd: DIR,
    stdio: 'pipe',
  });

  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return request === 'vscode' ? '/stub/vscode.js' : resolve.call(this, request, ...rest);
  };
  const stub = new Module('/stub/vscode.js');
  Object.assign(stub, { filename: '/stub/vscode.js', loaded: true, exports: anything() });
  require.cache['/stub/vscode.js'] = stub;
  const before = new Set(Object.keys(require.cache));
  try {
    const extension = require(out);
    assert.equal(typeof extension.activate, 'function');
    assert.equal(typeof extension.deactivate, 'function');
    // Nothing was loaded from node_modules: the .vsix (without node_modules) is complete.
    const loaded = Object.keys(require.cache).filter((k) => !before.has(k));
    assert.deepEqual(loaded, [out]);
  } finally {
    Module._resolveFilename = resolve;
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
});
