/**
 * The subset of Go text/template that template RR lines use in practice: `{{ .Name }}`, `{{ .Zone }}`,
 * `{{ .Class }}`, `{{ .Type }}`, `{{ .Remote }}`, `{{ index .Match N }}`, `{{ .Group.NAME }}` and
 * `{{ index .Group "NAME" }}`. Any other action fails at setup time, naming the line, instead of
 * rendering something wrong.
 */
export interface TemplateData {
  Name: string;
  Zone: string;
  Class: string;
  Type: string;
  Remote: string;
  Match: string[];
  Group: Record<string, string>;
}

type Piece = { text: string } | { get: (d: TemplateData) => string };

const ACTIONS: [RegExp, (m: RegExpExecArray) => (d: TemplateData) => string][] = [
  [/^\.(Name|Zone|Class|Type|Remote)$/, (m) => (d) => d[m[1] as "Name"]],
  [/^index \.Match (\d+)$/, (m) => (d) => d.Match[Number(m[1])] ?? ""],
  [/^\.Group\.([A-Za-z0-9_]+)$/, (m) => (d) => d.Group[m[1]!] ?? ""],
  [/^index \.Group "([^"]+)"$/, (m) => (d) => d.Group[m[1]!] ?? ""],
];

/** Compile a template line; throws Error with the unsupported action. */
export function compileTemplate(text: string): (d: TemplateData) => string {
  const pieces: Piece[] = [];
  const re = /\{\{-?\s*(.*?)\s*-?\}\}/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    pieces.push({ text: text.slice(last, m.index) });
    const action = m[1]!;
    const found = ACTIONS.map(([r, f]) => {
      const x = r.exec(action);
      return x ? f(x) : undefined;
    }).find((f) => f !== undefined);
    if (!found) throw new Error(`template action '{{ ${action} }}' is not supported by the model`);
    pieces.push({ get: found });
    last = re.lastIndex;
  }
  pieces.push({ text: text.slice(last) });
  return (d) => pieces.map((p) => ("text" in p ? p.text : p.get(d))).join("");
}
