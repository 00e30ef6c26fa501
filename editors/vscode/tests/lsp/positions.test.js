// Positions in UTF-16 code units (LSP's default, what VS Code speaks): 𠮷 is one
// character but two units, and a file with CRLF line ends has no extra lines.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness');

/**
 * examples/failing with the clinic renamed 𠮷野クリニック everywhere, an unknown
 * customer after it on the same line, and model.mig written with CRLF line ends.
 */
function fixture() {
  const root = h.copyExample('failing', path.join(h.tempDir(), 'failing'));
  for (const f of fs.readdirSync(root).filter((f) => f.endsWith('.mig'))) {
    const file = path.join(root, f);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll('midori_clinic', '𠮷野クリニック'));
  }
  const model = path.join(root, 'model.mig');
  const text = fs.readFileSync(model, 'utf8').replace('customers   [𠮷野クリニック]', 'customers   [𠮷野クリニック, 未定義]');
  assert.ok(text.includes('未定義'));
  fs.writeFileSync(model, text.replaceAll('\n', '\r\n'));
  return { root, model, text: fs.readFileSync(model, 'utf8') };
}

test('a diagnostic after 𠮷 on a CRLF line is at its UTF-16 column', { skip: h.skip }, async (t) => {
  const { root, model, text } = fixture();
  const expected = h.expectedDiagnostics(root);
  const s = await h.session(t, { root });
  await s.open(model, text);
  await s.waitFor(() => (s.published(model) || []).some((d) => d.code === 'MIG2006'), 'MIG2006 in model.mig');
  const lines = text.split('\r\n');
  const line = lines.findIndex((l) => l.includes('未定義'));
  const [d] = s.published(model).filter((x) => x.code === 'MIG2006');
  // `  customers   [𠮷野クリニック, 未定義]`: 未定義 is character 25 (0-based 24) and UTF-16 unit 25.
  const column = lines[line].indexOf('未定義');
  assert.equal([...lines[line].slice(0, column)].length, 24, 'characters before it');
  assert.equal(column, 25, 'UTF-16 units before it');
  assert.deepEqual(d.range, { start: { line, character: column }, end: { line, character: column + 3 } });
  assert.match(d.message, /`未定義` が見つかりません/);
  // The whole project equals migc check (its character columns converted to UTF-16).
  await s.settle();
  assert.deepEqual(s.diagnosticsUnder(root), expected);
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});

test('hover and definition positions count 𠮷 as two units on CRLF lines', { skip: h.skip }, async (t) => {
  const { root, model, text } = fixture();
  const s = await h.session(t, { root });
  await s.open(model, text);
  const lines = text.split('\r\n');
  const line = lines.findIndex((l) => l.includes('customers'));
  const start = lines[line].indexOf('𠮷');
  const length = '𠮷野クリニック'.length;
  assert.equal(length, 8, '7 characters, 8 UTF-16 units');
  // On ク (after the surrogate pair): the reference to the party.
  const at = { line, character: start + 3 };
  const hover = await s.request('textDocument/hover', { textDocument: { uri: h.uri(model) }, position: at });
  assert.ok(hover, 'a hover');
  assert.match(hover.contents.value, /party 𠮷野クリニック/);
  assert.deepEqual(hover.range, { start: { line, character: start }, end: { line, character: start + length } });
  // Its definition: the `party` line, found by the line in the CRLF text.
  const def = await s.request('textDocument/definition', { textDocument: { uri: h.uri(model) }, position: at });
  const declLine = lines.findIndex((l) => l.startsWith('party 𠮷野クリニック'));
  assert.deepEqual(def.range, {
    start: { line: declLine, character: 'party '.length },
    end: { line: declLine, character: 'party '.length + length },
  });
  // A position at the end of a CRLF line (before \r) is on that line, not the next.
  const endOfLine = { line, character: lines[line].length };
  const atEnd = await s.request('textDocument/hover', { textDocument: { uri: h.uri(model) }, position: endOfLine });
  assert.ok(atEnd === null || atEnd.range.start.line === line, JSON.stringify(atEnd));
  // Formatting keeps the CRLF line ends.
  const edits = await s.request('textDocument/formatting', {
    textDocument: { uri: h.uri(model) },
    options: { tabSize: 2, insertSpaces: true },
  });
  const formatted = h.applyEdits(text, edits);
  assert.ok(!/[^\r]\n/.test(formatted), 'only CRLF');
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});

test('with UTF-8 offered, the same places are counted in bytes', { skip: h.skip }, async (t) => {
  const { root, model, text } = fixture();
  const s = await h.session(t, { root, capabilities: { general: { positionEncodings: ['utf-8'] } } });
  assert.equal(s.initializeResult.capabilities.positionEncoding, 'utf-8');
  await s.open(model, text);
  await s.waitFor(() => (s.published(model) || []).some((d) => d.code === 'MIG2006'), 'MIG2006 in model.mig');
  const lines = text.split('\r\n');
  const line = lines.findIndex((l) => l.includes('未定義'));
  const bytes = Buffer.byteLength(lines[line].slice(0, lines[line].indexOf('未定義')));
  assert.equal(bytes, '  customers   ['.length + 4 + 6 * 3 + ', '.length, '𠮷 is 4 bytes, 野クリニック 3 each');
  const [d] = s.published(model).filter((x) => x.code === 'MIG2006');
  assert.deepEqual(d.range, { start: { line, character: bytes }, end: { line, character: bytes + 9 } });
  // Hover on ク, 4 + 3 bytes after the start of 𠮷.
  const start = Buffer.byteLength(lines[line].slice(0, lines[line].indexOf('𠮷')));
  const hover = await s.request('textDocument/hover', {
    textDocument: { uri: h.uri(model) },
    position: { line, character: start + 7 },
  });
  assert.deepEqual(hover.range, {
    start: { line, character: start },
    end: { line, character: start + Buffer.byteLength('𠮷野クリニック') },
  });
  assert.deepEqual(await s.shutdown(), { code: 0, signal: null });
});
