/**
 * Nothing iatbayes writes can be left half-written: every writer in src/ goes through
 * writeFileAtomic (checked by reading the sources), and a writer killed in the middle of a
 * large write, or whose final rename fails, leaves the previous file exactly as it was.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/util/atomicWrite.js';
import { scratch } from './fuzz.js';

const folder = scratch();
afterAll(() => folder.remove());

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('every writer is atomic', () => {
  it('no module outside src/bench writes files except through writeFileAtomic', () => {
    const direct = new RegExp('\\b(writeFileSync|writeFile|appendFileSync|appendFile'
      + '|createWriteStream|copyFileSync|cpSync)(?![A-Za-z])|\\bopenSync\\([^)]*[\'"][wa]');
    for (const line of ["writeFileSync(path, text)", "const fd = openSync(path, 'w');",
      'createWriteStream(out)', 'await fs.writeFile(p, t)']) expect(direct.test(line)).toBe(true);
    expect(direct.test('writeFileAtomic(path, text)')).toBe(false);
    const offenders = sources('src')
      .filter((file) => !file.startsWith(join('src', 'bench')) && !file.endsWith('.tmp.ts'))
      .filter((file) => file !== join('src', 'util', 'atomicWrite.ts'))
      .filter((file) => readFileSync(file, 'utf8').split('\n')
        .some((line) => !/^\s*(\/\/|\*)/.test(line) && direct.test(line)))
      .map((file) => relative('.', file));
    expect(offenders).toEqual([]);
  });
});

describe('an interrupted write leaves the previous file intact', () => {
  it('a process killed while writing 400 MB leaves the old file byte for byte', async () => {
    const target = join(folder.dir, 'results.json');
    const previous = `${JSON.stringify({ previous: true, values: [1, 2, 3] })}\n`;
    writeFileSync(target, previous);
    const script = [
      `import { writeFileAtomic } from ${JSON.stringify(join(process.cwd(), 'src', 'util',
        'atomicWrite.ts'))};`,
      'const big = Buffer.alloc(400 * 1024 * 1024, 0x41);',
      "process.stdout.write('writing\\n');",
      `writeFileAtomic(${JSON.stringify(target)}, big);`,
      "process.stdout.write('done\\n');",
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script],
      { stdio: ['ignore', 'pipe', 'inherit'] });
    // Kill as soon as the temporary file exists and has some bytes in it.
    const killedMidWrite = await new Promise<boolean>((resolve) => {
      const poll = setInterval(() => {
        const temporary = readdirSync(folder.dir).find((name) => name.endsWith('.tmp'));
        if (temporary !== undefined) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve(true);
        }
      }, 2);
      child.on('exit', () => { clearInterval(poll); resolve(false); });
    });
    await new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve(null);
      else child.on('exit', resolve);
    });
    expect(killedMidWrite).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe(previous);
  }, 60_000);

  it('a failed rename leaves the destination as it was and no temporary file behind', () => {
    const dir = join(folder.dir, 'rename');
    const target = join(dir, 'report.html');
    mkdirSync(join(target, 'occupied'), { recursive: true });
    expect(() => writeFileAtomic(target, '<html></html>')).toThrow();
    expect(readdirSync(target)).toEqual(['occupied']);
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  it('a completed write replaces the file whole', () => {
    const target = join(folder.dir, 'scores.csv');
    writeFileAtomic(target, 'old\n');
    writeFileAtomic(target, 'new\n');
    expect(readFileSync(target, 'utf8')).toBe('new\n');
    expect(existsSync(`${target}.tmp`)).toBe(false);
  });
});
