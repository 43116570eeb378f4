// Django (django-cors-headers), Flask (flask-cors) and FastAPI (Starlette's CORSMiddleware) with
// Debian's Python and packages (/usr/bin/python3). Flask and FastAPI: one process, each case an
// app of its own in its own module (the snippet verbatim where it says), served under its prefix.
// Django's settings are the process's, so each case is a process of its own (started together).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { code, starting, type HostCase, type StartHost } from './host.ts';
import { binary, listenLine, start } from './process.ts';

const PY = (): string => binary("Debian's Python 3", ['/usr/bin/python3'], 'apt-get install python3');

const pyValue = (v: unknown): string =>
  JSON.stringify(v)
    .replace(/\btrue\b/g, 'True')
    .replace(/\bfalse\b/g, 'False');
const mod = (c: HostCase): string => c.prefix.replace('/', '');

/** Imports a module of a Debian package, or exits naming the package. */
const need = (modules: Readonly<Record<string, string>>): string => `import importlib, sys
for _m, _pkg in ${JSON.stringify(Object.entries(modules))}:
    try:
        importlib.import_module(_m)
    except ImportError as e:
        sys.exit(f"{e}: install Debian's {_pkg} (.ci/run installs it)")
`;

/** Serves a WSGI app (threads: Chromium may hold a connection open while it opens another). */
const WSGI_SERVE = `
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True

class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass

def serve(app):
    httpd = make_server("127.0.0.1", 0, app, server_class=_Server, handler_class=_Quiet)
    print("LISTEN", httpd.server_port, flush=True)
    httpd.serve_forever()
`;

/** Routes each request to the app of its path's prefix (the path passed on whole: the snippets match it). */
const DISPATCH = `
import re
_PREFIX = re.compile(r"^/s[0-9]+(?=/)")

def _case(path):
    m = _PREFIX.match(path)
    return APPS.get(m.group(0)) if m else None
`;

// ---- Django: settings.py = the snippet, then "the rest" of MIDDLEWARE (the auth layer).
const DJANGO_APP = `from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import re_path


class Auth:
    """The auth layer: 401 without X-Token (the preflight has none)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.FARM["auth"] and "HTTP_X_TOKEN" not in request.META:
            return HttpResponse("no token", status=401)
        return self.get_response(request)


def route(request):
    cfg = settings.FARM
    if request.method != cfg["method"]:
        return HttpResponse("no route", status=404)
    if cfg["fails"]:
        raise RuntimeError("the route failed")
    response = JsonResponse({"ok": True})
    if cfg["expose"]:
        response["X-Total-Count"] = "42"
    return response


urlpatterns = [re_path(r"^.*$", route)]
`;

const djangoSettings = (c: HostCase): string => `SECRET_KEY = "farm"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "farm_app"
USE_TZ = True
FARM = ${pyValue(c.app)}

${code(c, 'django')}

# The rest of MIDDLEWARE, in its order: the auth layer.
MIDDLEWARE += ["farm_app.Auth"]
`;

const DJANGO_SERVE = `${need({ django: 'python3-django', corsheaders: 'python3-django-cors-headers' })}
import os
os.environ["DJANGO_SETTINGS_MODULE"] = sys.argv[1]
from django.core.wsgi import get_wsgi_application
${WSGI_SERVE}
serve(get_wsgi_application())
`;

export const djangoHost: StartHost = (cases, dir) =>
  starting(async (started) => {
    const py = PY();
    const root = join(dir, 'django');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'farm_app.py'), DJANGO_APP);
    writeFileSync(join(root, 'serve.py'), DJANGO_SERVE);
    const procs = cases.map((c) => {
      writeFileSync(join(root, `settings_${mod(c)}.py`), djangoSettings(c));
      const p = start(py, ['serve.py', `settings_${mod(c)}`], { cwd: root });
      started.push(p);
      return [c.prefix, p] as const;
    });
    const ports = new Map<string, number>();
    for (const [prefix, p] of procs) ports.set(prefix, await listenLine(`Django (${prefix})`, p));
    return (prefix) => `http://127.0.0.1:${ports.get(prefix)}`;
  });

/** A one-server stack's module of one case (oneServer below): `<stack>_<case>`. */
const caseModule = (stack: string, c: HostCase): string => `${stack}_${mod(c)}`;

/** serve.py's imports of every case's module, and APPS: each case's prefix to its module's app. */
const caseApps = (stack: string, cases: readonly HostCase[]): string => `${cases.map((c) => `import ${caseModule(stack, c)}`).join('\n')}
APPS = {${cases.map((c) => `"${c.prefix}": ${caseModule(stack, c)}.app`).join(', ')}}`;

/**
 * A stack all of whose cases one `serve.py` serves: each case's app is the module
 * `<stack>_<case>.py` in the folder `<stack>`, and `serve` prints the port it listens on.
 */
const oneServer =
  (stack: string, name: string, app: (c: HostCase) => string, serve: (cases: readonly HostCase[]) => string): StartHost =>
  (cases, dir) =>
    starting(async (started) => {
      const py = PY();
      const root = join(dir, stack);
      mkdirSync(root, { recursive: true });
      for (const c of cases) writeFileSync(join(root, `${caseModule(stack, c)}.py`), app(c));
      writeFileSync(join(root, 'serve.py'), serve(cases));
      const p = start(py, ['serve.py'], { cwd: root });
      started.push(p);
      const port = await listenLine(name, p);
      return () => `http://127.0.0.1:${port}`;
    });

// ---- Flask: the snippet right after app = Flask(__name__); the auth hook lets OPTIONS through, as the snippet says.
const flaskApp = (c: HostCase): string => `from flask import Flask, jsonify, request

cfg = ${pyValue(c.app)}
app = Flask(__name__)
${code(c, 'flask')}


@app.before_request
def auth():
    if request.method == "OPTIONS":
        return None
    if cfg["auth"] and "X-Token" not in request.headers:
        return "no token", 401


# Only the route's method; Flask answers OPTIONS itself unless this is the app without an OPTIONS route.
@app.route("/<path:p>", methods=[cfg["method"]], provide_automatic_options=False if cfg["noOptions"] else None)
def route(p):
    if cfg["fails"]:
        raise RuntimeError("the route failed")
    response = jsonify(ok=True)
    if cfg["expose"]:
        response.headers["X-Total-Count"] = "42"
    return response
`;

const flaskServe = (cases: readonly HostCase[]): string => `${need({ flask: 'python3-flask', flask_cors: 'python3-flask-cors' })}
${caseApps('flask', cases)}
${DISPATCH}

def dispatch(environ, start_response):
    app = _case(environ.get("PATH_INFO", ""))
    if app is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"no case"]
    return app(environ, start_response)
${WSGI_SERVE}
serve(dispatch)
`;

export const flaskHost = oneServer('flask', 'Flask', flaskApp, flaskServe);

// ---- FastAPI: the auth layer is a middleware added first; the snippet's CORSMiddleware is added last.
const fastapiApp = (c: HostCase): string => `from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse

cfg = ${pyValue(c.app)}
app = FastAPI()


@app.middleware("http")
async def auth(request: Request, call_next):
    if cfg["auth"] and "x-token" not in request.headers:
        return PlainTextResponse("no token", status_code=401)
    return await call_next(request)


@app.api_route("/{p:path}", methods=[cfg["method"]])
async def route(p: str):
    if cfg["fails"]:
        raise RuntimeError("the route failed")
    return JSONResponse({"ok": True}, headers={"X-Total-Count": "42"} if cfg["expose"] else None)


${code(c, 'fastapi')}
`;

const fastapiServe = (cases: readonly HostCase[]): string => `${need({ fastapi: 'python3-fastapi', uvicorn: 'python3-uvicorn' })}
import socket
import uvicorn
${caseApps('fastapi', cases)}
${DISPATCH}

async def dispatch(scope, receive, send):
    app = _case(scope.get("path", ""))
    if app is None:
        await send({"type": "http.response.start", "status": 404, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"no case"})
        return
    await app(scope, receive, send)

sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.bind(("127.0.0.1", 0))
sock.listen(128)
print("LISTEN", sock.getsockname()[1], flush=True)
uvicorn.Server(uvicorn.Config(dispatch, lifespan="off", log_level="warning")).run(sockets=[sock])
`;

export const fastapiHost = oneServer('fastapi', 'FastAPI (uvicorn)', fastapiApp, fastapiServe);
