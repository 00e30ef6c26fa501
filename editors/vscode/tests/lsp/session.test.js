// The session as a whole: what `initialize` promises, file watching, a handler that
// panics, and a clean shutdown.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const h = require('./harness');

test('initialize: the capabilities VS Code uses, UTF-16 positions, file watchers', { skip: h.skip }, async (t) => {
  const root = h.copyExample('failing', path.join(h.tempDir(), 'failing'));
  const s = await h.session(t, { root });
  const { capabilities, serverInfo } = s.initializeResult;
  assert.equal(serverInfo.name, 'migc');
  assert.equal(capabilities.positionEncoding, 'utf-16');
  // Full text sync with open/close.
  assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: 1 });
  assert.equal(capabilities.hoverProvider, true);
  assert.ok(capabilities.completionProvider, 'completion');
  assert.ok(capabilities.completionProvider.triggerCharacters.includes(':'));
  assert.equal(capabilities.definitionProvider, true);
  assert.equal(capabilities.referencesProvider, true);
  assert.deepEqual(capabilities.renameProvider, { prepareProvider: true });
  assert.equal(capabilities.documentSymbolProvider, true);
  assert.equal(capabilities.inlayHintProvider, true);
  assert.equal(capabilities.documentFormattingProvider, true);
  // The client allows dynamic registration: the server asks to be told of .mig and mig.toml changes.
  await s.settle();
  const watch = s.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
  assert.ok(watch, `registrations: ${JSON.stringify(s.registrations)}`);
  const globs = watch.registerOptions.watchers.map((w) => w.globPattern);
  assert.ok(globs.includes('**/*.mig') && globs.includes('**/mig.toml'), JSON.stringify(globs));
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});

test('initialize: UTF-8 positions when the client offers them', { skip: h.skip }, async (t) => {
  const s = await h.session(t, {
    capabilities: { general: { positionEncodings: ['utf-8', 'utf-16'] }, workspace: {} },
  });
  assert.equal(s.initializeResult.capabilities.positionEncoding, 'utf-8');
  // No dynamic registration offered: no watcher registration is asked for.
  await s.settle();
  assert.deepEqual(s.registrations, []);
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});

test('shutdown then exit ends the process with code 0', { skip: h.skip }, async (t) => {
  const root = h.copyExample('failing', path.join(h.tempDir(), 'failing'));
  const s = await h.session(t, { root });
  await s.open(path.join(root, 'model.mig'));
  await s.waitFor(() => s.diagnostics.size >= 4, 'diagnostics of the 4 files');
  assert.equal(await s.request('shutdown'), null);
  await s.notify('exit');
  const result = await s.exited;
  assert.deepEqual(result, { code: 0, signal: null }, `stderr: ${s.stderr}`);
});

test('a handler that panics answers an error and the server goes on', { skip: h.skip }, async (t) => {
  const root = h.copyExample('failing', path.join(h.tempDir(), 'failing'));
  const s = await h.session(t, { root, env: { MIGC_LSP_TEST_HOOKS: '1' } });
  const flows = path.join(root, 'flows.mig');
  const text = await s.open(flows);
  await s.waitFor(() => s.published(flows) !== undefined, 'diagnostics of flows.mig');
  await assert.rejects(s.request('migc/panic', {}), (e) => {
    assert.equal(e.code, -32603, `${e.code} ${e.message}`);
    assert.match(e.message, /internal error in migc\/panic/);
    return true;
  });
  // Still up, and still right.
  const hover = await s.request('textDocument/hover', {
    textDocument: { uri: h.uri(flows) },
    position: h.positionOf(text, '診療録', 1),
  });
  assert.match(hover.contents.value, /data 診療録/);
  // The panic was logged to the client.
  assert.ok(s.logs.some((l) => l.type === 1 && /panicked/.test(l.message)), JSON.stringify(s.logs));
  // And an edit after it is still analysed.
  await s.change(flows, text.replace('carries [患者基本情報, 診療録]', 'carries [患者基本情報, 診療録X]'));
  await s.waitFor(
    () => (s.published(flows) || []).some((d) => d.code === 'MIG2006' && /診療録X/.test(d.message)),
    'MIG2006 for 診療録X',
  );
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});

test('without MIGC_LSP_TEST_HOOKS migc/panic is an unknown method', { skip: h.skip }, async (t) => {
  const s = await h.session(t);
  await assert.rejects(s.request('migc/panic', {}), (e) => e.code === -32601);
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});
