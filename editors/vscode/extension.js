// The VS Code side: start `netspec lsp` (the project's own parser and checker) over stdio.
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace.getConfiguration("netspec").get("command").split(/\s+/);
  const server = {
    command,
    args: [...args, "lsp"],
    transport: TransportKind.stdio,
    options: { shell: true },
  };
  client = new LanguageClient(
    "netspec",
    "netspec",
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: "file", language: "netspec" }],
    },
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
