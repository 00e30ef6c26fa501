// The VS Code client of `migc lsp`. Plain CommonJS: `npm run build` bundles it with
// vscode-languageclient into dist/extension.js (the `main` of package.json), so the
// .vsix needs no node_modules. The server does the work; this file only starts it
// with the user's settings and passes changes on.
'use strict';

const vscode = require('vscode');
const { LanguageClient, State } = require('vscode-languageclient/node');

const SECTION = 'migc';
const LANGUAGES = ['ja', 'en'];

/** @type {LanguageClient | undefined} */
let client;
/** @type {vscode.OutputChannel | undefined} */
let output;

/** The message language setting, `ja` unless `en` is chosen. */
function language() {
  const value = vscode.workspace.getConfiguration(SECTION).get('language', 'ja');
  return LANGUAGES.includes(value) ? value : 'ja';
}

/** The command to run: `migc.path`, default `migc` (looked up in PATH). */
function command() {
  const value = vscode.workspace.getConfiguration(SECTION).get('path', 'migc');
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : 'migc';
}

/** How the server is started: `<migc.path> lsp` over stdio. */
function serverOptions() {
  const run = { command: command(), args: ['lsp'], options: { env: process.env } };
  return { run, debug: run };
}

/** What the client sends and which documents it serves. */
function clientOptions() {
  return {
    documentSelector: [
      { scheme: 'file', language: 'mig' },
      { scheme: 'untitled', language: 'mig' },
    ],
    // A function, so that a restart sends the language chosen since.
    initializationOptions: () => ({ language: language() }),
    outputChannel: output,
  };
}

async function start() {
  client = new LanguageClient('migc', 'migc', serverOptions(), clientOptions());
  try {
    await client.start();
  } catch (error) {
    const message =
      `migc: the language server could not start (${command()} lsp): ${error && error.message ? error.message : error}. ` +
      'Set "migc.path" to the migc command. / 言語サーバーを起動できません。設定 "migc.path" に migc コマンドを指定してください。';
    vscode.window.showErrorMessage(message);
  }
}

async function stop() {
  const old = client;
  client = undefined;
  if (old && old.state !== State.Stopped) {
    try {
      await old.stop();
    } catch (_) {
      // A server that already died cannot be stopped; it is gone either way.
    }
  }
}

async function restart() {
  await stop();
  await start();
}

/** A changed setting: a new command restarts the server, a new language is sent to it. */
async function onConfigurationChanged(event) {
  if (event.affectsConfiguration(`${SECTION}.path`)) {
    await restart();
    return;
  }
  if (event.affectsConfiguration(`${SECTION}.language`) && client) {
    if (client.state === State.Running) {
      await client.sendNotification('workspace/didChangeConfiguration', {
        settings: { [SECTION]: { language: language() } },
      });
    } else {
      await restart();
    }
  }
}

async function activate(context) {
  output = vscode.window.createOutputChannel('migc');
  context.subscriptions.push(
    output,
    vscode.workspace.onDidChangeConfiguration(onConfigurationChanged),
    vscode.commands.registerCommand('migc.restartServer', restart),
    { dispose: () => void stop() },
  );
  await start();
  return { client: () => client };
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate, serverOptions, clientOptions };
