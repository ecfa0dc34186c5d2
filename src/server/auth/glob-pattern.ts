/**
 * Policy globs with the semantics of Python's `fnmatch.fnmatchcase`, which the
 * upstream policy uses for workflow refs, logins, organizations and teams:
 *
 * - `*` matches any run of characters, `/` and `@` included (no path segments);
 * - `?` matches exactly one character;
 * - `[abc]`, `[a-z]`, `[!abc]` are sets; a `]` right after `[` or `[!` is a member;
 *   an unclosed `[` is a literal; a reversed range such as `[z-a]` is empty;
 * - nothing else is special: no `**`, braces, extglobs, negation or backslash escapes;
 * - matching is case-sensitive and anchored at both ends.
 *
 * Path-oriented glob libraries (picomatch, minimatch) stop `*` and `?` at `/`,
 * read `\` as an escape and `[^...]` as a negation, so they would widen or
 * narrow grants written for the upstream service. Matching is a linear-time
 * walk over code points (no regular expression, so no catastrophic backtracking).
 */

type CharTest = (codePoint: number) => boolean;
type Token = { kind: "star" } | { kind: "char"; test: CharTest };

export interface GlobPattern {
  readonly source: string;
  matches(value: string): boolean;
}

const anyChar: CharTest = () => true;
const noChar: CharTest = () => false;

/** A bracket set's members as fnmatch reads them (ranges split on `-`, empty ranges dropped). */
function compileSet(body: string[]): CharTest {
  const negated = body[0] === "!";
  const members = negated ? body.slice(1) : body;
  // fnmatch splits the set on hyphens that can start a range: never the first member,
  // and never the character right after a range's end.
  const chunks: string[][] = [];
  let index = 0;
  let searchFrom = 1;
  while (index < members.length) {
    const hyphen = members.indexOf("-", Math.max(searchFrom, index));
    if (hyphen < 0) break;
    chunks.push(members.slice(index, hyphen));
    index = hyphen + 1;
    searchFrom = hyphen + 3;
  }
  const tail = members.slice(index);
  if (tail.length > 0) chunks.push(tail);
  else if (chunks.length > 0) chunks[chunks.length - 1] = [...chunks[chunks.length - 1]!, "-"];
  // Adjacent chunks form a range from the last member of one to the first of the next;
  // a reversed range is removed together with its two end points.
  for (let k = chunks.length - 1; k > 0; k -= 1) {
    const left = chunks[k - 1]!;
    const right = chunks[k]!;
    if (left[left.length - 1]!.codePointAt(0)! > right[0]!.codePointAt(0)!) {
      chunks[k - 1] = [...left.slice(0, -1), ...right.slice(1)];
      chunks.splice(k, 1);
    }
  }
  const singles = new Set<number>();
  const ranges: Array<[number, number]> = [];
  chunks.forEach((chunk, position) => {
    chunk.forEach((member, offset) => {
      const rangeEnd = offset === chunk.length - 1 && position < chunks.length - 1;
      const rangeStart = offset === 0 && position > 0;
      if (rangeEnd) ranges.push([member.codePointAt(0)!, chunks[position + 1]![0]!.codePointAt(0)!]);
      else if (!rangeStart) singles.add(member.codePointAt(0)!);
    });
  });
  if (singles.size === 0 && ranges.length === 0) return negated ? anyChar : noChar;
  const inSet: CharTest = (codePoint) =>
    singles.has(codePoint) || ranges.some(([low, high]) => codePoint >= low && codePoint <= high);
  return negated ? (codePoint) => !inSet(codePoint) : inSet;
}

function tokenize(pattern: string): Token[] {
  const chars = Array.from(pattern);
  const tokens: Token[] = [];
  let i = 0;
  while (i < chars.length) {
    const char = chars[i]!;
    i += 1;
    if (char === "*") {
      if (tokens[tokens.length - 1]?.kind !== "star") tokens.push({ kind: "star" });
    } else if (char === "?") {
      tokens.push({ kind: "char", test: anyChar });
    } else if (char === "[") {
      let j = i;
      if (chars[j] === "!") j += 1;
      if (chars[j] === "]") j += 1;
      while (j < chars.length && chars[j] !== "]") j += 1;
      if (j >= chars.length) {
        tokens.push({ kind: "char", test: literal("[") });
      } else {
        tokens.push({ kind: "char", test: compileSet(chars.slice(i, j)) });
        i = j + 1;
      }
    } else {
      tokens.push({ kind: "char", test: literal(char) });
    }
  }
  return tokens;
}

function literal(char: string): CharTest {
  const expected = char.codePointAt(0)!;
  return (codePoint) => codePoint === expected;
}

/**
 * Every non-star token consumes exactly one character, so the greedy walk that
 * backtracks only to the most recent star is complete and runs in O(n·m).
 */
function matchTokens(tokens: Token[], value: string): boolean {
  const input = Array.from(value, (char) => char.codePointAt(0)!);
  let t = 0;
  let v = 0;
  let starToken = -1;
  let starValue = 0;
  while (v < input.length) {
    const token = tokens[t];
    if (token?.kind === "char" && token.test(input[v]!)) {
      t += 1;
      v += 1;
    } else if (token?.kind === "star") {
      starToken = t;
      starValue = v;
      t += 1;
    } else if (starToken >= 0) {
      t = starToken + 1;
      starValue += 1;
      v = starValue;
    } else {
      return false;
    }
  }
  while (tokens[t]?.kind === "star") t += 1;
  return t === tokens.length;
}

const compiled = new Map<string, GlobPattern>();
const COMPILED_LIMIT = 2048;

/** Compiles (and memoizes) a policy glob. */
export function globPattern(source: string): GlobPattern {
  let pattern = compiled.get(source);
  if (!pattern) {
    const tokens = tokenize(source);
    pattern = { source, matches: (value) => matchTokens(tokens, value) };
    if (compiled.size >= COMPILED_LIMIT) compiled.clear();
    compiled.set(source, pattern);
  }
  return pattern;
}

/** True when `value` matches the glob `pattern` (fnmatchcase semantics). */
export function globMatches(pattern: string, value: string): boolean {
  return globPattern(pattern).matches(value);
}
