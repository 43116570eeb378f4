// Every table row, for the table test and for the catalogue/placeholder meta-tests.
import type { Case } from '../helpers.ts';
import { classificationCases } from './classification.ts';
import { gapCases } from './gaps.ts';
import { outcomeCases } from './outcome.ts';
import { pageWitnessCases } from './page-witness.ts';
import { preflightNeedCases } from './preflight-need.ts';
import { preflightCases } from './preflight.ts';
import { redirectCases, redirectPreflightCases } from './redirects.ts';
import { responseCases } from './response.ts';
import { truncationCases } from './truncation.ts';

export const tables: Readonly<Record<string, readonly Case[]>> = {
  classification: classificationCases,
  'preflight need': preflightNeedCases,
  preflight: preflightCases,
  response: responseCases,
  redirects: redirectCases,
  'redirects of preflighted requests': redirectPreflightCases,
  outcome: outcomeCases,
  'values cut by the capture': truncationCases,
  'capture gaps and cancelled requests': gapCases,
  'what the page witness saw': pageWitnessCases,
};

export const allCases: readonly Case[] = Object.values(tables).flat();
