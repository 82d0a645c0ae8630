import { createHash } from 'node:crypto';
import type { Lang } from '../../engine/types.js';
import { PAGE_CSS } from './style.js';
import { VIEWER_SCRIPT, pageLabels } from './viewer.js';

/**
 * JSON fit for a `<script type="application/json">` element: `<`, `>` and `&` as \u escapes, so no
 * text in it can close the element or open a comment; U+2028/U+2029 too, for old parsers.
 */
export function embedJson(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A CSP hash source for an inline script or style: `'sha256-…'`. */
export function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Nothing but the page's own inline script and style, each allowed by its hash: no fetch, no image, no form. */
export function contentSecurityPolicy(script: string, style: string): string {
  return [
    "default-src 'none'",
    `script-src ${hashSource(script)}`,
    `style-src ${hashSource(style)}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const POLICY = contentSecurityPolicy(VIEWER_SCRIPT, PAGE_CSS);

export type PageKind = 'student' | 'class';

/**
 * The one self-contained file: policy, style, the data as JSON elements (`labcheck-data` and any
 * extras by id), then the viewer that draws the page from them. Nothing from the data is put into the
 * markup here; the viewer inserts it as text.
 */
export function renderPage(kind: PageKind, lang: Lang, data: unknown, extras: Record<string, unknown> = {}): string {
  const L = pageLabels(lang);
  const title = kind === 'class' ? L.classReport : L.report;
  const blocks = Object.entries({ 'labcheck-data': data, ...extras }).map(
    ([id, value]) => `<script type="application/json" id="${id.replace(/[^a-z0-9-]/g, '')}">${embedJson(value)}</script>`,
  );
  return [
    '<!doctype html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${POLICY}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title>`,
    `<style>${PAGE_CSS}</style>`,
    '</head>',
    `<body data-page="${kind}">`,
    '<div id="app"></div>',
    `<noscript>${L.noscript}</noscript>`,
    ...blocks,
    `<script>${VIEWER_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
