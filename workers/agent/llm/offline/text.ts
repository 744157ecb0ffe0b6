/**
 * Text helpers of the offline agent, on top of the shared word helpers of the tools.
 */
import { stem, wordsOf } from '../../tools/words';

export { fold, stem, wordsOf } from '../../tools/words';

/** The stems of every word of a text. */
export const stemsOf = (text: string): string[] => wordsOf(text).map(stem);

/** Upper-cases the first letter. */
export const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** "a, b y c". */
export function joinSpanish(items: string[], conjunction = 'y'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}
