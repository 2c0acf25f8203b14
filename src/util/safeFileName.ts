/** A file-name part made from user text (study, task or configuration name): anything but
 * letters, digits, '.', '_' and '-' becomes '_', so the name cannot leave its folder. */
export function safeFileName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_');
}
