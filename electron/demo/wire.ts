/**
 * The three AJAM body formats, as manager.c builds them: rawman is the AMI text itself; mxml and
 * the HTML "Manager Tester" page are that text run through `xml_translate()`. Translating the
 * rawman text (instead of formatting each message twice) keeps Asterisk's quirks: a value with a
 * CR/LF turns into an extra field, repeated keys get `-2`, `-3` suffixes, trailing blanks vanish.
 */

import { skipBlanks, trimBlanks } from './blanks';

export type OutputFormat = 'rawman' | 'mxml' | 'html';

export const CONTENT_TYPE: Readonly<Record<OutputFormat, string>> = {
  rawman: 'plain',
  mxml: 'xml',
  html: 'html',
};

/** One AMI message as `Key: Value\r\n` lines plus the blank line that ends it. */
export function rawmanMessage(lines: ReadonlyArray<readonly [string, string]>): string {
  let out = '';
  for (const [k, v] of lines) out += `${k}: ${v}\r\n`;
  return out + '\r\n';
}

const ESCAPES: Readonly<Record<string, string>> = {
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '&': '&amp;',
};

/** xml_copy_escape() mode 0: the five XML entities. */
export function xmlEscape(s: string): string {
  return s.replace(/[<>"'&]/g, (c) => ESCAPES[c] ?? c);
}

/**
 * xml_copy_escape() mode 1|2 (attribute names): lower-case, every byte that is not an ASCII letter
 * or digit becomes `_` (bytes: a UTF-8 letter becomes two underscores, as in C), a leading digit
 * gets a `_` in front.
 */
export function xmlAttributeName(s: string): string {
  const bytes = Buffer.from(s, 'utf8');
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i] as number;
    const isDigit = c >= 0x30 && c <= 0x39;
    const isAlpha = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    if (i === 0 && isDigit) out += '_' + String.fromCharCode(c);
    else if (!isDigit && !isAlpha) out += '_';
    else out += String.fromCharCode(c).toLowerCase();
  }
  return out;
}

/** ajaxdest / ajaxobjtype from the request parameters (case-insensitive, last one wins). */
export interface XmlNames {
  readonly dest: string;
  readonly objtype: string;
}

export function xmlNames(params: ReadonlyArray<readonly [string, string]>): XmlNames {
  let dest = '';
  let objtype = '';
  for (const [k, v] of params) {
    const key = k.toLowerCase();
    if (key === 'ajaxdest') dest = v;
    else if (key === 'ajaxobjtype') objtype = v;
  }
  return { dest: dest || 'unknown', objtype: objtype || 'generic' };
}

/** xml_translate(): rawman text -> `<response>` elements (mxml) or table rows (html). */
export function xmlTranslate(input: string, format: 'mxml' | 'html', names: XmlNames): string {
  const xml = format === 'mxml';
  let out = '';
  let inData = false;
  let inObj = false;
  let counts = new Map<string, number>();
  let rest: string | null = input;

  while (rest !== null && rest.length > 0) {
    // strsep(&in, "\r\n") then skip one '\n': "\r\n" and "\n" end a line, so does a lone "\r".
    const cut = rest.search(/[\r\n]/);
    let line: string;
    if (cut < 0) {
      line = rest;
      rest = null;
    } else {
      line = rest.slice(0, cut);
      rest = rest.slice(cut + 1);
      if (rest.startsWith('\n')) rest = rest.slice(1);
    }
    line = trimBlanks(line);
    if (line.length === 0) {
      if (inData) {
        out += xml ? "'" : '</td></tr>\n';
        inData = false;
      }
      if (inObj) {
        out += xml ? ' /></response>\n' : '<tr><td colspan="2"><hr></td></tr>\r\n';
        inObj = false;
      }
      continue;
    }
    if (!inObj) {
      if (xml) out += `<response type='object' id='${names.dest}'><${names.objtype}`;
      counts = new Map();
      inObj = true;
    }
    if (inData) {
      out += (xml ? '\n' : '<br>\n') + xmlEscape(line);
      continue;
    }
    const colon = line.indexOf(':');
    let key: string;
    let value: string;
    if (colon >= 0) {
      key = trimBlanks(line.slice(0, colon));
      value = skipBlanks(line.slice(colon + 1));
    } else {
      key = 'Opaque-data';
      value = line;
      inData = true;
    }
    out += xml ? ' ' : '<tr><td>';
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    out += xml ? xmlAttributeName(key) : xmlEscape(key);
    if (count > 1) out += `-${count}`;
    out += xml ? "='" : '</td><td>';
    out += xmlEscape(value);
    if (!inData || rest === null || rest.length === 0) out += xml ? "'" : '</td></tr>\n';
  }
  if (inObj) out += xml ? ' /></response>\n' : '<tr><td colspan="2"><hr></td></tr>\r\n';
  return out;
}

const ROW = (s: string): string => `<tr><td colspan="2" bgcolor="#f1f1ff">${s}</td></tr>\r\n`;

const TEST_FORM =
  '<form action="manager" method="post">\n' +
  '\tAction: <select name="action">\n' +
  '\t\t<option value="">-----&gt;</option>\n' +
  '\t\t<option value="login">login</option>\n' +
  '\t\t<option value="command">Command</option>\n' +
  '\t\t<option value="waitevent">waitevent</option>\n' +
  '\t\t<option value="listcommands">listcommands</option>\n' +
  '\t</select>\n' +
  '\tor <input name="action"><br/>\n' +
  '\tCLI Command <input name="command"><br>\n' +
  '\tuser <input name="username"> pass <input type="password" name="secret"><br>\n' +
  '\t<input type="submit">\n</form>\n';

/** The whole HTTP body of a rawman / mxml / manager answer around the action's rawman text. */
export function managerBody(format: OutputFormat, text: string, names: XmlNames): string {
  if (format === 'rawman') return text;
  if (format === 'mxml') return `<ajax-response>\n${xmlTranslate(text, 'mxml', names)}</ajax-response>\n`;
  return (
    '<title>Asterisk&trade; Manager Interface</title>' +
    '<body bgcolor="#ffffff"><table align=center bgcolor="#f1f1f1" width="500">\r\n' +
    ROW('<h1>Manager Tester</h1>') +
    ROW(TEST_FORM) +
    xmlTranslate(text, 'html', names) +
    '</table></body>\r\n'
  );
}

const DIGEST_HTML_HEAD =
  '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\r\n' +
  '<html><head>\r\n' +
  '<title>Asterisk&trade; Manager Interface</title>\r\n' +
  '</head><body style="background-color: #ffffff;">\r\n' +
  '<form method="POST">\r\n' +
  '<table align="center" style="background-color: #f1f1f1;" width="500">\r\n' +
  '<tr><th colspan="2" style="background-color: #f1f1ff;"><h1>Manager Tester</h1></th></tr>\r\n' +
  '<tr><th colspan="2" style="background-color: #f1f1ff;">Action: <input name="action" /> Cmd: <input name="command" /><br>' +
  '<input type="submit" value="Send request" /></th></tr>\r\n';

/** The body of a digest-authenticated answer: auth_http_callback() has its own, newer HTML page. */
export function digestManagerBody(format: OutputFormat, text: string, names: XmlNames): string {
  if (format !== 'html') return managerBody(format, text, names);
  return DIGEST_HTML_HEAD + xmlTranslate(text, 'html', names) + '</table></form></body></html>\r\n';
}
