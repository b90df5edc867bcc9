/**
 * The first JSON value of a body, read as Go's `json.Decoder` (go-openapi's JSON consumer) reads it:
 * leading white space is skipped, anything after the first complete value is ignored, and a syntax
 * error carries Go's `encoding/json` wording.
 */
export type GoDecoded =
  { kind: 'value'; value: unknown } | { kind: 'eof' } | { kind: 'error'; message: string };

const WS = new Set([' ', '\t', '\n', '\r']);

/** Go's `quoteChar`: `'x'`, with `'\''` and `'"'` escaped. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const json = JSON.stringify(c);
  return `'${json.slice(1, -1)}'`;
}

class SyntaxFailure extends Error {}

export function decodeFirstJsonValue(text: string): GoDecoded {
  let i = 0;
  const fail = (context: string): never => {
    if (i >= text.length) throw new SyntaxFailure('unexpected EOF');
    throw new SyntaxFailure(`invalid character ${quoteChar(text[i] ?? '')} ${context}`);
  };
  const skip = (): void => {
    while (i < text.length && WS.has(text[i] ?? '')) i++;
  };
  const literal = (word: string): void => {
    for (let k = 0; k < word.length; k++, i++) {
      if (text[i] !== word[k]) fail(`in literal ${word} (expecting ${quoteChar(word[k] ?? '')})`);
    }
  };
  const string = (): void => {
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined) fail('');
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        i++;
        const e = text[i];
        if (e === undefined) fail('');
        if (e === 'u') {
          i++;
          for (let k = 0; k < 4; k++, i++)
            if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail('in \\u hexadecimal character escape');
          continue;
        }
        if (!'"\\/bfnrt'.includes(e ?? '')) fail('in string escape code');
        i++;
        continue;
      }
      if ((c?.charCodeAt(0) ?? 0) < 0x20) fail('in string literal');
      i++;
    }
  };
  const number = (): void => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else if (/[1-9]/.test(text[i] ?? '')) while (/[0-9]/.test(text[i] ?? '')) i++;
    else fail('in numeric literal');
    if (text[i] === '.') {
      i++;
      if (!/[0-9]/.test(text[i] ?? '')) fail('after decimal point in numeric literal');
      while (/[0-9]/.test(text[i] ?? '')) i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!/[0-9]/.test(text[i] ?? '')) fail('in exponent of numeric literal');
      while (/[0-9]/.test(text[i] ?? '')) i++;
    }
  };
  const value = (): void => {
    skip();
    const c = text[i];
    if (c === '{') {
      i++;
      skip();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        skip();
        if (text[i] !== '"') fail('looking for beginning of object key string');
        string();
        skip();
        if (text[i] !== ':') fail('after object key');
        i++;
        value();
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail('after object key:value pair');
      }
    }
    if (c === '[') {
      i++;
      skip();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail('after array element');
      }
    }
    if (c === '"') return string();
    if (c === '-' || /[0-9]/.test(c ?? '')) return number();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    fail('looking for beginning of value');
  };

  skip();
  if (i >= text.length) return { kind: 'eof' };
  const start = i;
  try {
    value();
  } catch (error) {
    if (error instanceof SyntaxFailure) return { kind: 'error', message: error.message };
    throw error;
  }
  return { kind: 'value', value: JSON.parse(text.slice(start, i)) as unknown };
}
