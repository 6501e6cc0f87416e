#!/usr/bin/env bash
# Bench baseline: the hand-written `az` + `curl` pipeline the task replaces, each call one after another with curl.
#
#   baseline.sh first    token ×2, git-credentials list, create/update, repos POST, permissions GET, repos GET
#   baseline.sh steady   token ×2, git-credentials list, create/update, permissions GET, repos PATCH, repos GET
#
# Environment: EMULATOR_URL, CA_FILE, TENANT_ID, CLIENT_ID, CLIENT_SECRET, REPO_URL, REPO_PATH, BRANCH, and for
# `steady` REPO_ID (such pipelines keep the folder's id in a variable, so this baseline does no lookup by path).
# Prints `repo_id=<id> head_commit_id=<sha>`; never a token. Needs bash and curl (Debian package `curl`), no jq.
set -euo pipefail
shopt -s inherit_errexit

scenario=${1:?usage: baseline.sh first|steady}
: "${EMULATOR_URL:?}" "${CA_FILE:?}" "${TENANT_ID:?}" "${CLIENT_ID:?}" "${CLIENT_SECRET:?}"
: "${REPO_URL:?}" "${REPO_PATH:?}" "${BRANCH:?}"

DATABRICKS_SCOPE=2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default
AZURE_DEVOPS_SCOPE=499b84ac-1321-427f-aa17-267ca6975798/.default

# request METHOD URL [curl arguments…]: the answer's body; a status other than 2xx ends the script.
request() {
  local method=$1 url=$2 out status
  shift 2
  out=$(curl --silent --show-error --cacert "$CA_FILE" -X "$method" -w '\n%{http_code}' "$@" "$url")
  status=${out##*$'\n'}
  if [[ $status != 2* ]]; then
    echo "baseline: $method ${url%%\?*} answered HTTP $status: ${out%$'\n'*}" >&2
    return 1
  fi
  printf '%s' "${out%$'\n'*}"
}

# json_string NAME / json_number NAME < body: the first member of that name (no jq: good enough for these answers).
json_string() {
  local body re="\"$1\"[[:space:]]*:[[:space:]]*\"([^\"]*)\""
  body=$(cat)
  [[ $body =~ $re ]] && printf '%s' "${BASH_REMATCH[1]}"
}
json_number() {
  local body re="\"$1\"[[:space:]]*:[[:space:]]*\"?([0-9]+)"
  body=$(cat)
  [[ $body =~ $re ]] && printf '%s' "${BASH_REMATCH[1]}"
}

# One client-credentials token request per scope, like two `az account get-access-token` calls.
token() {
  request POST "$EMULATOR_URL/$TENANT_ID/oauth2/v2.0/token" \
    --data-urlencode grant_type=client_credentials --data-urlencode "client_id=$CLIENT_ID" \
    --data-urlencode "client_secret=$CLIENT_SECRET" --data-urlencode "scope=$1" | json_string access_token
}

databricks() {
  local method=$1 path=$2
  shift 2
  request "$method" "$EMULATOR_URL$path" -H "Authorization: Bearer $DATABRICKS_TOKEN" -H 'Content-Type: application/json' "$@"
}

DATABRICKS_TOKEN=$(token "$DATABRICKS_SCOPE")
AZURE_DEVOPS_TOKEN=$(token "$AZURE_DEVOPS_SCOPE")

# Git credential: list, then update the Azure DevOps one or create it.
credentials=$(databricks GET /api/2.0/git-credentials)
entry_re='\{[^{}]*"git_provider"[[:space:]]*:[[:space:]]*"azureDevOpsServices"[^{}]*\}'
credential_id=''
if [[ $credentials =~ $entry_re ]]; then credential_id=$(json_number credential_id <<<"${BASH_REMATCH[0]}"); fi
credential_body="{\"git_provider\":\"azureDevOpsServices\",\"git_username\":\"pipeline\",\"personal_access_token\":\"$AZURE_DEVOPS_TOKEN\"}"
if [[ -n $credential_id ]]; then
  databricks PATCH "/api/2.0/git-credentials/$credential_id" --data "$credential_body" >/dev/null
else
  databricks POST /api/2.0/git-credentials --data "$credential_body" >/dev/null
fi

case $scenario in
  first)
    repo_id=$(databricks POST /api/2.0/repos \
      --data "{\"url\":\"$REPO_URL\",\"provider\":\"azureDevOpsServices\",\"path\":\"$REPO_PATH\"}" | json_number id)
    databricks GET "/api/2.0/permissions/repos/$repo_id" >/dev/null
    ;;
  steady)
    repo_id=${REPO_ID:?steady needs REPO_ID}
    databricks GET "/api/2.0/permissions/repos/$repo_id" >/dev/null
    databricks PATCH "/api/2.0/repos/$repo_id" --data "{\"branch\":\"$BRANCH\"}" >/dev/null
    ;;
  *)
    echo "baseline: unknown scenario $scenario (first or steady)" >&2
    exit 2
    ;;
esac

head_commit_id=$(databricks GET "/api/2.0/repos/$repo_id" | json_string head_commit_id)
echo "repo_id=$repo_id head_commit_id=$head_commit_id"
