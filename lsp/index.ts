/** The netspec language server (LSP over stdio): `netspec lsp`. */
export { startServer } from "./server.js";
