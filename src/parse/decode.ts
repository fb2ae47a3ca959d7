// Bytes -> text. Scraped pages lie about their charset (gb2312 declared, UTF-8 bytes; utf-8 declared,
// GBK bytes), so a declaration is trusted only when the bytes decode cleanly under it.

import iconv from 'iconv-lite';
import chardet from 'chardet';
import sniffHtmlEncoding from 'html-encoding-sniffer';
import { DECODE } from './constants.ts';

export interface Decoded {
  text: string;
  /** WHATWG-style name of the encoding used, e.g. "utf-8", "gb18030", "big5", "shift_jis". */
  encoding: string;
  /** The charset the page declared (BOM or meta), if any. */
  declared: string | null;
  /** How the encoding was chosen. */
  how: 'bom' | 'declared' | 'valid-utf-8' | 'sniffed' | 'fallback';
}

const NO_DECLARATION = '__none__';
const UTF8 = new TextDecoder('utf-8', { fatal: true });
const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i;

/** Encodings we decode with a superset (GBK pages declared gb2312 use GBK-only characters). */
const SUPERSET: Record<string, string> = {
  gb2312: 'gb18030', gbk: 'gb18030', 'x-gbk': 'gb18030', gb18030: 'gb18030',
  big5: 'big5', 'big5-hkscs': 'big5', shift_jis: 'shift_jis', 'x-sjis': 'shift_jis', 'windows-31j': 'shift_jis',
  'euc-jp': 'euc-jp', 'euc-kr': 'euc-kr', 'iso-8859-1': 'windows-1252', 'us-ascii': 'windows-1252',
};

/**
 * The runtime's GB18030 decoder (ICU): several times faster than iconv-lite's, which decoding Chinese
 * pages spent most of its time in. For valid bytes it gives iconv-lite's text except for 18 codes
 * that GB18030-2022 moved out of the private use area (vertical punctuation, 8 ideographs): a page
 * holding one, or any invalid byte, is decoded by iconv-lite, so the text never depends on which.
 * Null where the runtime has no GB18030 (Node built without full ICU).
 */
const GB18030 = runtimeDecoder('gb18030');
/** Where GB18030-2022 puts those 18 codes (iconv-lite decodes the same bytes to U+E78D…U+E864). */
const GB18030_2022_MOVED = /[\ufe10-\ufe19\u9fb4-\u9fbb]/;

function runtimeDecoder(name: string): TextDecoder | null {
  try {
    return new TextDecoder(name, { fatal: true });
  } catch {
    return null;
  }
}

/** Control characters no page means to show: NUL and the other C0 controls but tab, newline, form feed and carriage return. */
const STRAY_CONTROLS = /[\u0000-\u0008\u000b\u000e-\u001f]/g;

export function decodeHtml(bytes: Uint8Array): Decoded {
  const decoded = decodeBytes(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  // NUL bytes (padding, broken saves) and other controls would reach titles, records and file names.
  STRAY_CONTROLS.lastIndex = 0;
  if (STRAY_CONTROLS.test(decoded.text)) decoded.text = decoded.text.replace(STRAY_CONTROLS, '');
  return decoded;
}

function decodeBytes(buf: Buffer): Decoded {
  const bom = bomEncoding(buf);
  if (bom) return { text: iconv.decode(buf, bom.name, { stripBOM: true }), encoding: bom.name, declared: bom.name, how: 'bom' };
  const utf16 = utf16WithoutBom(buf);
  if (utf16) return { text: iconv.decode(buf, utf16.name), encoding: utf16.name, declared: null, how: 'sniffed' };

  const declared = declaredCharset(buf);
  const utf8 = strictUtf8(buf);
  if (utf8 !== null) {
    // Valid UTF-8 with non-ASCII bytes is UTF-8 whatever the page says: the reverse almost never happens by chance.
    return { text: utf8, encoding: 'utf-8', declared, how: declared === 'utf-8' ? 'declared' : 'valid-utf-8' };
  }
  if (declared === 'utf-8' || !declared) {
    // UTF-8 with a few broken bytes (a truncated character, a stray Latin-1 byte) is still UTF-8.
    const text = buf.toString('utf8');
    if (hasNonAscii(buf) && isNearlyClean(text)) return { text, encoding: 'utf-8', declared, how: declared ? 'declared' : 'valid-utf-8' };
  }
  if (declared && declared !== 'utf-8' && iconv.encodingExists(declared)) {
    const text = decodeAs(buf, declared);
    if (replacementRatio(text) <= DECODE.maxReplacementRatio) return { text, encoding: declared, declared, how: 'declared' };
  }
  const sniffed = sniffLegacyEncoding(buf);
  if (sniffed) return { text: decodeAs(buf, sniffed), encoding: sniffed, declared, how: 'sniffed' };
  return { text: iconv.decode(buf, 'windows-1252'), encoding: 'windows-1252', declared, how: 'fallback' };
}

/** The bytes decoded with a legacy encoding iconv-lite knows; GB18030 by the runtime where that gives the same text. */
function decodeAs(buf: Buffer, name: string): string {
  if (name === 'gb18030' && GB18030) {
    const text = strictDecode(GB18030, buf);
    if (text !== null && !GB18030_2022_MOVED.test(text)) return text;
  }
  return iconv.decode(buf, name);
}

function strictDecode(decoder: TextDecoder, buf: Buffer): string | null {
  try {
    return decoder.decode(buf);
  } catch {
    return null;
  }
}

/** Signatures of files that are sometimes saved under a .html name but are not pages. */
const BINARY_SIGNATURES: [string, number[]][] = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['a ZIP archive', [0x50, 0x4b, 0x03, 0x04]],
  ['gzip-compressed data', [0x1f, 0x8b]],
  ['a WebAssembly module', [0x00, 0x61, 0x73, 0x6d]],
  ['an executable', [0x7f, 0x45, 0x4c, 0x46]],
  ['a web font', [0x77, 0x4f, 0x46]],
];

/**
 * What the bytes are when they are not a page at all ("a PNG image", "binary data"), else null.
 * Text, in any encoding folio reads, has almost no control bytes; UTF-16 has many NULs and is text.
 */
export function binaryContent(bytes: Uint8Array): string | null {
  for (const [name, signature] of BINARY_SIGNATURES) if (signature.every((byte, i) => bytes[i] === byte)) return name;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, DECODE.binarySampleBytes));
  if (bomEncoding(buf) ?? utf16WithoutBom(buf)) return null;
  let controls = 0;
  for (const byte of buf) if (byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b)) controls++;
  return buf.length && controls / buf.length > DECODE.maxControlShare ? 'binary data' : null;
}

/** UTF-16 saved without a BOM: ASCII markup leaves a zero byte in every other place. */
function utf16WithoutBom(buf: Buffer): { name: string } | null {
  const units = Math.min(buf.length, DECODE.binarySampleBytes) >> 1;
  if (units < 2) return null;
  let zeroHigh = 0;
  let zeroLow = 0;
  for (let i = 0; i < units; i++) {
    if (buf[2 * i] === 0) zeroLow++;
    if (buf[2 * i + 1] === 0) zeroHigh++;
  }
  const min = units * DECODE.minUtf16ZeroShare;
  // Little-endian ASCII is "<\0h\0": zero high bytes, almost no zero low bytes; big-endian the reverse.
  if (zeroHigh >= min && zeroLow < units * 0.02) return { name: 'utf-16le' };
  if (zeroLow >= min && zeroHigh < units * 0.02) return { name: 'utf-16be' };
  return null;
}

function bomEncoding(buf: Buffer): { name: string } | null {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { name: 'utf-8' };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { name: 'utf-16be' };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { name: 'utf-16le' };
  return null;
}

/** The charset the page declares in a meta tag (WHATWG prescan, then a wider look for late metas). */
export function declaredCharset(buf: Buffer): string | null {
  let label: string | null = NO_DECLARATION;
  try {
    label = sniffHtmlEncoding(buf, { defaultEncoding: NO_DECLARATION });
  } catch {
    // The sniffer throws on some truncated metas ("content=…charset="); the wider scan below still reads them.
  }
  if (label === NO_DECLARATION) {
    const head = buf.subarray(0, DECODE.declarationScanBytes).toString('latin1');
    label = META_CHARSET.exec(head)?.[1] ?? null;
  }
  if (!label) return null;
  const name = label.toLowerCase();
  return SUPERSET[name] ?? (name === 'utf8' ? 'utf-8' : name);
}

/** The text when the bytes are valid UTF-8, else null (one decoding pass for both answers). */
function strictUtf8(buf: Buffer): string | null {
  return strictDecode(UTF8, buf);
}

/** Guess a legacy encoding from byte statistics, limited to the ones scraped news pages use. */
function sniffLegacyEncoding(buf: Buffer): string | null {
  const sample = buf.length > DECODE.sniffSampleBytes ? buf.subarray(0, DECODE.sniffSampleBytes) : buf;
  const candidates = chardet.analyse(sample);
  let best: { encoding: string; ratio: number } | null = null;
  for (const candidate of candidates) {
    const name = SUPERSET[candidate.name.toLowerCase()] ?? candidate.name.toLowerCase();
    if (!DECODE.legacyEncodings.includes(name) || !iconv.encodingExists(name)) continue;
    const ratio = replacementRatio(decodeAs(buf, name));
    // chardet ranks by likelihood: take the most likely encoding that decodes (nearly) cleanly.
    // Single-byte encodings never fail to decode, so "fewest errors" alone would always pick them.
    if (ratio <= DECODE.maxSniffedReplacementRatio) return name;
    if (!best || ratio < best.ratio) best = { encoding: name, ratio };
  }
  return best?.encoding ?? null;
}

/** A handful of broken characters, or a tiny share of a long page: damage, not a different encoding. */
function isNearlyClean(text: string): boolean {
  const bad = replacementCount(text);
  return bad <= DECODE.maxStrayCharacters || bad / text.length <= DECODE.maxReplacementRatio;
}

function hasNonAscii(buf: Buffer): boolean {
  for (const byte of buf) if (byte >= 0x80) return true;
  return false;
}

function replacementCount(text: string): number {
  let bad = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) bad++;
  return bad;
}

function replacementRatio(text: string): number {
  return text.length ? replacementCount(text) / text.length : 0;
}
