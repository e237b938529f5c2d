import { describe, expect, it } from 'vitest';
import { describeJsonError, findJsonSyntaxError } from './json-syntax';

describe('describeJsonError', () => {
  it.each([
    [
      '{"formatVersion": 1,',
      'tệp kết thúc khi còn dấu ngoặc chưa đóng hoặc còn thiếu giá trị (dòng 1, cột 21)',
    ],
    [
      '{\n  "a": 1\n  "b": 2\n}',
      'cần dấu phẩy (,) giữa hai trường hoặc dấu "}" đóng đối tượng (dòng 3, cột 3)',
    ],
    [
      '{"a": tru}',
      'cần một giá trị: số, chuỗi trong dấu nháy kép, true, false, null, {…} hoặc […] (dòng 1, cột 7)',
    ],
    [
      'đây là văn bản',
      'cần một giá trị: số, chuỗi trong dấu nháy kép, true, false, null, {…} hoặc […] (dòng 1, cột 1)',
    ],
    [
      '{"a": "x\ny"}',
      'chuỗi ký tự có ký tự điều khiển (như xuống dòng hay tab) chưa viết dạng \\n, \\t (dòng 1, cột 9)',
    ],
    ['{"a": 1,\n "b": [1, 2,]}', 'dấu phẩy thừa trước dấu đóng ngoặc (dòng 2, cột 13)'],
    ['{"a": 1,}', 'dấu phẩy thừa trước dấu đóng ngoặc (dòng 1, cột 9)'],
    ['{} x', 'có nội dung thừa sau khi đối tượng JSON đã kết thúc (dòng 1, cột 4)'],
    ['{a: 1}', 'cần tên trường trong dấu nháy kép (") (dòng 1, cột 2)'],
    ['{"a" 1}', 'cần dấu hai chấm (:) sau tên trường (dòng 1, cột 6)'],
    [
      '{"a": "\\x"}',
      'dấu "\\" trong chuỗi ký tự không hợp lệ (dùng \\", \\\\, \\n, \\t hoặc \\uXXXX) (dòng 1, cột 8)',
    ],
    ['{"a": "abc', 'chuỗi ký tự thiếu dấu nháy kép (") đóng (dòng 1, cột 11)'],
    ['[1, 2]]', 'có nội dung thừa sau khi đối tượng JSON đã kết thúc (dòng 1, cột 7)'],
  ])('%j', (text, problem) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(describeJsonError(text)).toBe(`Tệp JSON không đọc được: ${problem}.`);
  });

  it('finds nothing wrong in valid JSON (a generic message then)', () => {
    const valid = '{"a": [1, -2.5e3, "x\\u00e9\\n", true, false, null, {}, []], "b": {"c": 0}}';
    expect(JSON.parse(valid)).toBeTruthy();
    expect(findJsonSyntaxError(valid)).toBeUndefined();
    expect(describeJsonError(valid)).toBe('Tệp JSON không đọc được: sai cú pháp JSON.');
  });

  it('does not overflow on a million nested brackets', () => {
    const text = '['.repeat(1_000_000);
    expect(describeJsonError(text)).toBe(
      'Tệp JSON không đọc được: tệp kết thúc khi còn dấu ngoặc chưa đóng hoặc còn thiếu giá trị (dòng 1, cột 1000001).',
    );
  });
});
