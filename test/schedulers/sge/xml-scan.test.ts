// The fast scanner for Grid Engine XML against fast-xml-parser: the same tree for every
// recorded output it reads, and undefined (fast-xml-parser decides) outside its subset.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { scanSgeXml } from '../../../src/schedulers/sge/xml-scan.js';
import { SGE_XML_OPTIONS } from '../../../src/schedulers/sge/xml.js';

const parser = new XMLParser(SGE_XML_OPTIONS);
const dir = join(import.meta.dirname, '..', '..', 'fixtures', 'sge');
const read = (file: string) => readFileSync(join(dir, file), 'utf8').trim().replace(/<(\/?)>/g, '<$1element>');
const xmlFixtures = readdirSync(dir).filter((f) => read(f).startsWith('<?xml'));
// The listings hpcq polls with: the scanner must read them (the detail of one job may hold entities).
const listings = xmlFixtures.filter((f) => /qstat-(u-star-)?xml/.test(f));

describe('scanSgeXml', () => {
  it.each(listings)('reads the listing %s', (file) => {
    expect(scanSgeXml(read(file))).toBeDefined();
  });

  it.each(xmlFixtures)('%s: the tree fast-xml-parser gives, key order included, or undefined', (file) => {
    const scanned = scanSgeXml(read(file));
    if (scanned !== undefined) expect(JSON.stringify(scanned)).toBe(JSON.stringify(parser.parse(read(file))));
    else expect(read(file)).toMatch(/&\w+;/);
  });

  it('reads leaves, empty and self-closing elements, attributes (trimmed) as fast-xml-parser does', () => {
    const text = `<?xml version='1.0'?>\n<a x=" 1 "><b>t</b><b/><c></c><d y='2'>v</d><e z="3"/><f>  </f><g><h>1</h></g></a>`;
    expect(JSON.stringify(scanSgeXml(text))).toBe(JSON.stringify(parser.parse(text)));
  });

  it.each([
    ['an entity', '<a>&lt;</a>'],
    ['a Windows line end', '<a><b>x\r\ny</b></a>'],
    ['mixed content', '<a>x<b>1</b></a>'],
    ['a comment', '<a><!-- c --></a>'],
    ['two roots', '<a/><b/>'],
    ['unbalanced tags', '<a><b></a></b>'],
    ['an unclosed element', '<a><b>1</b>'],
    ['a duplicated attribute', '<a b="1" b="2"/>'],
    ['a BOM before ">" (the validator refuses it)', '<a\ufeff>1</a>'],
    ['spaces after the declaration (the validator refuses them)', "<?xml version='1.0'?>  \n<a/>"],
    ['a BOM between elements', '<a/>\ufeff'],
    ['a name Object.prototype has', '<a><constructor>1</constructor></a>'],
  ])('leaves %s to fast-xml-parser', (_what, text) => {
    expect(scanSgeXml(text)).toBeUndefined();
  });
});
