// A small LSP client for the end-to-end tests: spawns the real `migc lsp` (env MIGC_BIN)
// and speaks JSON-RPC over its stdio with vscode-languageserver-protocol, the stack that
// vscode-languageclient uses. Fixtures are copied into a fresh temp dir per test.
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL, fileURLToPath } = require('node:url');
const rpc = require('vscode-languageserver-protocol/node');

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const BIN = process.env.MIGC_BIN;
/** For `test(name, { skip }, fn)`: why the tests cannot run here, or false. */
const skip = BIN ? false : 'MIGC_BIN is not set (cargo test -p migc-cli --test editor_lsp sets it)';
const TIMEOUT_MS = 20000;

/** A new temp dir (real path, so that URIs compare) removed when the process ends. */
function tempDir() {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'migc-lsp-test-')));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Copy `examples/<name>` (or a dir of the repo) to `<dest>` and return `dest`. */
function copyExample(name, dest) {
  fs.cpSync(path.join(REPO, 'examples', name), dest, { recursive: true });
  return dest;
}

/** Write files `{ 'rel/path': text }` under `dir`. */
function writeFiles(dir, files) {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const uri = (file) => pathToFileURL(file).href;
const fileOf = (u) => (u.startsWith('file:') ? fileURLToPath(u) : u);

/** The LSP position (UTF-16 columns) of the first occurrence of `needle` in `text`, plus `delta` units. */
function positionOf(text, needle, delta = 0) {
  const at = text.indexOf(needle);
  if (at < 0) {
    throw new Error(`${JSON.stringify(needle)} not in text`);
  }
  return positionAt(text, at + delta);
}

/** The LSP position of a UTF-16 offset into `text` (lines end at \n; a \r before it is on the line). */
function positionAt(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The UTF-16 offset of an LSP position. */
function offsetAt(text, pos) {
  let start = 0;
  for (let l = 0; l < pos.line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) {
      return text.length;
    }
    start = nl + 1;
  }
  return start + pos.character;
}

/** Apply LSP TextEdits (non-overlapping) to `text`. */
function applyEdits(text, edits) {
  const sorted = edits
    .map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start);
  for (const e of sorted) {
    text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  }
  return text;
}

/** The LSP position of a byte offset into a UTF-8 file. */
function positionOfByte(text, byteOffset) {
  const prefix = Buffer.from(text, 'utf8').subarray(0, byteOffset).toString('utf8');
  return positionAt(text, prefix.length);
}

/** `migc check --format json` of `root`, run as a user would (in the project's directory). */
function check(root, lang = 'ja') {
  let out;
  try {
    out = execFileSync(BIN, ['check', '--format', 'json', '--lang', lang, '.'], { encoding: 'utf8', cwd: root });
  } catch (e) {
    // Exit code 1: findings at the fail level; the report is on stdout all the same.
    if (e.status !== 1) {
      throw e;
    }
    out = e.stdout;
  }
  return JSON.parse(out);
}

const SEVERITY = { error: 1, warning: 2, note: 3 };

/**
 * `migc check`'s findings as the editor should show them: per file, the code, severity,
 * first line of the message and range (UTF-16), sorted. A finding without a file is shown
 * on mig.toml at its start.
 */
function expectedDiagnostics(root, lang = 'ja') {
  const report = check(root, lang);
  const texts = new Map();
  const out = [];
  for (const d of report.diagnostics) {
    const file = d.file ? path.resolve(root, d.file) : path.join(root, 'mig.toml');
    let range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    if (d.file) {
      if (!texts.has(file)) {
        texts.set(file, fs.readFileSync(file, 'utf8'));
      }
      const text = texts.get(file);
      range = { start: positionOfByte(text, d.span.start), end: positionOfByte(text, d.span.end) };
    }
    out.push({ file, code: d.code, severity: SEVERITY[d.severity], message: d.message.split('\n')[0], range });
  }
  return sortDiagnostics(out);
}

/** A range with its keys in one order (for sorting by JSON text). */
function range(r) {
  const pos = (p) => ({ line: p.line, character: p.character });
  return { start: pos(r.start), end: pos(r.end) };
}

function sortDiagnostics(list) {
  const key = (d) => JSON.stringify([d.file, d.range.start.line, d.range.start.character, d.code, d.message]);
  return list.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

class Session {
  /**
   * Start `migc lsp`. Options: `env` (added to the environment), `initializationOptions`,
   * `capabilities` (merged over a VS Code-like set), `root` (rootUri / workspace folder).
   */
  constructor(options = {}) {
    this.options = options;
    // The message language comes from the client here, not from the test's environment.
    const env = { ...process.env };
    delete env.MIGC_LANG;
    delete env.MIGC_LSP_TEST_HOOKS;
    Object.assign(env, options.env || {});
    this.process = spawn(BIN, ['lsp'], { env, stdio: ['pipe', 'pipe', 'pipe'], cwd: options.root || os.tmpdir() });
    this.stderr = '';
    this.process.stderr.on('data', (chunk) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve) => this.process.on('exit', (code, signal) => resolve({ code, signal })));
    this.connection = rpc.createProtocolConnection(
      new rpc.StreamMessageReader(this.process.stdout),
      new rpc.StreamMessageWriter(this.process.stdin),
    );
    /** path → { diagnostics, version, count } as last published. */
    this.diagnostics = new Map();
    this.publishCount = 0;
    this.logs = [];
    this.registrations = [];
    this.versions = new Map();
    this.waiters = [];
    this.connection.onNotification('textDocument/publishDiagnostics', (p) => {
      this.publishCount++;
      this.diagnostics.set(fileOf(p.uri), { diagnostics: p.diagnostics, version: p.version, count: this.publishCount });
      this.wake();
    });
    this.connection.onNotification('window/logMessage', (p) => this.logs.push(p));
    this.connection.onNotification('window/showMessage', (p) => this.logs.push(p));
    this.connection.onRequest('client/registerCapability', (p) => {
      this.registrations.push(...p.registrations);
      return null;
    });
    this.connection.onRequest('workspace/configuration', (p) => p.items.map(() => null));
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.listen();
  }

  async initialize() {
    const root = this.options.root;
    const capabilities = {
      general: { positionEncodings: ['utf-16'] },
      workspace: {
        didChangeWatchedFiles: { dynamicRegistration: true },
        workspaceEdit: { documentChanges: false },
        configuration: true,
      },
      textDocument: {
        synchronization: { dynamicRegistration: false, didSave: false },
        publishDiagnostics: { relatedInformation: true, versionSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        completion: { completionItem: { snippetSupport: false } },
        rename: { prepareSupport: true },
      },
      ...(this.options.capabilities || {}),
    };
    this.initializeResult = await this.request('initialize', {
      processId: process.pid,
      clientInfo: { name: 'migc-e2e-test' },
      rootUri: root ? uri(root) : null,
      workspaceFolders: root ? [{ uri: uri(root), name: path.basename(root) }] : null,
      capabilities,
      initializationOptions: this.options.initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return this.initializeResult;
  }

  /** A request with a time limit; a JSON-RPC error rejects with a ResponseError. */
  request(method, params, timeout = TIMEOUT_MS) {
    let timer;
    const limit = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer to ${method} in ${timeout} ms; stderr: ${this.stderr}`)),
        timeout,
      );
    });
    // Without params the request is sent with none (a `null` would go out as `[null]`).
    const sent =
      params === undefined ? this.connection.sendRequest(method) : this.connection.sendRequest(method, params);
    return Promise.race([sent, limit]).finally(() => clearTimeout(timer));
  }

  notify(method, params) {
    return params === undefined
      ? this.connection.sendNotification(method)
      : this.connection.sendNotification(method, params);
  }

  /** Open `file` with its text on disk (or `text`). */
  async open(file, text) {
    const content = text === undefined ? fs.readFileSync(file, 'utf8') : text;
    this.versions.set(file, 1);
    await this.notify('textDocument/didOpen', {
      textDocument: { uri: uri(file), languageId: 'mig', version: 1, text: content },
    });
    return content;
  }

  /** Replace the whole text of an open `file` (full sync), with the next version. */
  async change(file, text) {
    const version = (this.versions.get(file) || 0) + 1;
    this.versions.set(file, version);
    await this.notify('textDocument/didChange', {
      textDocument: { uri: uri(file), version },
      contentChanges: [{ text }],
    });
    return version;
  }

  async close(file) {
    await this.notify('textDocument/didClose', { textDocument: { uri: uri(file) } });
  }

  /** What was last published for `file` (undefined if nothing). */
  published(file) {
    const p = this.diagnostics.get(file);
    return p && p.diagnostics;
  }

  wake() {
    for (const w of [...this.waiters]) {
      if (w.predicate()) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }

  /** Wait until `predicate()` holds (checked now and on each publication). */
  waitFor(predicate, what = 'condition', timeout = TIMEOUT_MS) {
    if (predicate()) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const w = { predicate, resolve };
      this.waiters.push(w);
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(w);
        if (i >= 0) {
          this.waiters.splice(i, 1);
          const seen = [...this.diagnostics].map(([f, p]) => `${f}: ${p.diagnostics.length}`).join('\n');
          reject(new Error(`timed out waiting for ${what}; published:\n${seen}\nstderr: ${this.stderr}`));
        }
      }, timeout);
      // A timer that does not keep the test process alive once the wait is over.
      timer.unref();
    });
  }

  /**
   * Wait until the server has handled everything sent so far: requests are answered in
   * order after the notifications before them, and their diagnostics go out first.
   */
  async settle() {
    // An unknown method is answered at once (an error), after what was sent before it.
    await this.request('migc/settle', {}).catch(() => null);
    await new Promise((r) => setTimeout(r, 50));
  }

  /** Diagnostics now published for the files under `root`, in the shape of `expectedDiagnostics`. */
  diagnosticsUnder(root) {
    const out = [];
    for (const [file, p] of this.diagnostics) {
      if (!file.startsWith(root + path.sep)) {
        continue;
      }
      for (const d of p.diagnostics) {
        out.push({
          file,
          code: d.code,
          severity: d.severity,
          message: d.message.split('\n')[0],
          range: range(d.range),
        });
      }
    }
    return sortDiagnostics(out);
  }

  /** shutdown, exit; resolves with the exit code and signal of the process. */
  async shutdown() {
    await this.request('shutdown');
    await this.notify('exit');
    const done = await Promise.race([
      this.exited,
      new Promise((r) => setTimeout(() => r({ code: 'still running', signal: null }), TIMEOUT_MS).unref()),
    ]);
    this.connection.dispose();
    return done;
  }

  /** For `after()`: end the process if a test failed before `shutdown`. */
  kill() {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      this.process.kill();
    }
    this.connection.dispose();
  }
}

/** A started and initialized session; ended by `t.after` whatever happens. */
async function session(t, options = {}) {
  const s = new Session(options);
  t.after(() => s.kill());
  await s.initialize();
  return s;
}

module.exports = {
  REPO,
  BIN,
  skip,
  Session,
  session,
  tempDir,
  copyExample,
  writeFiles,
  uri,
  fileOf,
  positionOf,
  positionAt,
  offsetAt,
  applyEdits,
  check,
  expectedDiagnostics,
};
