// The failures of the repo-sync module that are not HTTP errors, each with a message that says what to fix.

import { neutralise } from '../log';

/** A sync failure the pipeline user can act on; index.ts prints its message as the one error line. */
export class SyncError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncError';
  }
}

/** One way an existing Git folder differs from the request, with both values for the message. */
export interface FolderMismatch {
  what: 'URL' | 'provider' | 'sparse checkout';
  found: string;
  wanted: string;
}

export function notAGitFolder(path: string, found: string): SyncError {
  return new SyncError(
    `The workspace path ${neutralise(path)} holds ${neutralise(found)}, not a Git folder. ` +
      'Nothing was changed. Choose another repoPath, or move or delete what is there.',
  );
}

export function folderMissing(path: string): SyncError {
  return new SyncError(
    `There is no Git folder at ${neutralise(path)} and createIfMissing is false. ` +
      'Create the Git folder first, or set createIfMissing: true.',
  );
}

/** "URL is <found> but the task asks for <wanted>; …", neutralised, for the error and for the recreate log line. */
export function mismatchText(mismatches: FolderMismatch[]): string {
  return mismatches
    .map((m) => `${m.what} is ${neutralise(m.found)} but the task asks for ${neutralise(m.wanted)}`)
    .join('; ');
}

export function folderMismatch(path: string, mismatches: FolderMismatch[]): SyncError {
  return new SyncError(
    `The Git folder at ${neutralise(path)} does not match: ${mismatchText(mismatches)}. ` +
      'Set onMismatch: recreate to delete and create it again (uncommitted work in it is lost), or fix repoUrl, ' +
      'gitProvider, sparseCheckoutPatterns or repoPath.',
  );
}

export function unexpectedCommit(head: string, expected: string): SyncError {
  return new SyncError(
    `The Git folder is at commit ${neutralise(head || '(none)')} but expectedCommit is ${neutralise(expected)}. ` +
      'The branch may have moved on since the pipeline started, or the commit is not on the checked-out branch or tag.',
  );
}

export function folderVanished(path: string, repoId: string): SyncError {
  return new SyncError(
    `The Git folder ${neutralise(repoId)} at ${neutralise(path)} disappeared during the sync ` +
      '(deleted by someone else or a concurrent run). Run the task again.',
  );
}

export function credentialTokenMissing(mode: string): SyncError {
  return new SyncError(`gitCredential ${mode} needs a token, but none was given to the sync.`);
}
