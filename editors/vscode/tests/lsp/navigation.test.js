// What the user gets from hover, go to definition, rename, completion and formatting.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const h = require('./harness');

/** A session on a copy of examples/failing with `file` open; returns [session, root, text]. */
async function openFailing(t, file, options = {}) {
  const root = h.copyExample('failing', path.join(h.tempDir(), 'failing'));
  const s = await h.session(t, { root, ...options });
  const text = await s.open(path.join(root, file));
  return [s, root, text];
}

test('hover on a Japanese identifier shows its declaration', { skip: h.skip }, async (t) => {
  const [s, root, text] = await openFailing(t, 'flows.mig');
  const flows = path.join(root, 'flows.mig');
  // On the second character of 診療録 in `carries [患者基本情報, 診療録]`.
  const at = h.positionOf(text, '診療録]', 1);
  const hover = await s.request('textDocument/hover', { textDocument: { uri: h.uri(flows) }, position: at });
  assert.equal(hover.contents.kind, 'markdown');
  assert.match(hover.contents.value, /^```mig\ndata 診療録 "診療録"\n```/);
  assert.match(hover.contents.value, /system\.mig/, 'where it is declared');
  // The range is the whole name, in UTF-16 units.
  const start = h.positionOf(text, '診療録]');
  assert.deepEqual(hover.range, { start, end: { line: start.line, character: start.character + 3 } });
  // Nothing to show on a comment.
  const comment = h.positionOf(text, '//', 3);
  assert.equal(await s.request('textDocument/hover', { textDocument: { uri: h.uri(flows) }, position: comment }), null);
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});

test('definition of a project name and of a std name (a read-only copy)', { skip: h.skip }, async (t) => {
  const [s, root, text] = await openFailing(t, 'flows.mig');
  const flows = { uri: h.uri(path.join(root, 'flows.mig')) };
  const system = fs.readFileSync(path.join(root, 'system.mig'), 'utf8');

  const local = await s.request('textDocument/definition', { textDocument: flows, position: h.positionOf(text, '診療録]') });
  assert.equal(local.uri, h.uri(path.join(root, 'system.mig')));
  assert.deepEqual(local.range.start, h.positionOf(system, '診療録 "診療録" {'));

  const std = await s.request('textDocument/definition', {
    textDocument: flows,
    position: h.positionOf(text, 'std::auth::password', 'std::auth::'.length + 2),
  });
  assert.ok(std && std.uri, JSON.stringify(std));
  const file = h.fileOf(std.uri);
  assert.equal(path.basename(file), 'auth.mig');
  assert.ok(!file.startsWith(root), 'outside the project');
  // The file exists, holds the declaration at the range, and cannot be written.
  const stdText = fs.readFileSync(file, 'utf8');
  const line = stdText.split('\n')[std.range.start.line];
  assert.equal(line.slice(std.range.start.character, std.range.end.character), 'password', line);
  assert.equal(fs.statSync(file).mode & 0o222, 0, 'read-only');
  // Hover works inside the std copy too (the editor opens it).
  await s.open(file, stdText);
  const hover = await s.request('textDocument/hover', { textDocument: { uri: std.uri }, position: std.range.start });
  assert.ok(hover && /password/.test(hover.contents.value), JSON.stringify(hover));
  // No diagnostics are published for the std library.
  await s.settle();
  assert.equal(s.published(file), undefined);
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});

test('rename across files: the WorkspaceEdit applied gives the renamed project', { skip: h.skip }, async (t) => {
  const [s, root, model] = await openFailing(t, 'model.mig');
  const modelFile = path.join(root, 'model.mig');
  const at = h.positionOf(model, 'party hayate_medical', 'party '.length + 3);
  const prepared = await s.request('textDocument/prepareRename', { textDocument: { uri: h.uri(modelFile) }, position: at });
  const declStart = h.positionOf(model, 'hayate_medical "株式会社');
  assert.deepEqual(prepared, {
    start: declStart,
    end: { line: declStart.line, character: declStart.character + 'hayate_medical'.length },
  });

  const edit = await s.request('textDocument/rename', {
    textDocument: { uri: h.uri(modelFile) },
    position: at,
    newName: 'はやてメディカル',
  });
  assert.ok(edit.changes, JSON.stringify(edit));
  const files = Object.keys(edit.changes).map(h.fileOf).sort();
  assert.deepEqual(
    files,
    ['model.mig', 'operations.mig', 'system.mig'].map((f) => path.join(root, f)),
    'every file that names it',
  );
  for (const [u, edits] of Object.entries(edit.changes)) {
    const file = h.fileOf(u);
    const before = fs.readFileSync(file, 'utf8');
    const after = h.applyEdits(before, edits);
    // hayate_medical occurs only as the name in these files (no comments or strings).
    assert.equal(after, before.replaceAll('hayate_medical', 'はやてメディカル'), file);
    fs.writeFileSync(file, after);
    if (file === modelFile) {
      await s.change(file, after);
    } else {
      await s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: u, type: 2 }] });
    }
  }
  // The renamed project has the same findings, now naming the new name.
  await s.settle();
  const expected = h.expectedDiagnostics(root);
  assert.ok(!expected.some((d) => d.code === 'MIG2006'));
  assert.deepEqual(s.diagnosticsUnder(root), expected);
  assert.ok(expected.some((d) => d.code === 'MIG-CERT-001' && d.message.includes('はやてメディカル')));
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});

test('renaming a std name is refused with an error response', { skip: h.skip }, async (t) => {
  const [s, root, text] = await openFailing(t, 'flows.mig');
  const flows = { uri: h.uri(path.join(root, 'flows.mig')) };
  const at = h.positionOf(text, 'std::auth::password', 'std::auth::'.length + 2);
  const refused = (e) => {
    assert.equal(e.code, -32602, `${e.code} ${e.message}`);
    assert.match(e.message, /標準ライブラリの名前 std::auth::password は変更できません/);
    return true;
  };
  await assert.rejects(s.request('textDocument/prepareRename', { textDocument: flows, position: at }), refused);
  await assert.rejects(
    s.request('textDocument/rename', { textDocument: flows, position: at, newName: 'パスワード' }),
    refused,
  );
  // A name that is not an identifier is refused too.
  const local = h.positionOf(text, '診療録]');
  await assert.rejects(
    s.request('textDocument/rename', { textDocument: flows, position: local, newName: 'a b' }),
    (e) => e.code === -32602 && /a b/.test(e.message),
  );
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});

test('completion after a key offers its values', { skip: h.skip }, async (t) => {
  const [s, root, text] = await openFailing(t, 'system.mig');
  const system = path.join(root, 'system.mig');
  const edited = text.replace('  kind       storage\n', '  kind       \n');
  assert.notEqual(edited, text);
  await s.change(system, edited);
  const at = h.positionOf(edited, '  kind       \n', '  kind       '.length);
  const list = await s.request('textDocument/completion', { textDocument: { uri: h.uri(system) }, position: at });
  const labels = list.items.map((i) => i.label);
  for (const kind of ['server', 'storage', 'application', 'terminal']) {
    assert.ok(labels.includes(kind), `${kind} in ${labels}`);
  }
  assert.ok(!labels.includes('kind'), 'values, not keys');
  const storage = list.items.find((i) => i.label === 'storage');
  assert.equal(storage.detail, 'ストレージ');
  // Choosing it writes it at the cursor.
  assert.deepEqual(storage.textEdit, { range: { start: at, end: at }, newText: 'storage' });
  assert.equal(h.applyEdits(edited, [storage.textEdit]), text);

  // At the start of a line in a block: the keys of that block not written yet.
  const keyAt = h.positionOf(edited, '  kind       \n', 2);
  const keys = await s.request('textDocument/completion', { textDocument: { uri: h.uri(system) }, position: keyAt });
  const keyLabels = keys.items.map((i) => i.label);
  assert.ok(keyLabels.includes('portable') && keyLabels.includes('description'), `asset keys: ${keyLabels}`);
  assert.ok(!keyLabels.includes('encrypted'), `already written: ${keyLabels}`);
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});

test('formatting returns the text migc fmt writes', { skip: h.skip }, async (t) => {
  const [s, root, text] = await openFailing(t, 'system.mig');
  const system = path.join(root, 'system.mig');
  // Already formatted: no edit.
  assert.deepEqual(
    await s.request('textDocument/formatting', {
      textDocument: { uri: h.uri(system) },
      options: { tabSize: 2, insertSpaces: true },
    }),
    [],
  );
  const messy = text.replace('  kind       application\n', '      kind application\n').replace('\n\n', '\n\n\n\n');
  assert.notEqual(messy, text);
  await s.change(system, messy);
  const edits = await s.request('textDocument/formatting', {
    textDocument: { uri: h.uri(system) },
    options: { tabSize: 2, insertSpaces: true },
  });
  assert.ok(edits.length > 0);
  const formatted = h.applyEdits(messy, edits);
  assert.equal(formatted, text);
  // The same as `migc fmt` of the file on disk.
  fs.writeFileSync(system, messy);
  execFileSync(h.BIN, ['fmt', system]);
  assert.equal(fs.readFileSync(system, 'utf8'), formatted);
  // Text that does not parse is not formatted: an error, the buffer is left alone.
  await s.change(system, `${text}\nasset {{{\n`);
  await assert.rejects(
    s.request('textDocument/formatting', { textDocument: { uri: h.uri(system) }, options: { tabSize: 2, insertSpaces: true } }),
    (e) => e.code === -32602,
  );
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});

// With language "en", details name kinds in English (hover and key details do too).
test(
  'in English, completion details of references name the kind in English',
  { skip: h.skip },
  async (t) => {
    const [s, root, text] = await openFailing(t, 'system.mig', { initializationOptions: { language: 'en' } });
    const system = path.join(root, 'system.mig');
    const edited = text.replace('  at         skystream_tokyo\n', '  at         \n');
    await s.change(system, edited);
    const at = h.positionOf(edited, '  at         \n', '  at         '.length);
    const list = await s.request('textDocument/completion', { textDocument: { uri: h.uri(system) }, position: at });
    const tokyo = list.items.find((i) => i.label === 'skystream_tokyo');
    assert.ok(tokyo, JSON.stringify(list.items.map((i) => i.label)));
    assert.match(tokyo.detail, /^site /);
    assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
  },
);

test('a quick fix for a misspelt value, applied, leaves no diagnostic there', { skip: h.skip }, async (t) => {
  const [s, root, text] = await openFailing(t, 'system.mig');
  const system = path.join(root, 'system.mig');
  const broken = text.replace('  at         skystream_tokyo\n', '  at         skystream_tokyp\n');
  await s.change(system, broken);
  await s.settle();
  const at = h.positionOf(broken, 'skystream_tokyp', 3);
  const shown = s.published(system).filter((d) => d.range.start.line === at.line);
  assert.ok(shown.some((d) => d.code === 'MIG2006'), JSON.stringify(shown));
  const actions = await s.request('textDocument/codeAction', {
    textDocument: { uri: h.uri(system) },
    range: { start: at, end: at },
    context: { diagnostics: shown },
  });
  const fix = actions.find((a) => a.kind === 'quickfix' && a.isPreferred);
  assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(fix.diagnostics[0].code, 'MIG2006');
  const fixed = h.applyEdits(broken, fix.edit.changes[h.uri(system)]);
  assert.equal(fixed, text, 'the name is what it was');
  // Waivers are offered as well, after the repairs, for guideline findings.
  assert.ok(actions.every((a) => a.kind === 'quickfix' || a.kind === 'quickfix.migc.waiver'));
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});

test('semantic tokens, folding ranges and workspace symbols', { skip: h.skip }, async (t) => {
  const [s, root, text] = await openFailing(t, 'flows.mig');
  const flows = { uri: h.uri(path.join(root, 'flows.mig')) };
  const legend = s.initializeResult.capabilities.semanticTokensProvider.legend;
  const { data } = await s.request('textDocument/semanticTokens/full', { textDocument: flows });
  assert.equal(data.length % 5, 0);
  // Decode; find the token on 診療録 in `carries [患者基本情報, 診療録]`: three UTF-16 units, a data name.
  let line = 0;
  let col = 0;
  const tokens = [];
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    col = data[i] === 0 ? col + data[i + 1] : data[i + 1];
    tokens.push({ line, col, length: data[i + 2], type: legend.tokenTypes[data[i + 3]] });
  }
  const at = h.positionOf(text, '診療録]');
  assert.deepEqual(
    tokens.find((k) => k.line === at.line && k.col === at.character),
    { line: at.line, col: at.character, length: 3, type: 'type' },
  );
  const folds = await s.request('textDocument/foldingRange', { textDocument: flows });
  assert.ok(folds.length > 0 && folds.every((f) => f.endLine > f.startLine));
  const symbols = await s.request('workspace/symbol', { query: '診療' });
  assert.ok(symbols.some((x) => x.name === '診療録' && x.location.uri.endsWith('system.mig')), JSON.stringify(symbols));
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});
