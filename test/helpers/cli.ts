/** The CLI in process, for black-box tests: argv in, exit code and captured output out. */
import { main } from "../../cli/main.js";

export async function runCli(
  argv: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    cwd,
    env: {},
    isTTY: false,
  });
  return { code, stdout, stderr };
}
