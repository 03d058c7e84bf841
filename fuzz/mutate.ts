/**
 * libFuzzer's mutation set, in TypeScript: the byte-level mutators of MutationDispatcher
 * (llvm-project compiler-rt/lib/fuzzer/FuzzerMutate.cpp: EraseBytes, InsertByte,
 * InsertRepeatedBytes, ChangeByte, ChangeBit, ShuffleBytes, ChangeASCIIInteger, ChangeBinaryInteger,
 * CopyPart, CrossOver, AddWordFromManualDictionary), stacked up to 5 deep like its default
 * `-mutate_depth=5`. Text targets add line-level mutators (delete, duplicate, swap, splice a line
 * of another corpus entry), which libFuzzer lacks but which keep `.netspec`, YAML and Corefile
 * inputs structured long enough to get past their parsers.
 */
import type { Rng } from "../engine/index.js";

export interface MutationContext {
  rng: Rng;
  /** Inputs never grow past this (an input already longer only shrinks or keeps its size). */
  maxLen: number;
  /** Tokens to insert or overwrite with (keywords, magic numbers). */
  dictionary: readonly Uint8Array[];
  /** Another corpus entry, for cross-over and splicing. */
  other: () => Uint8Array;
  /** Use the line-level mutators too. */
  text: boolean;
}

type Mutator = (d: Uint8Array, c: MutationContext) => Uint8Array | undefined;

const INTERESTING_8 = [0, 1, 0x7f, 0x80, 0xff, 0x40, 0x20, 0x10];
const INTERESTING_16 = [0, 1, 0x7fff, 0x8000, 0xffff, 0x0100, 0x00ff, 512, 4096, 65535];

function splice(d: Uint8Array, at: number, del: number, ins: Uint8Array): Uint8Array {
  const out = new Uint8Array(d.length - del + ins.length);
  out.set(d.subarray(0, at), 0);
  out.set(ins, at);
  out.set(d.subarray(at + del), at + ins.length);
  return out;
}

const room = (d: Uint8Array, c: MutationContext) => Math.max(0, c.maxLen - d.length);

const eraseBytes: Mutator = (d, c) => {
  if (d.length < 2) return undefined;
  const n = 1 + c.rng.int(Math.min(d.length - 1, 1 + c.rng.int(d.length / 2 + 1)));
  return splice(d, c.rng.int(d.length - n + 1), n, new Uint8Array(0));
};

const insertByte: Mutator = (d, c) =>
  room(d, c) < 1 ? undefined : splice(d, c.rng.int(d.length + 1), 0, Uint8Array.of(c.rng.int(256)));

const insertRepeatedBytes: Mutator = (d, c) => {
  const max = Math.min(room(d, c), 128);
  if (max < 3) return undefined;
  const n = 3 + c.rng.int(max - 2);
  const b = c.rng.next() < 0.5 ? c.rng.int(256) : c.rng.next() < 0.5 ? 0 : 0xff;
  return splice(d, c.rng.int(d.length + 1), 0, new Uint8Array(n).fill(b));
};

const changeByte: Mutator = (d, c) => {
  if (d.length === 0) return undefined;
  const out = Uint8Array.from(d);
  out[c.rng.int(d.length)] = c.rng.next() < 0.5 ? c.rng.int(256) : INTERESTING_8[c.rng.int(8)]!;
  return out;
};

const changeBit: Mutator = (d, c) => {
  if (d.length === 0) return undefined;
  const out = Uint8Array.from(d);
  out[c.rng.int(d.length)]! ^= 1 << c.rng.int(8);
  return out;
};

const shuffleBytes: Mutator = (d, c) => {
  if (d.length < 2) return undefined;
  const n = 2 + c.rng.int(Math.min(d.length - 1, 7));
  const at = c.rng.int(d.length - n + 1);
  const out = Uint8Array.from(d);
  for (let i = n - 1; i > 0; i--) {
    const j = c.rng.int(i + 1);
    [out[at + i], out[at + j]] = [out[at + j]!, out[at + i]!];
  }
  return out;
};

/** FuzzerMutate.cpp Mutate_ChangeASCIIInteger: find a decimal number and change it. */
const changeAsciiInteger: Mutator = (d, c) => {
  const start = c.rng.int(d.length + 1);
  let b = start;
  while (b < d.length && (d[b]! < 0x30 || d[b]! > 0x39)) b++;
  if (b >= d.length) return undefined;
  let e = b;
  while (e < d.length && d[e]! >= 0x30 && d[e]! <= 0x39) e++;
  const value = Number(new TextDecoder().decode(d.subarray(b, e)));
  const choices = [
    value + 1,
    value - 1,
    value * 2,
    Math.floor(value / 2),
    c.rng.int(1 << 16),
    0,
    65536,
    2 ** 31,
  ];
  const next = String(Math.max(0, choices[c.rng.int(choices.length)]!));
  return splice(d, b, e - b, new TextEncoder().encode(next));
};

/** Mutate_ChangeBinaryInteger: an interesting 16-bit value, either byte order, or ±small. */
const changeBinaryInteger: Mutator = (d, c) => {
  if (d.length < 2) return undefined;
  const at = c.rng.int(d.length - 1);
  const out = Uint8Array.from(d);
  const old = (out[at]! << 8) | out[at + 1]!;
  const v = c.rng.next() < 0.5 ? INTERESTING_16[c.rng.int(INTERESTING_16.length)]! : old + c.rng.int(21) - 10;
  const le = c.rng.next() < 0.2;
  out[at] = le ? v & 0xff : (v >> 8) & 0xff;
  out[at + 1] = le ? (v >> 8) & 0xff : v & 0xff;
  return out;
};

const copyPart: Mutator = (d, c) => {
  if (d.length < 2) return undefined;
  const n = 1 + c.rng.int(Math.min(d.length, 64));
  const from = c.rng.int(d.length - n + 1);
  const part = d.slice(from, from + n);
  if (c.rng.next() < 0.5) {
    const to = c.rng.int(d.length - n + 1);
    const out = Uint8Array.from(d);
    out.set(part, to);
    return out;
  }
  return room(d, c) < n ? undefined : splice(d, c.rng.int(d.length + 1), 0, part);
};

const crossOver: Mutator = (d, c) => {
  const o = c.other();
  if (o.length === 0) return undefined;
  const n = 1 + c.rng.int(Math.min(o.length, 256));
  const from = c.rng.int(o.length - n + 1);
  const part = o.subarray(from, from + n);
  const at = c.rng.int(d.length + 1);
  const del = c.rng.next() < 0.5 ? Math.min(n, d.length - at) : 0;
  if (d.length - del + n > Math.max(c.maxLen, d.length)) return undefined;
  return splice(d, at, del, part);
};

const dictionaryWord: Mutator = (d, c) => {
  if (c.dictionary.length === 0) return undefined;
  const w = c.dictionary[c.rng.int(c.dictionary.length)]!;
  const at = c.rng.int(d.length + 1);
  if (c.rng.next() < 0.5 && at + w.length <= d.length) {
    const out = Uint8Array.from(d);
    out.set(w, at);
    return out;
  }
  return room(d, c) < w.length ? undefined : splice(d, at, 0, w);
};

/** Line boundaries: [start, end) of each line including its newline. */
function lines(d: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  let s = 0;
  for (let i = 0; i < d.length; i++) {
    if (d[i] === 0x0a) {
      out.push([s, i + 1]);
      s = i + 1;
    }
  }
  if (s < d.length) out.push([s, d.length]);
  return out;
}

const lineOp: Mutator = (d, c) => {
  const ls = lines(d);
  if (ls.length === 0) return undefined;
  const [s, e] = ls[c.rng.int(ls.length)]!;
  const op = c.rng.int(4);
  if (op === 0) return splice(d, s, e - s, new Uint8Array(0));
  if (op === 1) return room(d, c) < e - s ? undefined : splice(d, s, 0, d.slice(s, e));
  if (op === 2) {
    const [s2, e2] = ls[c.rng.int(ls.length)]!;
    if (s2 <= s) return undefined;
    const a = d.slice(s, e);
    const b = d.slice(s2, e2);
    return splice(splice(d, s2, e2 - s2, a), s, e - s, b);
  }
  const ols = lines(c.other());
  if (ols.length === 0) return undefined;
  const [os, oe] = ols[c.rng.int(ols.length)]!;
  return room(d, c) < oe - os ? undefined : splice(d, s, 0, c.other().slice(os, oe));
};

const BYTE_MUTATORS: Mutator[] = [
  eraseBytes,
  insertByte,
  insertRepeatedBytes,
  changeByte,
  changeBit,
  shuffleBytes,
  changeAsciiInteger,
  changeBinaryInteger,
  copyPart,
  crossOver,
  dictionaryWord,
];
const TEXT_MUTATORS: Mutator[] = [...BYTE_MUTATORS, dictionaryWord, lineOp, lineOp, lineOp];

/** One mutant of `data`: 1 to 5 stacked mutations (a mutator that does not apply is skipped). */
export function mutate(data: Uint8Array, c: MutationContext): Uint8Array {
  const set = c.text ? TEXT_MUTATORS : BYTE_MUTATORS;
  const depth = 1 + c.rng.int(5);
  let d = data;
  for (let i = 0, tries = 0; i < depth && tries < depth * 4; tries++) {
    const next = set[c.rng.int(set.length)]!(d, c);
    if (next) {
      d = next;
      i++;
    }
  }
  // Never hand back a copy of the parent: a mutant that equals it wastes an execution.
  if (d.length === data.length && d.every((b, i) => b === data[i])) {
    if (d.length === 0 || room(d, c) > 0)
      return splice(d, c.rng.int(d.length + 1), 0, Uint8Array.of(c.rng.int(256)));
    const out = Uint8Array.from(d);
    out[c.rng.int(d.length)]! ^= 1 << c.rng.int(8);
    return out;
  }
  return d;
}
