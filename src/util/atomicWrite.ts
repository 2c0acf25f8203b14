/**
 * Atomic file output: write to a temporary file in the same folder, flush it, then rename it
 * over the destination, so a killed process never leaves a half-written file where a good
 * one stood. Every file iatbayes writes goes through here.
 */
import { mkdirSync, openSync, writeSync, fsyncSync, closeSync, renameSync, rmSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';

/** Writes `content` to `path` atomically, creating the parent folder if needed. */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true });
  const temporary = join(folder, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const fd = openSync(temporary, 'w');
  try {
    let written = 0;
    while (written < bytes.length) {
      written += writeSync(fd, bytes, written, bytes.length - written);
    }
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temporary, path);
  } catch (error) {
    // The destination is untouched; do not leave the temporary copy behind either.
    rmSync(temporary, { force: true });
    throw error;
  }
}
