/**
 * `text` cut to at most `max` UTF-16 code units, never between the two halves of a surrogate pair (an emoji cut in
 * half is a lone surrogate, which `jsonb` refuses and text would store as U+FFFD).
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.charCodeAt(max - 1);
  return text.slice(0, cut >= 0xd800 && cut <= 0xdbff ? max - 1 : max);
}
