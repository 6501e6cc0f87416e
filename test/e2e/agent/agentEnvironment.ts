// Builds the environment of the task's process the way the agent's Handler.cs does: inputs (with every task.json
// default), service connections, the system connection, public and secret variables, from a clean base environment.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  expandMacros,
  pipelineVariables,
  type AgentDirectories,
  type ProxySpec,
  type VariableSet,
  type VariableValues,
} from './pipelineVariables';
import { agentKnownSecrets } from './masking';

/** A service connection as the job message carries it. */
export interface EndpointSpec {
  /** endpoint GUID: the value of the task's connectedService input */
  id: string;
  /** defaults to the Azure Resource Manager URL */
  url?: string;
  /** e.g. ServicePrincipal, WorkloadIdentityFederation, ManagedServiceIdentity */
  scheme: string;
  /** authorization parameters, e.g. serviceprincipalid, serviceprincipalkey, tenantid, authenticationType, idToken */
  parameters?: Record<string, string>;
  /** endpoint data, e.g. environment, activeDirectoryAuthority, msiclientId */
  data?: Record<string, string>;
}

/** The part of a task.json input the agent uses. */
export interface TaskInputDefinition {
  name: string;
  type: string;
  defaultValue?: string | boolean | number;
}

export interface AgentEnvironmentOptions {
  /** inputs declared in task.json (see readTaskInputs) */
  taskInputs: readonly TaskInputDefinition[];
  dirs: AgentDirectories;
  inputs?: Record<string, string>;
  endpoints?: readonly EndpointSpec[];
  variables?: VariableValues;
  secretVariables?: Record<string, string>;
  systemDebug?: boolean;
  /** file for NODE_EXTRA_CA_CERTS (the agent sets it when configured with a CA certificate) */
  caFile?: string;
  /** the job's OAuth token (System.AccessToken); random when not given */
  systemAccessToken?: string;
  proxy?: ProxySpec;
  /**
   * variables of the agent's own process environment, which the task inherits (e.g. IDENTITY_ENDPOINT and
   * IDENTITY_HEADER on an App Service host, AZURE_POD_IDENTITY_AUTHORITY_HOST); inputs and pipeline variables win
   */
  extraEnvironment?: Record<string, string>;
}

export interface AgentEnvironment {
  /** the whole environment of the task process */
  env: Record<string, string>;
  /** each input's value as the task receives it (defaults merged, macros expanded, file paths rooted) */
  inputs: Record<string, string>;
  /** values the agent masks from the start: secret variables and masked endpoint authorization parameters */
  knownSecrets: string[];
  systemAccessToken: string;
}

const AZURE_RM_URL = 'https://management.azure.com/';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** VarUtil.ConvertToEnvVariableFormat: upper case, `.` and space become `_`. */
export function toEnvName(name: string): string {
  return name.replace(/[. ]/g, '_').toUpperCase();
}

/** The inputs of a task.json, for defaults and filePath translation. */
export function readTaskInputs(taskFolder: string): TaskInputDefinition[] {
  const taskJson = JSON.parse(fs.readFileSync(path.join(taskFolder, 'task.json'), 'utf8')) as {
    inputs?: TaskInputDefinition[];
  };
  return taskJson.inputs ?? [];
}

/**
 * task.json `restrictions.settableVariables.allowed`: the variables the agent lets the task set, or undefined when the
 * task declares no such restriction.
 */
export function readSettableVariables(taskFolder: string): string[] | undefined {
  const taskJson = JSON.parse(fs.readFileSync(path.join(taskFolder, 'task.json'), 'utf8')) as {
    restrictions?: { settableVariables?: { allowed?: string[] } };
  };
  const settable = taskJson.restrictions?.settableVariables;
  return settable ? (settable.allowed ?? []) : undefined;
}

/**
 * Inputs as the agent's TaskRunner hands them over: the step's inputs, every other task.json input at its default
 * (visible or not), trimmed, `$(var)` expanded, and filePath inputs rooted at System.DefaultWorkingDirectory
 * (so an empty one becomes that folder).
 */
export function resolveInputs(
  options: Pick<AgentEnvironmentOptions, 'taskInputs' | 'inputs' | 'dirs'>,
  publicVars: VariableSet,
  secretVars: VariableSet,
): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.inputs ?? {})) inputs[name.trim()] = value.trim();
  for (const definition of options.taskInputs) {
    if (!(definition.name in inputs)) inputs[definition.name] = String(definition.defaultValue ?? '').trim();
  }
  for (const name of Object.keys(inputs)) inputs[name] = expandMacros(inputs[name], publicVars, secretVars);
  const root = publicVars.get('System.DefaultWorkingDirectory') ?? options.dirs.sources;
  for (const definition of options.taskInputs) {
    if (definition.type.toLowerCase() === 'filepath') inputs[definition.name] = path.resolve(root, inputs[definition.name]);
  }
  return inputs;
}

/** ENDPOINT_* variables of one connection; `key` is the GUID in the agent's lower-case form, or SYSTEMVSSCONNECTION. */
export function endpointVariables(endpoint: EndpointSpec, isSystemConnection = false): Record<string, string> {
  const key = isSystemConnection ? 'SYSTEMVSSCONNECTION' : GUID.test(endpoint.id) ? endpoint.id.toLowerCase() : endpoint.id;
  const parameters = endpoint.parameters ?? {};
  const env: Record<string, string> = {
    [`ENDPOINT_URL_${key}`]: endpoint.url ?? AZURE_RM_URL,
    [`ENDPOINT_AUTH_${key}`]: JSON.stringify({ parameters, scheme: endpoint.scheme }),
    [`ENDPOINT_AUTH_SCHEME_${key}`]: endpoint.scheme,
  };
  for (const [name, value] of Object.entries(parameters)) env[`ENDPOINT_AUTH_PARAMETER_${key}_${toEnvName(name)}`] = value;
  // The system connection has no id, and the agent writes endpoint data only for connections with an id.
  if (!isSystemConnection) {
    const data = endpoint.data ?? {};
    env[`ENDPOINT_DATA_${key}`] = JSON.stringify(data);
    for (const [name, value] of Object.entries(data)) env[`ENDPOINT_DATA_${key}_${toEnvName(name)}`] = value;
  }
  return env;
}

/** The system connection (SystemVssConnection): the collection URL and the job's OAuth access token. */
export function systemConnection(collectionUri: string, accessToken: string): EndpointSpec {
  return { id: 'SystemVssConnection', url: collectionUri, scheme: 'OAuth', parameters: { AccessToken: accessToken } };
}

/**
 * The minimal environment every process needs, and nothing else from the test process (no proxy variables, no
 * INPUT_ or SYSTEM_ leftovers). TF_BUILD is set by the agent for every step.
 */
function baseEnvironment(caFile: string | undefined): Record<string, string> {
  const env: Record<string, string> = { TF_BUILD: 'True' };
  for (const name of ['PATH', 'HOME', 'SystemRoot']) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  const extraCa = caFile ?? process.env['NODE_EXTRA_CA_CERTS'];
  if (extraCa) env['NODE_EXTRA_CA_CERTS'] = extraCa;
  return env;
}

function variableEnvironment(publicVars: VariableSet, secretVars: VariableSet): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { name, value } of publicVars.list()) env[toEnvName(name)] = value;
  env['VSTS_PUBLIC_VARIABLES'] = JSON.stringify(publicVars.list().map((variable) => variable.name));
  for (const { name, value } of secretVars.list()) env[`SECRET_${toEnvName(name)}`] = value;
  env['VSTS_SECRET_VARIABLES'] = JSON.stringify(secretVars.list().map((variable) => variable.name));
  return env;
}

/** Everything the agent puts in the environment of a Node task, in Handler.cs order (later keys win). */
export function buildAgentEnvironment(options: AgentEnvironmentOptions): AgentEnvironment {
  const { publicVars, secretVars } = pipelineVariables(options);
  const systemAccessToken = options.systemAccessToken ?? randomBytes(32).toString('base64url');
  const system = systemConnection(publicVars.get('System.CollectionUri') ?? '', systemAccessToken);
  const endpoints = options.endpoints ?? [];
  const inputs = resolveInputs(options, publicVars, secretVars);

  const env = { ...baseEnvironment(options.caFile), ...options.extraEnvironment };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${toEnvName(name)}`] = value;
  Object.assign(env, endpointVariables(system, true));
  for (const endpoint of endpoints) Object.assign(env, endpointVariables(endpoint));
  Object.assign(env, variableEnvironment(publicVars, secretVars));

  const secretValues: Record<string, string> = {};
  for (const { name, value } of secretVars.list()) secretValues[name] = value;
  return { env, inputs, knownSecrets: agentKnownSecrets(secretValues, [system, ...endpoints]), systemAccessToken };
}
