/**
 * Why a JSON text does not parse, in Vietnamese, with line and column. JSON.parse says it in
 * English and, depending on the error, without a position ("Unexpected token 'đ', "đây…" is not
 * valid JSON"), so after it fails this small scanner of the JSON grammar (RFC 8259) walks the text
 * again to find the first offending character. Iterative, with an explicit stack: a file of a
 * million "[" cannot overflow it. Only run on text JSON.parse has already rejected.
 */

type Expect = 'value' | 'valueOrClose' | 'keyOrClose' | 'key' | 'colon' | 'commaOrClose' | 'end';

const PROBLEMS = {
  end: 'tệp kết thúc khi còn dấu ngoặc chưa đóng hoặc còn thiếu giá trị',
  unterminated: 'chuỗi ký tự thiếu dấu nháy kép (") đóng',
  control: 'chuỗi ký tự có ký tự điều khiển (như xuống dòng hay tab) chưa viết dạng \\n, \\t',
  escape: 'dấu "\\" trong chuỗi ký tự không hợp lệ (dùng \\", \\\\, \\n, \\t hoặc \\uXXXX)',
  key: 'cần tên trường trong dấu nháy kép (")',
  colon: 'cần dấu hai chấm (:) sau tên trường',
  value: 'cần một giá trị: số, chuỗi trong dấu nháy kép, true, false, null, {…} hoặc […]',
  trailingComma: 'dấu phẩy thừa trước dấu đóng ngoặc',
  commaObject: 'cần dấu phẩy (,) giữa hai trường hoặc dấu "}" đóng đối tượng',
  commaArray: 'cần dấu phẩy (,) giữa hai phần tử hoặc dấu "]" đóng mảng',
  extra: 'có nội dung thừa sau khi đối tượng JSON đã kết thúc',
} as const;

type Problem = keyof typeof PROBLEMS;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** The first syntax error: its offset (UTF-16 units) and what is wrong; undefined if none found. */
export function findJsonSyntaxError(text: string): { offset: number; problem: Problem } | undefined {
  let i = 0;
  const stack: ('{' | '[')[] = [];
  let expect: Expect = 'value';
  let afterComma = false;
  const afterValue = (): Expect => (stack.length === 0 ? 'end' : 'commaOrClose');
  /** At an opening '"': moves past the closing one, or returns what is wrong (i at the culprit). */
  const skipString = (): Problem | undefined => {
    i += 1;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code === 0x22) {
        i += 1;
        return undefined;
      }
      if (code === 0x5c) {
        const next = text[i + 1];
        if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
          i += 2;
        } else {
          return 'escape';
        }
        continue;
      }
      if (code < 0x20) {
        return 'control';
      }
      i += 1;
    }
    return 'unterminated';
  };

  for (;;) {
    while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) {
      i += 1;
    }
    if (i >= text.length) {
      return expect === 'end' ? undefined : { offset: i, problem: 'end' };
    }
    const ch = text[i];
    switch (expect) {
      case 'end':
        return { offset: i, problem: 'extra' };
      case 'colon':
        if (ch !== ':') {
          return { offset: i, problem: 'colon' };
        }
        i += 1;
        expect = 'value';
        continue;
      case 'commaOrClose': {
        const close = stack.at(-1) === '{' ? '}' : ']';
        if (ch === ',') {
          i += 1;
          expect = stack.at(-1) === '{' ? 'key' : 'value';
          afterComma = true;
        } else if (ch === close) {
          stack.pop();
          i += 1;
          expect = afterValue();
        } else {
          return { offset: i, problem: close === '}' ? 'commaObject' : 'commaArray' };
        }
        continue;
      }
      case 'keyOrClose':
      case 'key': {
        if (ch === '}' && (expect === 'keyOrClose' || afterComma)) {
          if (afterComma) {
            return { offset: i, problem: 'trailingComma' };
          }
          stack.pop();
          i += 1;
          expect = afterValue();
          continue;
        }
        if (ch !== '"') {
          return { offset: i, problem: 'key' };
        }
        const bad = skipString();
        if (bad) {
          return { offset: i, problem: bad };
        }
        expect = 'colon';
        afterComma = false;
        continue;
      }
      default: {
        // 'value' or 'valueOrClose'
        if (ch === ']' && (expect === 'valueOrClose' || afterComma)) {
          if (afterComma && expect === 'value') {
            return { offset: i, problem: 'trailingComma' };
          }
          stack.pop();
          i += 1;
          expect = afterValue();
          continue;
        }
        afterComma = false;
        if (ch === '{' || ch === '[') {
          stack.push(ch);
          i += 1;
          expect = ch === '{' ? 'keyOrClose' : 'valueOrClose';
          continue;
        }
        if (ch === '"') {
          const bad = skipString();
          if (bad) {
            return { offset: i, problem: bad };
          }
          expect = afterValue();
          continue;
        }
        const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
        if (literal) {
          i += literal.length;
          expect = afterValue();
          continue;
        }
        NUMBER.lastIndex = i;
        if (NUMBER.test(text)) {
          i = NUMBER.lastIndex;
          expect = afterValue();
          continue;
        }
        return { offset: i, problem: 'value' };
      }
    }
  }
}

/** 1-based line and column of an offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line += 1;
    lineStart = at + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** "Tệp JSON không đọc được: … (dòng 3, cột 15)." for a text JSON.parse rejected. */
export function describeJsonError(text: string, what = 'Tệp JSON'): string {
  const found = findJsonSyntaxError(text);
  if (!found) {
    return `${what} không đọc được: sai cú pháp JSON.`;
  }
  const { line, column } = lineColumn(text, found.offset);
  return `${what} không đọc được: ${PROBLEMS[found.problem]} (dòng ${line}, cột ${column}).`;
}
