import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { SANDBOX_SENDER_AREA_CODE } from '../../api/auth/text-messages';
import { GEOGRAPHIC_AREA_CODES } from '../../runtime/area-codes';
import { knownAreaCodes } from '../../sandbox/twilio/area-codes';

/**
 * Every test file's sandbox offers the same 40 numbers per area code, and phone numbers are
 * unique in the run's one database: test files running side by side must buy in area codes
 * no other file uses. Each code a file claims is a file in the run's claims directory
 * (made by global setup, named by this variable), created with O_EXCL, so two jest
 * workers can never both get one.
 */
export const AREA_CODE_CLAIMS_DIR = 'TEST_AREA_CODE_CLAIMS_DIR';

/**
 * Codes a free claim never hands out: those the sandbox knows a city for (left to the tests
 * that need a code's geography and claim it by name), and the one Kestrel buys its own
 * text-message sender in.
 */
const CLAIMED_BY_NAME_ONLY = new Set([...knownAreaCodes.map((a) => a.code), SANDBOX_SENDER_AREA_CODE]);

export interface AreaCodeClaims {
  /** `code` if no test file of the run has it (else it throws), or without `code` the next free one. */
  claim(code?: string): string;
}

/** Claims in `dir`, each file saying who holds it (`claimant`: the test file, by default). */
export function areaCodeClaims(dir: string, claimant = currentTestFile()): AreaCodeClaims {
  const tryClaim = (code: string): boolean => {
    let fd: number;
    try {
      fd = openSync(path.join(dir, code), 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
    try {
      writeSync(fd, claimant);
    } finally {
      closeSync(fd);
    }
    return true;
  };

  return {
    claim(code?: string): string {
      if (code !== undefined) {
        if (!/^[2-9]\d\d$/.test(code)) throw new Error(`${code} is not a North American area code`);
        if (!tryClaim(code)) throw new Error(`area code ${code} is already claimed by ${holder(dir, code)}`);
        return code;
      }
      for (const free of GEOGRAPHIC_AREA_CODES) {
        if (!CLAIMED_BY_NAME_ONLY.has(free) && tryClaim(free)) return free;
      }
      throw new Error(`every area code is claimed (see ${dir})`);
    },
  };
}

/**
 * An area code for this test file alone in the run: `code` when the test needs that
 * code's geography (throws if another file has it), else the next free one.
 */
export function claimAreaCode(code?: string): string {
  const dir = process.env[AREA_CODE_CLAIMS_DIR];
  if (!dir) throw new Error(`${AREA_CODE_CLAIMS_DIR} is not set: test/global-setup.ts makes the run's claims directory`);
  return areaCodeClaims(dir).claim(code);
}

function holder(dir: string, code: string): string {
  try {
    return readFileSync(path.join(dir, code), 'utf8') || 'another claim';
  } catch {
    return 'another claim';
  }
}

function currentTestFile(): string {
  const testPath = (globalThis as { expect?: { getState(): { testPath?: string } } }).expect?.getState().testPath;
  return testPath ? path.relative(process.cwd(), testPath) : `process ${process.pid}`;
}
