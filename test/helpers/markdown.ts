// Renders Markdown as a reader's viewer would: markdown-it in CommonMark mode with GFM tables
// and raw HTML allowed, so that any HTML or link a report let through shows up as an element.
import MarkdownIt from 'markdown-it';

const renderer = new MarkdownIt('commonmark', { html: true }).enable(['table', 'strikethrough']);

export function renderMarkdown(text: string): string {
  return renderer.render(text);
}

/** The text of every <code> element, entities decoded. */
export function codeTexts(html: string): string[] {
  return [...html.matchAll(/<code(?: [^>]*)?>([\s\S]*?)<\/code>/g)].map((match) => decodeEntities(match[1] ?? ''));
}

export function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|quot|amp|#39);/g, (_whole, name: string) => ({ lt: '<', gt: '>', quot: '"', amp: '&', '#39': "'" })[name] ?? '');
}

/** GitHub's heading ids: the heading's text, lower case, punctuation dropped, spaces as hyphens; repeats get -1, -2… */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fence: string | null = null;
  for (const line of markdown.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker !== undefined) {
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      continue;
    }
    const heading = fence === null ? /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1] : undefined;
    if (heading === undefined) continue;
    // A link counts by its text; code spans and emphasis lose their marks with the punctuation.
    const base = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}
