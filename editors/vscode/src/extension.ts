// The Charter extension: starts `charter lsp` (the path comes from the
// `charter.path` setting) and keeps it running. Highlighting, brackets,
// folding and snippets are declarative (package.json); everything the
// language server knows comes from the one `charter` binary.

import * as vscode from "vscode";
import {
  CloseAction,
  CloseHandlerResult,
  ErrorAction,
  ErrorHandler,
  ErrorHandlerResult,
  LanguageClient,
  LanguageClientOptions,
  Message,
  ServerOptions,
} from "vscode-languageclient/node";
import { RestartBudget } from "./restart";

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("Charter Language Server", { log: true });
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.commands.registerCommand("charter.restartServer", () => restart()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("charter.path")) {
        void restart();
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

function serverPath(): string {
  const configured = vscode.workspace.getConfiguration("charter").get<string>("path");
  return configured && configured.trim() !== "" ? configured : "charter";
}

async function start(): Promise<void> {
  const command = serverPath();
  const serverOptions: ServerOptions = {
    run: { command, args: ["lsp"] },
    debug: { command, args: ["lsp"] },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "charter" },
      { scheme: "untitled", language: "charter" },
    ],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.charter,charter.toml}"),
    },
    outputChannel: output,
    errorHandler: new RestartingErrorHandler(new RestartBudget(5, 3 * 60 * 1000)),
  };
  // The id `charter` makes the client read `charter.trace.server`.
  client = new LanguageClient("charter", "Charter Language Server", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    void vscode.window.showErrorMessage(
      `Charter: could not start \`${command} lsp\` (${String(error)}). ` +
        "Install Charter (`cargo install --path .`) or set `charter.path`.",
    );
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    await running.stop().catch(() => undefined);
  }
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

/**
 * Restarts the server whenever it exits, unless it keeps dying: after the
 * budget's number of crashes within its window, it stops and says so, so a
 * broken binary does not restart forever.
 */
class RestartingErrorHandler implements ErrorHandler {
  constructor(private readonly budget: RestartBudget) {}

  error(_error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    // A few write errors in a row mean the connection is gone; the close
    // handler then decides whether to restart.
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown };
  }

  closed(): CloseHandlerResult {
    if (this.budget.allow(Date.now())) {
      return { action: CloseAction.Restart, message: "Charter: the language server stopped; restarting it." };
    }
    return {
      action: CloseAction.DoNotRestart,
      message:
        "Charter: the language server stopped 5 times in 3 minutes and will not be restarted. " +
        "Run \"Charter: Restart Language Server\" after fixing it.",
    };
  }
}
