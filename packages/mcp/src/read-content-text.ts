import { isPlainObject } from './is-plain-object.js';

/**
 * The text of a tool result's content blocks, one block per line: a text block's text, an embedded text
 * resource's text, and for anything else (images, audio, binary resources, resource links) a short
 * placeholder such as `[image image/png]` or `[resource link file:///tmp/a.txt]`, so the model knows it came.
 *
 * @example
 * ```ts
 * readContentText([{ type: 'text', text: 'two files' }, { type: 'image', data: '...', mimeType: 'image/png' }]);
 * // 'two files\n[image image/png]'
 * ```
 */
export function readContentText(content: readonly unknown[]): string {
  return content.map(blockText).join('\n');
}

function blockText(block: unknown): string {
  if (!isPlainObject(block)) return '[content]';
  const { type } = block;
  if (type === 'text' && typeof block.text === 'string') return block.text;
  if (type === 'resource' && isPlainObject(block.resource)) {
    const { resource } = block;
    if (typeof resource.text === 'string') return resource.text;
    return `[resource ${String(resource.uri)}${typeof resource.mimeType === 'string' ? ` ${resource.mimeType}` : ''}]`;
  }
  if (type === 'resource_link') return `[resource link ${String(block.uri)}]`;
  if ((type === 'image' || type === 'audio') && typeof block.mimeType === 'string') return `[${type} ${block.mimeType}]`;
  return `[${typeof type === 'string' ? type : 'content'}]`;
}
