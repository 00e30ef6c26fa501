// Diagnostics as the editor shows them: the same findings as `migc check`, for every
// file of the project, kept up to date by edits, by files changed on disk, per project,
// and in the chosen language.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness');

/** The .mig files of a project directory. */
function migFiles(root) {
  return fs
    .readdirSync(root)
    .filter((f) => f.endsWith('.mig'))
    .map((f) => path.join(root, f));
}

/** Wait until every file of `root` that `migc check` reports on has been published. */
async function waitForProject(s, root, expected) {
  const files = new Set(expected.map((d) => d.file));
  await s.waitFor(() => [...files].every((f) => s.published(f) !== undefined), `diagnostics of ${[...files]}`);
  await s.settle();
}

for (const example of ['failing', 'cloud-ehr']) {
  test(`diagnostics of examples/${example} equal migc check --format json`, { skip: h.skip }, async (t) => {
    const root = h.copyExample(example, path.join(h.tempDir(), example));
    const expected = h.expectedDiagnostics(root);
    assert.ok(expected.length > 0, 'the example has findings');
    const s = await h.session(t, { root });
    // Opening one file publishes the findings of the whole project.
    const model = path.join(root, 'model.mig');
    await s.open(model);
    await waitForProject(s, root, expected);
    assert.deepEqual(s.diagnosticsUnder(root), expected);
    // The open document's diagnostics carry its version; the others none.
    assert.equal(s.diagnostics.get(model).version, 1);
    for (const file of migFiles(root).filter((f) => f !== model && s.diagnostics.has(f))) {
      assert.equal(s.diagnostics.get(file).version ?? null, null, file);
    }
    // Each diagnostic says where it comes from and links the rule's documentation.
    for (const [, p] of s.diagnostics) {
      for (const d of p.diagnostics) {
        assert.equal(d.source, 'migc');
        if (d.code.startsWith('MIG-')) {
          assert.ok(d.codeDescription && d.codeDescription.href, `${d.code} has a documentation link`);
        }
      }
    }
    assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
  });
}

test('an edit in one file breaks and fixes the diagnostics of another', { skip: h.skip }, async (t) => {
  const root = h.copyExample('cloud-ehr', path.join(h.tempDir(), 'cloud-ehr'));
  const expected = h.expectedDiagnostics(root);
  const s = await h.session(t, { root });
  const data = path.join(root, 'data.mig');
  const flows = path.join(root, 'flows.mig');
  const flowsText = fs.readFileSync(flows, 'utf8');
  const text = await s.open(data);
  await waitForProject(s, root, expected);
  assert.deepEqual(s.published(flows) || [], [], 'flows.mig is clean');
  const before = s.publishCount;

  // Renaming the declaration (unsaved) leaves the references in flows.mig dangling.
  const broken = text.replace('data 診療録 "診療録"', 'data 診療記録 "診療録"');
  assert.notEqual(broken, text);
  await s.change(data, broken);
  await s.waitFor(
    () => (s.published(flows) || []).some((d) => d.code === 'MIG2006'),
    'MIG2006 in flows.mig (not open)',
  );
  assert.ok(s.publishCount > before);
  const unresolved = s.published(flows).filter((d) => d.code === 'MIG2006');
  assert.ok(unresolved.every((d) => d.severity === 1 && /`診療録`/.test(d.message)), JSON.stringify(unresolved));
  // Each is on a reference to 診療録 in flows.mig.
  for (const d of unresolved) {
    const line = flowsText.split('\n')[d.range.start.line];
    assert.equal(line.slice(d.range.start.character, d.range.end.character), '診療録', line);
  }
  // The file not opened is published without a version; the edited one with its new one.
  assert.equal(s.diagnostics.get(flows).version ?? null, null);

  // Undoing the edit clears them again.
  await s.change(data, text);
  await s.waitFor(() => (s.published(flows) || []).length === 0, 'flows.mig clean again');
  await s.settle();
  assert.deepEqual(s.diagnosticsUnder(root), expected);
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});

test('two projects in one session each get their own diagnostics', { skip: h.skip }, async (t) => {
  const dir = h.tempDir();
  const failing = h.copyExample('failing', path.join(dir, 'failing'));
  const clean = h.copyExample('cloud-ehr', path.join(dir, 'cloud-ehr'));
  const expectFailing = h.expectedDiagnostics(failing);
  const expectClean = h.expectedDiagnostics(clean);
  const s = await h.session(t, { root: dir });
  await s.open(path.join(failing, 'flows.mig'));
  await s.open(path.join(clean, 'flows.mig'));
  await waitForProject(s, failing, expectFailing);
  await waitForProject(s, clean, expectClean);
  assert.deepEqual(s.diagnosticsUnder(failing), expectFailing);
  assert.deepEqual(s.diagnosticsUnder(clean), expectClean);
  // Nothing outside the two projects (e.g. their common parent) was published.
  for (const file of s.diagnostics.keys()) {
    assert.ok(file.startsWith(failing + path.sep) || file.startsWith(clean + path.sep), file);
  }
  // An edit in one project does not touch the other's diagnostics.
  const counts = new Map([...s.diagnostics].filter(([f]) => f.startsWith(clean)).map(([f, p]) => [f, p.count]));
  const flows = path.join(failing, 'flows.mig');
  await s.change(flows, fs.readFileSync(flows, 'utf8') + '\n// 追記\n');
  await s.settle();
  for (const [f, count] of counts) {
    assert.equal(s.diagnostics.get(f).count, count, `${f} republished`);
  }
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});

test('a file changed on disk and didChangeWatchedFiles update the diagnostics', { skip: h.skip }, async (t) => {
  const root = h.copyExample('cloud-ehr', path.join(h.tempDir(), 'cloud-ehr'));
  const expected = h.expectedDiagnostics(root);
  const s = await h.session(t, { root });
  await s.open(path.join(root, 'model.mig'));
  await waitForProject(s, root, expected);
  // data.mig is not open: it changes on disk (another tool, git checkout…).
  const data = path.join(root, 'data.mig');
  const flows = path.join(root, 'flows.mig');
  const text = fs.readFileSync(data, 'utf8');
  fs.writeFileSync(data, text.replace('data 診療録 "診療録"', 'data 診療記録 "診療録"'));
  await s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: h.uri(data), type: 2 }] });
  await s.waitFor(() => (s.published(flows) || []).some((d) => d.code === 'MIG2006'), 'MIG2006 in flows.mig');
  await s.settle();
  assert.deepEqual(s.diagnosticsUnder(root), h.expectedDiagnostics(root), 'the same as migc check of the new disk');
  // And back.
  fs.writeFileSync(data, text);
  await s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: h.uri(data), type: 2 }] });
  await s.waitFor(() => (s.published(flows) || []).length === 0, 'flows.mig clean again');
  await s.settle();
  assert.deepEqual(s.diagnosticsUnder(root), expected);
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});

test('a new file on disk that breaks the project is seen after didChangeWatchedFiles', { skip: h.skip }, async (t) => {
  const root = h.copyExample('cloud-ehr', path.join(h.tempDir(), 'cloud-ehr'));
  const s = await h.session(t, { root });
  await s.open(path.join(root, 'model.mig'));
  await waitForProject(s, root, h.expectedDiagnostics(root));
  // A .mig file the entries do not import: migc check warns about it (MIG3006).
  const stray = path.join(root, 'stray.mig');
  fs.writeFileSync(stray, '// 未使用のファイル\n');
  await s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: h.uri(stray), type: 1 }] });
  const expected = h.expectedDiagnostics(root);
  assert.ok(expected.some((d) => d.code === 'MIG3006'), JSON.stringify(expected));
  await s.waitFor(
    () => s.diagnosticsUnder(root).some((d) => d.code === 'MIG3006'),
    'MIG3006 for stray.mig',
  );
  await s.settle();
  assert.deepEqual(s.diagnosticsUnder(root), expected);
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});

test('language "en" gives English messages, and a settings change switches them', { skip: h.skip }, async (t) => {
  const root = h.copyExample('failing', path.join(h.tempDir(), 'failing'));
  const english = h.expectedDiagnostics(root, 'en');
  const japanese = h.expectedDiagnostics(root, 'ja');
  const s = await h.session(t, { root, initializationOptions: { language: 'en' } });
  const flows = path.join(root, 'flows.mig');
  const text = await s.open(flows);
  await waitForProject(s, root, english);
  assert.deepEqual(s.diagnosticsUnder(root), english);
  // migc check --lang en and --lang ja differ in every message with words in it.
  assert.ok(english.some((d, i) => d.message !== japanese[i].message), 'English text');
  assert.ok(
    s.diagnosticsUnder(root).some((d) => /^flow `診察` is not assessed against 10 threat/.test(d.message)),
    'MIG-RISK-001 in English',
  );
  const hover = await s.request('textDocument/hover', {
    textDocument: { uri: h.uri(flows) },
    position: h.positionOf(text, '診療録', 1),
  });
  assert.doesNotMatch(hover.contents.value, /\n情報\n/, 'the hover is in English too');

  // What VS Code sends when migc.language changes.
  await s.notify('workspace/didChangeConfiguration', { settings: { migc: { language: 'ja' } } });
  await s.waitFor(
    () => s.diagnosticsUnder(root).some((d) => d.message === japanese[0].message),
    'Japanese messages',
  );
  await s.settle();
  assert.deepEqual(s.diagnosticsUnder(root), japanese);
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});
