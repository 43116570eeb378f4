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
  // flask-cors only adds headers: the preflight is answered by Flask's automatic OPTIONS, which a
  // view without it (provide_automatic_options=False, a 404) does not have.
  const noRoute =
    r.preflight && has(r, 'preflight-no-route')
      ? [
          '# The preflight found no OPTIONS route: answer it before the routes (flask-cors adds its headers).',
          'from flask import request',
          '',
          '',
          '@app.before_request',
          'def cors_preflight():',
          '    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:',
          '        return app.make_default_options_response()',
          '',
        ]
      : [];
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
    ...noRoute,
    has(r, 'preflight-auth')
      ? '# The preflight was refused by authentication: let OPTIONS through your before_request check.'
      : '# If a before_request hook authenticates, let the preflight through it:',
    '# if request.method == "OPTIONS": return None',
  ].join('\n');
}

/** FastAPI / Starlette CORSMiddleware: the last middleware added is the outermost, so it runs first. */
export function fastapiSnippet(r: CorsRequirements): string {
  // Starlette hands an unhandled exception (and any @app.exception_handler(Exception)) to
  // ServerErrorMiddleware, outside CORSMiddleware: its 500 has no CORS headers. A middleware
  // added before CORSMiddleware runs inside it and can turn the exception into a 500 that gets them.
  const errors = has(r, 'error-status')
    ? [
        '# An unhandled exception is answered by ServerErrorMiddleware, outside CORSMiddleware, without CORS',
        '# headers (@app.exception_handler(Exception) too): this middleware, added before CORSMiddleware, runs',
        '# inside it and answers the 500 itself, so the page can read the error.',
        'import logging',
        '',
        'from fastapi import Request',
        'from fastapi.responses import JSONResponse',
        '',
        '',
        '@app.middleware("http")',
        'async def errors_inside_cors(request: Request, call_next):',
        '    try:',
        '        return await call_next(request)',
        '    except Exception:',
        '        logging.getLogger("uvicorn.error").exception("unhandled error")',
        '        return JSONResponse({"detail": "Internal Server Error"}, status_code=500)',
        '',
        '',
      ]
    : [];
  const out = [
    '# main.py: add CORSMiddleware after every other add_middleware (the last added runs first, before auth).',
    'from fastapi.middleware.cors import CORSMiddleware',
    '',
    ...errors,
    'app.add_middleware(',
    '    CORSMiddleware,',
    `    allow_origins=[${py(r.origin)}],`,
  ];
  if (r.credentials) out.push('    allow_credentials=True,');
  if (r.preflight) out.push(`    allow_methods=[${list(r.methods, py)}],`, `    allow_headers=[${list(r.headers, py)}],`, `    max_age=${r.maxAge},`);
  if (expose(r).length > 0) out.push(`    expose_headers=[${list(expose(r), py)}],`);
  out.push(')');
  return out.join('\n');
}
