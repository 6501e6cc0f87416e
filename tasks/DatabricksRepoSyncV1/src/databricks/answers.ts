// Checks of Databricks answers for the fields the run uses: a missing or wrongly typed field fails naming the request
// and the field, so `undefined` never reaches a URL, a log line or an output (SPEC §4.4).

import { failureFromIncompleteAnswer } from './failureMessage';
import { isInt64 } from './json';
import type { GitCredentialInfo, ObjectInfo, RepoInfo } from './types';

type Answer = Record<string, unknown>;

/** A commit id: SHA-1, or SHA-256 for repositories that use it. */
const COMMIT = /^[0-9a-f]{40}([0-9a-f]{24})?$/i;
/** An absolute workspace path on one line: it is published as an output variable that later steps use. */
const WORKSPACE_PATH = /^\/[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/;

/** Reads the fields of one answer object; every problem names the operation and the field. */
class AnswerReader {
  constructor(
    private readonly operation: string,
    private readonly answer: Answer,
    /** where the object sits in the answer, e.g. "credentials[2]." */
    private readonly prefix = '',
  ) {}

  /** int64 ids arrive as decimal strings (json.ts); anything else must not be put into a URL. */
  id(field: string): string {
    const value = this.answer[field];
    if (typeof value !== 'string' || !isInt64(value)) throw this.problem(field, 'an id (a decimal integer)', value);
    return value;
  }

  /** A string that must also have a shape: it becomes an output variable or part of one. */
  shaped(field: string, shape: RegExp, expected: string, optional: boolean): string | undefined {
    const value = optional ? this.optionalString(field) : this.string(field);
    if (value !== undefined && value !== '' && !shape.test(value)) throw this.problem(field, expected, 'another string');
    return value || undefined;
  }

  string(field: string): string {
    const value = this.answer[field];
    if (typeof value !== 'string' || value === '') throw this.problem(field, 'a string', value);
    return value;
  }

  optionalString(field: string): string | undefined {
    const value = this.answer[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw this.problem(field, 'a string', value);
    return value;
  }

  optionalBoolean(field: string): boolean | undefined {
    const value = this.answer[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw this.problem(field, 'true or false', value);
    return value;
  }

  optionalObject(field: string): Answer | undefined {
    const value = this.answer[field];
    if (value === undefined || value === null) return undefined;
    if (!isObject(value)) throw this.problem(field, 'an object', value);
    return value;
  }

  optionalArray(field: string): unknown[] | undefined {
    const value = this.answer[field];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw this.problem(field, 'a list', value);
    return value;
  }

  private problem(field: string, expected: string, found: unknown): Error {
    return failureFromIncompleteAnswer(this.operation, `${this.prefix}${field}`, expected, found === undefined ? 'missing' : typeof found);
  }
}

function isObject(value: unknown): value is Answer {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function reader(operation: string, answer: unknown, prefix = ''): AnswerReader {
  if (!isObject(answer)) throw failureFromIncompleteAnswer(operation, prefix || 'the answer', 'a JSON object', Array.isArray(answer) ? 'a list' : typeof answer);
  return new AnswerReader(operation, answer, prefix);
}

function sparseCheckout(read: AnswerReader, operation: string): RepoInfo['sparse_checkout'] {
  const sparse = read.optionalObject('sparse_checkout');
  if (!sparse) return undefined;
  const patterns = reader(operation, sparse, 'sparse_checkout.').optionalArray('patterns') ?? [];
  if (patterns.some((pattern) => typeof pattern !== 'string')) {
    throw failureFromIncompleteAnswer(operation, 'sparse_checkout.patterns', 'a list of strings', 'another list');
  }
  return { patterns: patterns as string[] };
}

/** A Git folder as GET /repos/{id} and POST /repos answer it. */
export function readRepoInfo(operation: string, answer: unknown): RepoInfo {
  const read = reader(operation, answer);
  const id = read.id('id');
  const path = read.shaped('path', WORKSPACE_PATH, 'an absolute workspace path', false) as string;
  const repo: RepoInfo = { id, path, url: read.string('url'), provider: read.string('provider') };
  const branch = read.optionalString('branch');
  const head = read.shaped('head_commit_id', COMMIT, 'a commit id (40 or 64 hex digits)', true);
  const sparse = sparseCheckout(read, operation);
  if (branch) repo.branch = branch;
  if (head) repo.head_commit_id = head;
  if (sparse) repo.sparse_checkout = sparse;
  return repo;
}

/** The answer of a check-out PATCH: `{}` on most workspaces, the whole folder on some; only its head is used. */
export function readUpdateAnswer(operation: string, answer: unknown): Partial<RepoInfo> {
  const head = reader(operation, answer).shaped('head_commit_id', COMMIT, 'a commit id (40 or 64 hex digits)', true);
  return head ? { head_commit_id: head } : {};
}

/** What get-status says is at a path. */
export function readObjectInfo(operation: string, answer: unknown): ObjectInfo {
  const read = reader(operation, answer);
  const info: ObjectInfo = { object_id: read.id('object_id'), object_type: read.string('object_type'), path: read.optionalString('path') ?? '' };
  const directory = read.optionalObject('directory_info');
  if (directory) {
    const isGitFolder = reader(operation, directory, 'directory_info.').optionalBoolean('is_git_folder');
    info.directory_info = isGitFolder === undefined ? {} : { is_git_folder: isGitFolder };
  }
  return info;
}

/** One Git credential of a list or create answer. */
export function readCredentialInfo(operation: string, answer: unknown, prefix = ''): GitCredentialInfo {
  const read = reader(operation, answer, prefix);
  const credential: GitCredentialInfo = { credential_id: read.id('credential_id'), git_provider: read.string('git_provider') };
  const name = read.optionalString('name');
  const isDefault = read.optionalBoolean('is_default_for_provider');
  if (name !== undefined) credential.name = name;
  if (isDefault !== undefined) credential.is_default_for_provider = isDefault;
  return credential;
}

/** The credentials of GET /git-credentials; an answer without the list means none. */
export function readCredentialList(operation: string, answer: unknown): GitCredentialInfo[] {
  const list = reader(operation, answer).optionalArray('credentials') ?? [];
  return list.map((item, index) => readCredentialInfo(operation, item, `credentials[${index}].`));
}
