// Documents coming and going (close, delete, untitled, a broken mig.toml), and the
// other views of a file: references, outline, inlay hints.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness');

async function failing(t, options = {}) {
  const root = h.copyExample('failing', path.join(h.tempDir(), 'failing'));
  const s = await h.session(t, { root, ...options });
  return [s, root];
}

async function untilProject(s, root) {
  const files = new Set(h.expectedDiagnostics(root).map((d) => d.file));
  await s.waitFor(() => [...files].every((f) => s.published(f) !== undefined), 'the project');
  await s.settle();
}

test('closing an edited document shows the file on disk again', { skip: h.skip }, async (t) => {
  const [s, root] = await failing(t);
  const model = path.join(root, 'model.mig');
  const text = await s.open(model);
  await untilProject(s, root);
  const expected = h.expectedDiagnostics(root);
  await s.change(model, `${text}\nparty {{{\n`);
  await s.waitFor(() => s.published(model).some((d) => d.code.startsWith('MIG1')), 'a syntax error');
  assert.equal(s.diagnostics.get(model).version, 2);
  // Closed without saving: the buffer no longer counts.
  await s.close(model);
  await s.waitFor(() => !s.published(model).some((d) => d.code.startsWith('MIG1')), 'the syntax error gone');
  await s.settle();
  assert.deepEqual(s.diagnosticsUnder(root), expected);
  assert.equal(s.diagnostics.get(model).version ?? null, null, 'no version once closed');
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});

test('an imported file deleted on disk: its diagnostics go, the import is reported', { skip: h.skip }, async (t) => {
  const [s, root] = await failing(t);
  const model = path.join(root, 'model.mig');
  const operations = path.join(root, 'operations.mig');
  await s.open(model);
  await untilProject(s, root);
  assert.ok(s.published(operations).length > 0);
  fs.unlinkSync(operations);
  await s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: h.uri(operations), type: 3 }] });
  await s.waitFor(() => s.published(operations).length === 0, 'operations.mig cleared');
  await s.settle();
  const expected = h.expectedDiagnostics(root);
  assert.ok(expected.some((d) => d.code === 'MIG2101' && d.file === model), 'migc check reports the import');
  assert.deepEqual(s.diagnosticsUnder(root), expected);
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});

test('an invalid mig.toml is shown on mig.toml', { skip: h.skip }, async (t) => {
  const [s, root] = await failing(t);
  await s.open(path.join(root, 'model.mig'));
  await untilProject(s, root);
  const config = path.join(root, 'mig.toml');
  fs.writeFileSync(config, '[project\nname = "failing"\n');
  await s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: h.uri(config), type: 2 }] });
  await s.waitFor(() => (s.published(config) || []).some((d) => /mig\.toml/.test(d.message)), 'an error on mig.toml');
  const [error] = s.published(config).filter((d) => /mig\.toml/.test(d.message));
  assert.equal(error.severity, 1);
  assert.match(error.message, /^migc: invalid mig\.toml: /);
  assert.deepEqual(error.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});

test('an untitled document is accepted and answered without errors', { skip: h.skip }, async (t) => {
  const [s] = await failing(t);
  const doc = { uri: 'untitled:Untitled-1' };
  await s.notify('textDocument/didOpen', {
    textDocument: { ...doc, languageId: 'mig', version: 1, text: 'party p "P" {\n  role provider\n}\n' },
  });
  const hover = await s.request('textDocument/hover', { textDocument: doc, position: { line: 0, character: 6 } });
  assert.ok(hover && JSON.stringify(hover.contents).includes('party p'), JSON.stringify(hover));
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});

// VS Code starts the server in the workspace folder (often $HOME without one): an
// `untitled:` buffer must not be taken for a path there.
test('an untitled document is checked alone, not the files of the working directory', { skip: h.skip }, async (t) => {
  const dir = h.tempDir();
  h.copyExample('failing', path.join(dir, 'elsewhere', 'failing'));
  fs.writeFileSync(path.join(dir, 'elsewhere', 'x.mig'), 'party p "P" {\n  role provider\n}\n');
  // The server runs in `dir`, as VS Code runs it in the workspace folder.
  const s = await h.session(t, { root: dir });
  await s.notify('textDocument/didOpen', {
    textDocument: { uri: 'untitled:Untitled-1', languageId: 'mig', version: 1, text: 'party q "Q" {\n}\n' },
  });
  await s.settle();
  assert.deepEqual([...s.diagnostics.keys()], ['untitled:Untitled-1'], 'only the buffer itself');
  const codes = s.diagnostics.get('untitled:Untitled-1').diagnostics.map((d) => d.code);
  assert.ok(codes.includes('MIG2003'), `the missing required properties: ${codes}`);
  assert.ok(!codes.includes('MIG3005'), 'a fragment, not a project without a model');
  const hover = await s.request('textDocument/hover', {
    textDocument: { uri: 'untitled:Untitled-1' },
    position: { line: 0, character: 6 },
  });
  assert.ok(hover && JSON.stringify(hover.contents).includes('party'), JSON.stringify(hover));
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});

test('references of a party across the files of the project', { skip: h.skip }, async (t) => {
  const [s, root] = await failing(t);
  const model = path.join(root, 'model.mig');
  const text = await s.open(model);
  const at = h.positionOf(text, 'party hayate_medical', 'party '.length + 1);
  const withDecl = await s.request('textDocument/references', {
    textDocument: { uri: h.uri(model) },
    position: at,
    context: { includeDeclaration: true },
  });
  const withoutDecl = await s.request('textDocument/references', {
    textDocument: { uri: h.uri(model) },
    position: at,
    context: { includeDeclaration: false },
  });
  // Every occurrence in the project (the name is used nowhere else, comments included).
  let total = 0;
  for (const f of ['model.mig', 'system.mig', 'flows.mig', 'operations.mig']) {
    const file = path.join(root, f);
    const body = fs.readFileSync(file, 'utf8');
    const found = withDecl.filter((l) => h.fileOf(l.uri) === file);
    assert.equal(found.length, body.split('hayate_medical').length - 1, f);
    for (const l of found) {
      const line = body.split('\n')[l.range.start.line];
      assert.equal(line.slice(l.range.start.character, l.range.end.character), 'hayate_medical');
    }
    total += found.length;
  }
  assert.equal(total, withDecl.length);
  assert.equal(withoutDecl.length, withDecl.length - 1);
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});

test('the outline lists the declarations of a file', { skip: h.skip }, async (t) => {
  const [s, root] = await failing(t);
  const flows = path.join(root, 'flows.mig');
  const text = await s.open(flows);
  const symbols = await s.request('textDocument/documentSymbol', { textDocument: { uri: h.uri(flows) } });
  const declared = [...text.matchAll(/^(flow|risk|control|data|asset) (\S+)/gm)].map((m) => m[2]);
  assert.deepEqual(
    symbols.map((x) => x.name),
    declared,
  );
  const exam = symbols.find((x) => x.name === '診察');
  assert.equal(exam.kind, 24, 'flow is an Event');
  assert.equal(exam.detail, 'flow — 診察室での電子カルテの記載');
  assert.deepEqual(exam.selectionRange.start, h.positionOf(text, 'flow 診察 ', 5));
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});

test('inlay hints show the level and rank of a risk after its likelihood', { skip: h.skip }, async (t) => {
  const [s, root] = await failing(t, { initializationOptions: { language: 'en' } });
  const flows = path.join(root, 'flows.mig');
  const text = await s.open(flows);
  const range = { start: { line: 0, character: 0 }, end: h.positionAt(text, text.length) };
  const hints = await s.request('textDocument/inlayHint', { textDocument: { uri: h.uri(flows) }, range });
  assert.ok(hints.length > 0);
  // R01: impact 4 × likelihood 3.
  const r01 = text.indexOf('risk R01');
  const after = h.positionOf(text.slice(r01), 'likelihood 3', 'likelihood 3'.length);
  const line = h.positionAt(text, r01).line + after.line;
  const hint = hints.find((x) => x.position.line === line);
  assert.ok(hint, JSON.stringify(hints));
  assert.equal(hint.position.character, '  likelihood 3'.length);
  assert.match(hint.label, /12/);
  assert.match(hint.label, /\bB\b/);
  // A range without risks has no hints.
  const none = await s.request('textDocument/inlayHint', {
    textDocument: { uri: h.uri(flows) },
    range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } },
  });
  assert.deepEqual(none, []);
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});
