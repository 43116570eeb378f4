// Python: django-cors-headers (settings), flask-cors (an extension on the app) and Starlette's
// CORSMiddleware (FastAPI). Each one's ordering rule is in the snippet: CorsMiddleware before
// CommonMiddleware, CORS(app) before any before_request auth hook, CORSMiddleware added last.
import { list, py, regexLiteral } from './quote.ts';
import { anyOrigin, dir, expose, has, routeOf, type CorsRequirements } from './requirements.ts';

/** The route as a Python regular expression literal: `^/items/.*$` or `^/api/search$`. */
function routeRegex(r: CorsRequirements): string {
  const route = routeOf(r.path);
  return py(route.pinned ? `^${regexLiteral(dir(route.prefix))}.*$` : `^${regexLiteral(r.path)}$`);
}

const bool = (b: boolean): string => (b ? 'True' : 'False');

/** django-cors-headers in settings.py. */
export function djangoSnippet(r: CorsRequirements): string {
  const out = [
    '# settings.py (pip install django-cors-headers)',
    'INSTALLED_APPS = [',
    '    # ... your apps',
    '    "corsheaders",',
    ']',
    '',
    '# CorsMiddleware as high as possible: before CommonMiddleware and before any authentication middleware.',
    'MIDDLEWARE = [',
    '    "corsheaders.middleware.CorsMiddleware",',
    '    "django.middleware.common.CommonMiddleware",',
    '    # ... the rest, in their order',
    ']',
    '',
  ];
  out.push(anyOrigin(r) ? 'CORS_ALLOW_ALL_ORIGINS = True' : `CORS_ALLOWED_ORIGINS = [${py(r.origin)}]`);
  if (r.credentials) out.push('CORS_ALLOW_CREDENTIALS = True');
  if (r.preflight) {
    out.push('from corsheaders.defaults import default_headers, default_methods');
    out.push(`CORS_ALLOW_METHODS = (*default_methods, ${list(r.methods, py)})`);
    out.push(`CORS_ALLOW_HEADERS = (*default_headers, ${list(r.headers, py)})`);
    out.push(`CORS_PREFLIGHT_MAX_AGE = ${r.maxAge}`);
  }
  if (expose(r).length > 0) out.push(`CORS_EXPOSE_HEADERS = [${list(expose(r), py)}]`);
  out.push(`CORS_URLS_REGEX = ${routeRegex(r)}`);
  return out.join('\n');
}

/** flask-cors on the app, scoped to the route. */
export function flaskSnippet(r: CorsRequirements): string {
  const opts = [`        "origins": [${py(r.origin)}],`];
  if (r.preflight) {
    opts.push(`        "methods": [${list(r.methods, py)}],`, `        "allow_headers": [${list(r.headers, py)}],`, `        "max_age": ${r.maxAge},`);
  }
  if (expose(r).length > 0) opts.push(`        "expose_headers": [${list(expose(r), py)}],`);
  opts.push(`        "supports_credentials": ${bool(r.credentials)},`, '        "vary_header": True,');
  return [
    '# app.py (pip install flask-cors), right after app = Flask(__name__)',
    'from flask_cors import CORS',
    '',
    'CORS(app, resources={',
    `    ${routeRegex(r)}: {`,
    ...opts,
    '    },',
    '})',
    '',
    has(r, 'preflight-auth') ? '# The preflight was refused by authentication: let OPTIONS through your before_request check.' : '# If a before_request hook authenticates, let the preflight through it:',
    '# if request.method == "OPTIONS": return None',
  ].join('\n');
}

/** FastAPI / Starlette CORSMiddleware: the last middleware added is the outermost, so it runs first. */
export function fastapiSnippet(r: CorsRequirements): string {
  const out = [
    '# main.py: add CORSMiddleware after every other add_middleware (the last added runs first, before auth).',
    'from fastapi.middleware.cors import CORSMiddleware',
    '',
    'app.add_middleware(',
    '    CORSMiddleware,',
    `    allow_origins=[${py(r.origin)}],`,
  ];
  if (r.credentials) out.push('    allow_credentials=True,');
  if (r.preflight) out.push(`    allow_methods=[${list(r.methods, py)}],`, `    allow_headers=[${list(r.headers, py)}],`, `    max_age=${r.maxAge},`);
  if (expose(r).length > 0) out.push(`    expose_headers=[${list(expose(r), py)}],`);
  out.push(')');
  if (has(r, 'error-status')) out.push('# An unhandled exception is answered by ServerErrorMiddleware, outside CORSMiddleware, without CORS headers: handle it (@app.exception_handler(Exception)) so the page sees the error.');
  return out.join('\n');
}
