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
