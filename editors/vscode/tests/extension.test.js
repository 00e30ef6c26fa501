// activate() without VS Code: `vscode` and `vscode-languageclient/node` are replaced by
// stubs in require.cache, and the test asserts what the client would start and send.
'use strict';

const { test, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const Module = require('node:module');
const path = require('node:path');

// ---- stubs ------------------------------------------------------------------------

/** Settings as the user has them; `fireConfiguration` tells the extension of a change. */
const settings = new Map();
const configurationListeners = [];
const errors = [];
const commands = new Map();
/** Every LanguageClient the extension made, in order. */
const clients = [];
let failStart = false;

const State = { Stopped: 1, Starting: 3, Running: 2 };

class LanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(this, { id, name, serverOptions, clientOptions });
    this.state = State.Stopped;
    this.notifications = [];
    this.stopped = false;
    clients.push(this);
  }
  async start() {
    if (failStart) {
      throw new Error('spawn migc-missing ENOENT');
    }
    this.state = State.Running;
    // What the real client sends in `initialize`.
    const init = this.clientOptions.initializationOptions;
    this.initializationOptions = typeof init === 'function' ? init() : init;
  }
  async stop() {
    this.stopped = true;
    this.state = State.Stopped;
  }
  async sendNotification(method, params) {
    this.notifications.push({ method, params });
  }
}

const vscode = {
  workspace: {
    getConfiguration(section) {
      return {
        get: (key, fallback) => {
          const full = `${section}.${key}`;
          return settings.has(full) ? settings.get(full) : fallback;
        },
      };
    },
    onDidChangeConfiguration(listener) {
      configurationListeners.push(listener);
      return { dispose() {} };
    },
  },
  window: {
    createOutputChannel: (name) => ({ name, dispose() {}, appendLine() {} }),
    showErrorMessage: (message) => {
      errors.push(message);
      return Promise.resolve(undefined);
    },
  },
  commands: {
    registerCommand: (name, fn) => {
      commands.set(name, fn);
      return { dispose() {} };
    },
  },
};

const stubs = {
  vscode,
  'vscode-languageclient/node': { LanguageClient, State, TransportKind: { stdio: 0, ipc: 1, pipe: 2, socket: 3 } },
};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return Object.hasOwn(stubs, request) ? `/stub/${request}.js` : resolve.call(this, request, ...rest);
};
for (const [name, exports] of Object.entries(stubs)) {
  const filename = `/stub/${name}.js`;
  const m = new Module(filename);
  Object.assign(m, { filename, loaded: true, exports });
  require.cache[filename] = m;
}

const extension = require(path.join(__dirname, '..', 'extension.js'));

async function fireConfiguration(...changed) {
  const event = { affectsConfiguration: (s) => changed.some((c) => c === s || c.startsWith(`${s}.`)) };
  for (const listener of configurationListeners) {
    await listener(event);
  }
}

async function activate() {
  const context = { subscriptions: [] };
  await extension.activate(context);
  return context;
}

beforeEach(async () => {
  await extension.deactivate();
  settings.clear();
  configurationListeners.length = 0;
  errors.length = 0;
  commands.clear();
  clients.length = 0;
  failStart = false;
});

// ---- tests ------------------------------------------------------------------------

test('activate starts `migc lsp` for mig documents, in Japanese by default', async () => {
  const context = await activate();
  assert.equal(clients.length, 1);
  const c = clients[0];
  assert.equal(c.id, 'migc');
  assert.equal(c.state, State.Running);
  for (const how of [c.serverOptions.run, c.serverOptions.debug]) {
    assert.equal(how.command, 'migc');
    assert.deepEqual(how.args, ['lsp']);
    // No transport: the language client would append `--stdio` to the arguments.
    assert.equal(how.transport, undefined);
  }
  assert.deepEqual(c.clientOptions.documentSelector, [
    { scheme: 'file', language: 'mig' },
    { scheme: 'untitled', language: 'mig' },
  ]);
  assert.deepEqual(c.initializationOptions, { language: 'ja' });
  assert.equal(c.clientOptions.outputChannel.name, 'migc');
  assert.ok(commands.has('migc.restartServer'));
  assert.ok(context.subscriptions.length >= 3);
  assert.deepEqual(errors, []);
});

test('the command comes from migc.path and the language from migc.language', async () => {
  settings.set('migc.path', '/opt/migc/bin/migc');
  settings.set('migc.language', 'en');
  await activate();
  const c = clients[0];
  assert.equal(c.serverOptions.run.command, '/opt/migc/bin/migc');
  assert.deepEqual(c.serverOptions.run.args, ['lsp']);
  assert.deepEqual(c.initializationOptions, { language: 'en' });
});

test('an empty path or an unknown language falls back to the defaults', async () => {
  settings.set('migc.path', '  ');
  settings.set('migc.language', 'fr');
  await activate();
  assert.equal(clients[0].serverOptions.run.command, 'migc');
  assert.deepEqual(clients[0].initializationOptions, { language: 'ja' });
});

test('changing migc.language tells the running server (didChangeConfiguration), no restart', async () => {
  await activate();
  settings.set('migc.language', 'en');
  await fireConfiguration('migc.language');
  assert.equal(clients.length, 1, 'no new client');
  assert.deepEqual(clients[0].notifications, [
    { method: 'workspace/didChangeConfiguration', params: { settings: { migc: { language: 'en' } } } },
  ]);
  // A later restart starts in the new language.
  await commands.get('migc.restartServer')();
  assert.equal(clients.length, 2);
  assert.ok(clients[0].stopped);
  assert.deepEqual(clients[1].initializationOptions, { language: 'en' });
});

test('changing migc.path restarts the server with the new command', async () => {
  await activate();
  settings.set('migc.path', '/usr/local/bin/migc');
  await fireConfiguration('migc.path');
  assert.equal(clients.length, 2);
  assert.ok(clients[0].stopped);
  assert.equal(clients[1].serverOptions.run.command, '/usr/local/bin/migc');
  assert.equal(clients[1].state, State.Running);
});

test('other settings are ignored', async () => {
  await activate();
  await fireConfiguration('editor.fontSize');
  assert.equal(clients.length, 1);
  assert.deepEqual(clients[0].notifications, []);
});

test('a server that cannot start is reported with the setting to fix', async () => {
  failStart = true;
  settings.set('migc.path', 'migc-missing');
  await activate();
  assert.equal(errors.length, 1);
  assert.match(errors[0], /migc-missing lsp/);
  assert.match(errors[0], /migc\.path/);
  // Fixing the path starts it.
  failStart = false;
  settings.set('migc.path', 'migc');
  await fireConfiguration('migc.path');
  assert.equal(clients.at(-1).state, State.Running);
});

test('deactivate stops the client', async () => {
  await activate();
  await extension.deactivate();
  assert.ok(clients[0].stopped);
});
