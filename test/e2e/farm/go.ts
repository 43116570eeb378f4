// Go: net/http (the snippet's own withCORS) and github.com/rs/cors (Debian's
// golang-github-rs-cors-dev), built offline in GOPATH mode. One binary: each case is a package of
// its own holding the snippet verbatim, whose handler is withCORS(auth(mux)) as the snippet's
// `where` says; the binary serves each case's handler under its prefix.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { behaviours, code, starting, type HostCase, type StartHost } from './host.ts';
import { binary, listenLine, start } from './process.ts';

const APP = `// Package app is the farm's application around the CORS snippet: an auth layer and one route.
package app

import (
	"encoding/json"
	"net/http"
)

// Cfg is what the app does besides CORS.
type Cfg struct {
	Auth    bool   \`json:"auth"\`
	Method  string \`json:"method"\`
	Fails   bool   \`json:"fails"\`
	Expose  bool   \`json:"expose"\`
	OwnAcao bool   \`json:"ownAcao"\`
}

// Auth answers 401 without X-Token (a preflight has none).
func Auth(cfg Cfg) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if cfg.Auth && r.Header.Get("X-Token") == "" {
				http.Error(w, "no token", http.StatusUnauthorized)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// Mux answers the route's method only (anything else, OPTIONS included, is a 404).
func Mux(cfg Cfg) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != cfg.Method {
			http.NotFound(w, r)
			return
		}
		if cfg.Fails {
			http.Error(w, "the route failed", http.StatusInternalServerError)
			return
		}
		if cfg.Expose {
			w.Header().Set("X-Total-Count", "42")
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]bool{"ok": true})
	})
	return mux
}
`;

const casePackage = (c: HostCase, snippet: string): string => {
  const pkg = c.prefix.replace('/', '');
  const rs = /import "github\.com\/rs\/cors"/.test(snippet);
  return `package ${pkg}

import (
	"net/http"

	"farm/app"
${rs ? '\t"github.com/rs/cors"\n' : ''})

${snippet}

// Handler is the case's whole handler, CORS outside auth.
func Handler(cfg app.Cfg) http.Handler {
	mux := app.Mux(cfg)
	auth := app.Auth(cfg)
	return withCORS(auth(mux))
}
`;
};

const main = (cases: readonly HostCase[]): string => `package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"regexp"

	"farm/app"
${cases.map((c) => `\t"farm/${c.prefix.replace('/', '')}"`).join('\n')}
)

func main() {
	var cfgs map[string]app.Cfg
	if err := json.Unmarshal([]byte(os.Getenv("FARM_CASES")), &cfgs); err != nil {
		panic(err)
	}
	handlers := map[string]http.Handler{
${cases.map((c) => `\t\t"${c.prefix}": ${c.prefix.replace('/', '')}.Handler(cfgs["${c.prefix}"]),`).join('\n')}
	}
	prefix := regexp.MustCompile(\`^/s[0-9]+/\`)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	fmt.Printf("LISTEN %d\\n", ln.Addr().(*net.TCPAddr).Port)
	panic(http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := prefix.FindString(r.URL.Path)
		h, ok := handlers[m[:max(len(m)-1, 0)]]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})))
}

func max(a, b int) int {
	if a > b {
		return a
	}
	return b
}
`;

/** Runs `go build`, resolving when it succeeded. */
function build(goBin: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(goBin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('close', (status) => (status === 0 ? resolve() : reject(new Error(`go build failed (${status}):\n${out}`))));
  });
}

export const goHost =
  (stack: 'go' | 'go-rs-cors'): StartHost =>
  (cases, dir) =>
    starting(async (started) => {
      const goBin = binary('Go', ['/usr/bin/go', '/usr/lib/go/bin/go', '/usr/local/go/bin/go'], 'apt-get install golang-go');
      if (stack === 'go-rs-cors') binary('rs/cors', ['/usr/share/gocode/src/github.com/rs/cors/cors.go'], 'apt-get install golang-github-rs-cors-dev');
      const gopath = join(dir, `gopath-${stack}`);
      const src = join(gopath, 'src', 'farm');
      mkdirSync(join(src, 'app'), { recursive: true });
      writeFileSync(join(src, 'app', 'app.go'), APP);
      for (const c of cases) {
        const pkg = join(src, c.prefix.replace('/', ''));
        mkdirSync(pkg, { recursive: true });
        writeFileSync(join(pkg, 'cors.go'), casePackage(c, code(c, stack)));
      }
      mkdirSync(join(src, 'main'), { recursive: true });
      writeFileSync(join(src, 'main', 'main.go'), main(cases));
      const exe = join(dir, `farm-${stack}`);
      // Offline, in GOPATH mode; the build cache is kept across runs (under the OS's temporary folder).
      const env = {
        ...process.env,
        GO111MODULE: 'off',
        GOPATH: `${gopath}:/usr/share/gocode`,
        GOCACHE: join(tmpdir(), 'cors-lens-farm-gocache'),
        GOFLAGS: '',
        GOPROXY: 'off',
      };
      await build(goBin, ['build', '-o', exe, 'farm/main'], env);
      const p = start(exe, [], { env: { ...process.env, FARM_CASES: behaviours(cases) } });
      started.push(p);
      const port = await listenLine(`Go (${stack})`, p);
      return () => `http://127.0.0.1:${port}`;
    });
