// Charset decoding: BOM, declarations (meta charset, http-equiv), none, and wrong ones.

import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeHtml } from '../src/parse/decode.ts';

const ZH = '<p>城南老街的早市天不亮就开张，豆浆油条、糯米饭和刚出锅的包子摆满了整条街，附近的居民习惯在上班前来这里吃一顿热乎的早饭。</p>';
const ZH_HANT = '<p>港邊的老戲院重新開幕，首場演出吸引了不少老觀眾回來看戲，許多人說這裡保存了他們年輕時的回憶。</p>';
const JA = '<p>駅前の商店街では、毎週土曜日に朝市が開かれています。地元の農家が新鮮な野菜や果物を持ち寄り、多くの買い物客でにぎわっています。</p>';
const page = (head: string, body: string) => `<html><head>${head}<title>t</title></head><body>${body.repeat(4)}</body></html>`;

describe('decodeHtml', () => {
  it('follows a UTF-8 byte order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page('', ZH))]);
    const decoded = decodeHtml(bytes);
    expect(decoded.how).toBe('bom');
    expect(decoded.text).toContain('城南老街');
    expect(decoded.text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('decodes GBK declared as gb2312 in an http-equiv meta with GB18030 (GBK-only characters survive)', () => {
    const text = page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', '<p>记者 祁喆 报道</p>' + ZH);
    const decoded = decodeHtml(iconv.encode(text, 'gbk'));
    expect(decoded.encoding).toBe('gb18030');
    expect(decoded.text).toContain('祁喆');
  });

  it('reads UTF-8 bytes as UTF-8 when the page says gb2312', () => {
    const decoded = decodeHtml(Buffer.from(page('<meta charset="gb2312">', ZH)));
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text).toContain('城南老街');
  });

  it('sniffs GBK bytes that declare utf-8', () => {
    const decoded = decodeHtml(iconv.encode(page('<meta charset="utf-8">', ZH), 'gbk'));
    expect(decoded.how).toBe('sniffed');
    expect(decoded.text).toContain('城南老街');
  });

  it.each([
    ['gbk', ZH, '城南老街'],
    ['big5', ZH_HANT, '老戲院'],
    ['shift_jis', JA, '商店街'],
  ])('sniffs undeclared %s', (encoding, body, expected) => {
    const decoded = decodeHtml(iconv.encode(page('', body), encoding));
    expect(decoded.text).toContain(expected);
    expect(decoded.text).not.toContain('\uFFFD');
  });

  // GB18030 text comes from the runtime's decoder where that agrees with iconv-lite, else from iconv-lite:
  // the same bytes must give the same text either way.
  const gbkPage = (body: Buffer) =>
    Buffer.concat([Buffer.from('<html><head><meta charset="gbk"><title>t</title></head><body><p>'), iconv.encode(ZH.repeat(4), 'gbk'), body, Buffer.from('</p></body></html>')]);

  it('decodes GB18030 pages to the text iconv-lite gives, four-byte sequences included', () => {
    const bytes = gbkPage(Buffer.concat([iconv.encode('€ 𠀀 ㄅ ·', 'gb18030')]));
    expect(decodeHtml(bytes).text).toBe(iconv.decode(bytes, 'gb18030'));
    expect(decodeHtml(bytes).text).toContain('𠀀');
  });

  it('keeps iconv-lite\'s private-use code points for the codes GB18030-2022 remapped (A6D9 vertical comma, FE59 ideograph)', () => {
    const bytes = gbkPage(Buffer.from([0xa6, 0xd9, 0x20, 0xfe, 0x59]));
    const decoded = decodeHtml(bytes);
    expect(decoded.encoding).toBe('gb18030');
    expect(decoded.text).toBe(iconv.decode(bytes, 'gb18030'));
    expect(decoded.text).toContain('\ue78d \ue81e');
  });

  it('decodes a GB18030 page with a broken byte as iconv-lite does (replacement character, rest intact)', () => {
    const bytes = gbkPage(Buffer.from([0x81, 0x20, 0xff]));
    const decoded = decodeHtml(bytes);
    expect(decoded.encoding).toBe('gb18030');
    expect(decoded.text).toBe(iconv.decode(bytes, 'gb18030'));
    expect(decoded.text).toContain('\ufffd');
  });
});
