/** The netspec language server (LSP over stdio): `netspec lsp`. */
export { startServer, type ServerOptions } from "./server.js";
