// The outside OpenAPI fuzz run (scripts/fuzz-openapi.sh starts the app and calls this): Portman turns /openapi/v1.json into a
// Postman collection (one request per operation plus its fuzzing variations: required fields removed, numbers past their
// bounds, strings past their lengths), Newman sends it once per role, and every answer is judged against the document:
// no 5xx, only documented statuses, refusals as application/problem+json, JSON bodies that match the documented schema.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const newman = require('newman');
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

const base = process.env.FUZZ_BASE_URL ?? 'http://127.0.0.1:5097';
const out = process.env.FUZZ_OUT ?? path.resolve('fuzz-results');
const password = process.env.FUZZ_PASSWORD ?? 'Demo-Password-2027';
const here = path.dirname(new URL(import.meta.url).pathname);
const portmanBin = path.join(here, 'node_modules', '.bin', 'portman');
const roles = [
  ['anonymous', null],
  ['juror', 'jury1@demo.callmanager.test'],
  ['applicant', 'claire@demo.callmanager.test'],
  ['administrator', 'admin@demo.callmanager.test'],
];
fs.mkdirSync(out, { recursive: true });

/** Signs in with the cookie and fetches the antiforgery token, as a same-origin client does. */
async function signIn(email) {
  const cookies = new Map();
  const keep = (response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const login = await fetch(`${base}/api/auth/login?useCookies=true`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`sign-in of ${email} answered ${login.status}: ${await login.text()}`);
  keep(login);
  const antiforgery = await fetch(`${base}/api/auth/antiforgery`, { headers: { cookie: header() } });
  if (!antiforgery.ok) throw new Error(`antiforgery token for ${email} answered ${antiforgery.status}`);
  keep(antiforgery);
  const { headerName, token } = await antiforgery.json();
  return { cookie: header(), headerName, token };
}

async function getJson(url, auth) {
  const response = await fetch(`${base}${url}`, { headers: auth ? { cookie: auth.cookie } : {} });
  return response.ok ? response.json() : null;
}

const document = await (await fetch(`${base}/openapi/v1.json`)).json();
fs.writeFileSync(path.join(out, 'openapi.json'), JSON.stringify(document, null, 2));
const sessions = {};
for (const [role, email] of roles) sessions[role] = email ? await signIn(email) : null; // all before any fuzzing (the sign-in limit)

// Ids that exist, so the requests reach the handlers and not only the 404 of an unknown id.
const firstId = (list) => (Array.isArray(list) ? list : list?.items ?? [])[0]?.id;
const callId = firstId(await getJson('/api/calls', sessions.administrator));
const applicationId = firstId(await getJson('/api/applications', sessions.applicant));
const organisationId = firstId(await getJson('/api/organisations', sessions.applicant));
const grantId = firstId(await getJson('/api/grants', sessions.administrator));
const known = { calls: callId, applications: applicationId, organisations: organisationId, grants: grantId, callId, applicationId, organisationId, grantId };
console.log(`known ids: ${JSON.stringify(known)}`);

const operations = [];
for (const [template, item] of Object.entries(document.paths))
  for (const [method, operation] of Object.entries(item))
    if (['get', 'put', 'post', 'delete', 'patch'].includes(method))
      operations.push({ method: method.toUpperCase(), template, operation,
        pattern: new RegExp('^' + template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+') + '$') });

// Path variables: a known id by the segment before it ("applications/{id}") or by its name.
const overwrites = operations.map(({ method, template }) => {
  const segments = template.split('/');
  const variables = segments.map((s, i) => [s, segments[i - 1]]).filter(([s]) => s.startsWith('{'))
    .map(([s, before]) => [s.slice(1, -1), s === '{id}' ? known[before] : known[s.slice(1, -1)]])
    .filter(([, value]) => value)
    .map(([key, value]) => ({ key, value: String(value), overwrite: true }));
  return variables.length ? { openApiOperation: `${method}::${template}`, overwriteRequestPathVariables: variables } : null;
}).filter(Boolean);

const enabled = { enabled: true };
const fuzz = { requiredFields: enabled, minimumNumberFields: enabled, maximumNumberFields: enabled, minLengthFields: enabled, maxLengthFields: enabled };
const portmanConfig = {
  version: 1.0,
  tests: {
    contractTests: [], // the contract is judged below, per answered status, rather than against the first success only
    variationTests: [{
      openApiOperation: '*::/*', openApiResponse: '400',
      variations: [{ name: 'Fuzz', fuzzing: [{ requestBody: [fuzz], requestQueryParams: [fuzz], requestHeaders: [fuzz] }], tests: { contractTests: [] } }],
    }],
  },
  overwrites,
  globals: {
    collectionPreRequestScripts: [
      "const cookie = pm.collectionVariables.get('fuzzCookie'); if (cookie) pm.request.headers.upsert({ key: 'Cookie', value: cookie });",
      "const token = pm.collectionVariables.get('fuzzToken'); if (token) pm.request.headers.upsert({ key: pm.collectionVariables.get('fuzzTokenHeader'), value: token });",
    ],
  },
};
fs.writeFileSync(path.join(out, 'portman-config.json'), JSON.stringify(portmanConfig, null, 2));
const postmanConfig = { folderStrategy: 'Tags', parametersResolution: 'Example', requestParametersResolution: 'Example', exampleParametersResolution: 'Example', keepImplicitHeaders: true, enableOptionalParameters: true };
fs.writeFileSync(path.join(out, 'postman-config.json'), JSON.stringify(postmanConfig, null, 2));

const { execFileSync } = await import('node:child_process');
execFileSync(portmanBin, ['-l', path.join(out, 'openapi.json'), '-b', base, '-c', path.join(out, 'portman-config.json'), '-s', path.join(out, 'postman-config.json'),
  '-o', path.join(out, 'collection.json'), '--warn', 'false', '--logAssignVariables', 'false'], { cwd: out, stdio: ['ignore', fs.openSync(path.join(out, 'portman.log'), 'w'), 'inherit'] });
const collection = JSON.parse(fs.readFileSync(path.join(out, 'collection.json'), 'utf8'));

// The oracle: OpenAPI 3.1 schemas are JSON Schema 2020-12; $refs resolve against the document's components.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
for (const format of ['int32', 'int64', 'float', 'double', 'binary', 'byte', 'char']) ajv.addFormat(format, true);
const validators = new Map();
function validatorFor(schema) {
  const key = JSON.stringify(schema);
  if (!validators.has(key)) validators.set(key, ajv.compile({ ...schema, components: document.components }));
  return validators.get(key);
}

function judge(method, url, code, contentType, body) {
  const found = operations.find((o) => o.method === method && o.pattern.test(url));
  if (!found) return { operation: `${method} ${url}`, problems: [] }; // outside the document (Portman's own probes): not part of the contract
  const name = `${found.method} ${found.template}`;
  const snippet = body.length > 300 ? `${body.slice(0, 300)}…` : body;
  if (code >= 500) return { operation: name, problems: [['5xx', `${code}: ${snippet}`]] };
  const documented = found.operation.responses?.[String(code)] ?? found.operation.responses?.default;
  if (!documented) return { operation: name, problems: [['undocumented', `${code} is not documented: ${snippet}`]] };
  const mediaType = (contentType ?? '').split(';')[0].trim();
  if (code >= 400 && body.length > 0 && mediaType !== 'application/problem+json')
    return { operation: name, problems: [['schema', `${code} answered as ${mediaType || 'no content type'}, not application/problem+json`]] };
  if (body.length === 0 || !mediaType.includes('json')) return { operation: name, problems: [] };
  const content = documented.content?.[mediaType] ?? documented.content?.['application/json'];
  if (!content) return { operation: name, problems: documented.content ? [] : [['schema', `${code} has a ${mediaType} body the document does not describe: ${snippet}`]] };
  if (!content.schema) return { operation: name, problems: [] };
  let parsed;
  try { parsed = JSON.parse(body); } catch { return { operation: name, problems: [['schema', `${code} body is not JSON: ${snippet}`]] }; }
  const validate = validatorFor(content.schema);
  return validate(parsed) ? { operation: name, problems: [] }
    : { operation: name, problems: [['schema', `${code} body: ${ajv.errorsText(validate.errors, { separator: '; ' }).slice(0, 400)}`]] };
}

const totals = { requests: 0, '5xx': 0, undocumented: 0, schema: 0 };
const reached = new Set();
const statuses = {};
const findings = [];
for (const [role] of roles) {
  const session = sessions[role];
  const variables = [
    { key: 'fuzzCookie', value: session?.cookie ?? '' },
    { key: 'fuzzToken', value: session?.token ?? '' },
    { key: 'fuzzTokenHeader', value: session?.headerName ?? 'X-CSRF-Token' },
  ];
  const run = JSON.parse(JSON.stringify(collection));
  run.variable = [...(run.variable ?? []).filter((v) => !variables.some((w) => w.key === v.key)), ...variables];
  const summary = await new Promise((resolve, reject) => newman.run({
    collection: run, reporters: [], timeoutRequest: 30000, insecure: true, ignoreRedirects: true,
  }, (error, result) => (error ? reject(error) : resolve(result))));
  let count = 0;
  for (const execution of summary.run.executions) {
    const { request, response } = execution;
    if (!response) { findings.push({ role, operation: execution.item.name, kind: '5xx', detail: `no answer: ${execution.requestError?.message}` }); totals['5xx']++; continue; }
    count++;
    statuses[response.code] = (statuses[response.code] ?? 0) + 1;
    const url = request.url.getPath();
    const verdict = judge(request.method, url, response.code, response.headers.get('content-type'), response.stream ? response.stream.toString('utf8') : '');
    reached.add(verdict.operation);
    for (const [kind, detail] of verdict.problems) { totals[kind]++; findings.push({ role, operation: verdict.operation, request: execution.item.name, kind, detail }); }
  }
  totals.requests += count;
  console.log(`${role}: ${count} requests`);
}

const documentedOperations = operations.length;
const reachedOperations = operations.filter((o) => reached.has(`${o.method} ${o.template}`)).length;
fs.writeFileSync(path.join(out, 'findings.json'), JSON.stringify({ totals, statuses, documentedOperations, reachedOperations, findings }, null, 2));
for (const f of findings.slice(0, 60)) console.log(`  [${f.kind}] ${f.operation} as ${f.role} (${f.request}): ${f.detail}`);
if (findings.length > 60) console.log(`  … ${findings.length - 60} more in ${path.join(out, 'findings.json')}`);
const version = (name) => JSON.parse(fs.readFileSync(path.join(here, 'node_modules', name, 'package.json'), 'utf8')).version;
console.log(`tool: @apideck/portman ${version('@apideck/portman')}, newman ${version('newman')}`);
console.log(`operations: ${documentedOperations} documented, ${reachedOperations} reached; requests: ${totals.requests} (4 roles)`);
console.log(`statuses answered: ${Object.entries(statuses).map(([code, n]) => `${code}×${n}`).join(', ')}`);
console.log(`5xx: ${totals['5xx']}, undocumented statuses: ${totals.undocumented}, schema mismatches: ${totals.schema}`);
process.exit(findings.length === 0 ? 0 : 1);
