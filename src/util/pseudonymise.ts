/**
 * Pseudonymisation of participant IDs (`--pseudonymise [SALT]`): each ID is replaced by
 * `p-` and the first 16 hex digits of HMAC-SHA256(salt, ID) (RFC 2104), so the same ID gets
 * the same pseudonym everywhere in one run, and in every run given the same salt, while the
 * ID cannot be recovered from its pseudonym without the salt. Without a salt one is drawn
 * from the operating system's random source and printed on stderr, so that the user can
 * keep it (to link outputs of several commands) or discard it (for one-off anonymous output).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { InputError } from './errors.js';
import type { Logger } from './log.js';

/** Maps a participant ID to its pseudonym. */
export type Pseudonymiser = (participantId: string) => string;

/** The pseudonymiser of `salt` (a non-empty string). */
export function createPseudonymiser(salt: string): Pseudonymiser {
  if (salt.length === 0) {
    throw new InputError('expected a non-empty salt', { field: '--pseudonymise' });
  }
  const cache = new Map<string, string>();
  return (participantId) => {
    let pseudonym = cache.get(participantId);
    if (pseudonym === undefined) {
      const digest = createHmac('sha256', salt).update(participantId).digest('hex');
      pseudonym = `p-${digest.slice(0, 16)}`;
      cache.set(participantId, pseudonym);
    }
    return pseudonym;
  };
}

/**
 * The pseudonymiser asked for on the command line: undefined when `--pseudonymise` is absent;
 * the salt given (`--pseudonymise SALT`, or the IATBAYES_PSEUDONYM_SALT environment variable
 * when the flag has no value); otherwise a fresh random salt, announced as a warning (shown
 * even with --quiet) because it is the only way to reproduce the pseudonyms.
 */
export function pseudonymiserFromOption(option: string | undefined,
  logger: Logger): Pseudonymiser | undefined {
  if (option === undefined) return undefined;
  const given = option !== '' ? option : process.env.IATBAYES_PSEUDONYM_SALT;
  if (given !== undefined && given !== '') return createPseudonymiser(given);
  const salt = randomBytes(16).toString('hex');
  logger.warn(`participant IDs pseudonymised with salt ${salt} (pass --pseudonymise ${salt} to `
    + 'get the same pseudonyms again)');
  return createPseudonymiser(salt);
}

/** The yargs option shared by every command that writes participant IDs. */
export const PSEUDONYMISE_OPTION = {
  type: 'string',
  describe: 'Replace participant IDs by keyed-hash pseudonyms (salt given, or drawn and printed)',
} as const;
