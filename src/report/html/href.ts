/**
 * A link to a file given by its path relative to the page (`students/a%2Fb.html`): each segment
 * percent-encoded, so a `:` can never start a scheme (`javascript:`), `#`/`?`/`%` in a file name stay
 * part of it, and a leading `//` cannot become another host.
 */
export function pathToHref(path: string): string {
  const href = path.split('/').map((segment) => encodeURIComponent(segment)).join('/');
  return href.startsWith('/') ? `.${href}` : href;
}
