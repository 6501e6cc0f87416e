// Azure DevOps' pipeline OIDC endpoint: POST …/_apis/distributedtask/hubs/<hub>/plans/<plan>/jobs/<job>/oidctoken
// under /ado/<org>/<projectId>, for both System.OidcRequestUri (api-version 7.1) and the collection-URI form
// (7.1-preview.1). Authorised by the job's System.AccessToken; answers an ID token for a service connection.

import { headerValue, bearerToken, type Reply, type RequestContext, type Route } from './route';

const API_VERSIONS = new Set(['7.1', '7.1-preview.1', '7.2-preview.1']);

/** Azure DevOps' error shape. */
function adoError(status: number, typeKey: string, message: string): Reply {
  return {
    status,
    body: {
      $id: '1',
      innerException: null,
      message,
      typeName: `Microsoft.TeamFoundation.DistributedTask.WebApi.${typeKey}, Microsoft.TeamFoundation.DistributedTask.WebApi`,
      typeKey,
      errorCode: 0,
      eventId: 3000,
    },
  };
}

function oidcToken(context: RequestContext): Reply {
  const { azureDevOps, settings, tokens } = context.state;
  const organization = azureDevOps.find(context.params.organization);
  if (organization === undefined) {
    return adoError(404, 'OrganizationNotFoundException', `The organization '${context.params.organization}' could not be found.`);
  }
  const token = bearerToken(context.headers);
  if (token === undefined || !organization.systemAccessTokens.has(token)) {
    return adoError(401, 'UnauthorizedRequestException', "TF400813: The user '' is not authorized to access this resource.");
  }
  const apiVersion = context.query.get('api-version') ?? '';
  if (!API_VERSIONS.has(apiVersion)) {
    return adoError(400, 'VssVersionOutOfRangeException', `The requested REST API version of ${apiVersion || '(none)'} is not supported by this endpoint; use 7.1 or 7.1-preview.1.`);
  }
  // Clients send `{}` as JSON, or (issue 9, not checked against a named client) nothing at all without a content type
  // (Content-Length: 0); a body in another format is refused (the 415 text is a best guess).
  if (context.rawBody !== '' && !(headerValue(context.headers, 'content-type') ?? '').includes('application/json')) {
    return adoError(415, 'VssRequestContentTypeNotSupportedException', 'The request content type must be application/json.');
  }
  const project = organization.projects.get(context.params.projectId.toLowerCase());
  if (project === undefined) {
    return adoError(404, 'ProjectDoesNotExistException', `TF200016: The following project does not exist: ${context.params.projectId}.`);
  }
  const connectionId = context.query.get('serviceConnectionId') ?? '';
  const connection = organization.serviceConnections.get(connectionId.toLowerCase());
  if (connection === undefined || connection.projectId.toLowerCase() !== project.id.toLowerCase()) {
    return adoError(404, 'ServiceEndpointNotFoundException', `Service connection '${connectionId}' was not found in project '${project.name}'.`);
  }
  const issued = tokens.issueOidcToken({
    issuer: azureDevOps.oidcIssuer(organization.name),
    subject: azureDevOps.serviceConnectionSubject(organization.name, connection.id),
    lifetimeSeconds: settings.oidcTokenLifetimeSeconds,
    claims: {
      tid: organization.tenantId,
      ado_org_id: organization.id,
      ado_project_id: project.id,
      ado_plan_id: context.params.planId,
      ado_job_id: context.params.jobId,
    },
  });
  return { status: 200, body: { oidcToken: issued.token } };
}

export const azureDevOpsRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/ado/{organization}/{projectId}/_apis/distributedtask/hubs/{hub}/plans/{planId}/jobs/{jobId}/oidctoken',
    service: 'ado',
    handle: oidcToken,
  },
];
