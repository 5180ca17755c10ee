import { describe, expect, it } from '@jest/globals';
import iconv from 'iconv-lite';
import { decodeText, UndecodableTextError } from './text.decoder.js';

const TEXT = '编号,来源,问题描述\r\nZY-1,中央生态环境保护督察,磷石膏堆场渗滤液外溢\r\n';

describe('decodeText', () => {
  it('reads UTF-8 without a BOM', () => {
    expect(decodeText(Buffer.from(TEXT, 'utf8'))).toEqual({ text: TEXT, encoding: 'UTF-8' });
  });

  it('reads UTF-8 with a BOM and drops the BOM', () => {
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]))).toEqual({
      text: TEXT,
      encoding: 'UTF-8',
    });
  });

  it('reads GB18030, what Excel on a Chinese desktop saves as CSV', () => {
    const bytes = iconv.encode(TEXT, 'gb18030');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow(); // so detection is needed
    expect(decodeText(bytes)).toEqual({ text: TEXT, encoding: 'GB18030' });
  });

  it('reads characters outside GBK that only GB18030 encodes', () => {
    const rare = '𠀀生僻字㐀';
    expect(decodeText(iconv.encode(rare, 'gb18030')).text).toBe(rare);
  });

  it('reads UTF-16 with its BOM', () => {
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]))).toEqual({
      text: TEXT,
      encoding: 'UTF-16LE',
    });
  });

  it('refuses bytes that are neither', () => {
    expect(() => decodeText(Buffer.from([0x41, 0xff, 0xff, 0xff, 0x80]))).toThrow(UndecodableTextError);
  });
});
