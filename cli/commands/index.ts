/**
 * Every subcommand, in help order. The lead appends the engine-facing commands (serve, resolve,
 * reach, trace: each `register(program, io: CommandIo)`, which a CliIo satisfies) here.
 */
import type { Command } from "commander";
import type { CliIo } from "../cli-io.js";
import * as check from "./check.js";
import * as clean from "./clean.js";
import * as coverage from "./coverage.js";
import * as explain from "./explain.js";
import * as init from "./init.js";
import * as list from "./list.js";
import * as lsp from "./lsp.js";
import * as local from "./local.js";
import * as difftest from "./difftest.js";
import * as apply from "./apply.js";
import * as fmt from "./fmt.js";
import * as reach from "./reach.js";
import * as resolve from "./resolve.js";
import * as run from "./run.js";
import * as serve from "./serve.js";
import * as trace from "./trace.js";

export const commands: { register(program: Command, io: CliIo): void }[] = [
  run,
  check,
  fmt,
  serve,
  resolve,
  reach,
  trace,
  apply,
  explain,
  list,
  init,
  lsp,
  local,
  clean,
  difftest,
  coverage,
];
