// Rails' CORS: rack-cors (Debian's ruby-rack-cors) on puma, as config/initializers/cors.rb
// configures it. One puma process: each case's initializer is the snippet verbatim, run against
// a stand-in for Rails.application.config.middleware (insert_before records the middleware at
// its position); each case's Rack stack is then that middleware, Rails' exception handling
// (errors become a 500 response inside the stack, as ActionDispatch::ShowExceptions does), the
// auth layer and the route. The process serves each case's stack under its prefix.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { behaviours, code, starting, type StartHost } from './host.ts';
import { binary, listenLine, start } from './process.ts';

const SERVE = `# frozen_string_literal: true

require 'json'
{ 'rack' => 'ruby-rack', 'rack/cors' => 'ruby-rack-cors', 'puma' => 'puma', 'puma/server' => 'puma' }.each do |lib, pkg|
  require lib
rescue LoadError => e
  abort "#{e.message}: install Debian's #{pkg} (.ci/run installs it)"
end

# The part of Rails the initializer uses: config.middleware.insert_before.
class MiddlewareStack
  attr_reader :entries

  def initialize
    @entries = []
  end

  def insert_before(index, klass, *args, &block)
    @entries.insert(index, [klass, args, block])
  end
end

module Rails
  Config = Struct.new(:middleware)
  Application = Struct.new(:config)
  class << self
    attr_accessor :application
  end
end

# As ActionDispatch::ShowExceptions: an exception becomes a 500 response inside the stack.
class ShowExceptions
  def initialize(app)
    @app = app
  end

  def call(env)
    @app.call(env)
  rescue StandardError
    [500, { 'content-type' => 'application/json' }, ['{"error":"the route failed"}']]
  end
end

# The auth layer: 401 without X-Token (a preflight has none).
class Auth
  def initialize(app, cfg)
    @app = app
    @cfg = cfg
  end

  def call(env)
    return [401, { 'content-type' => 'text/plain' }, ['no token']] if @cfg['auth'] && !env['HTTP_X_TOKEN']

    @app.call(env)
  end
end

# The route: its method only (anything else, OPTIONS included, is a 404).
class Route
  def initialize(cfg)
    @cfg = cfg
  end

  def call(env)
    return [404, { 'content-type' => 'text/plain' }, ['no route']] if env['REQUEST_METHOD'] != @cfg['method']
    raise 'the route failed' if @cfg['fails']

    headers = { 'content-type' => 'application/json' }
    headers['x-total-count'] = '42' if @cfg['expose']
    [200, headers, ['{"ok":true}']]
  end
end

apps = JSON.parse(ENV.fetch('FARM_CASES')).to_h do |prefix, cfg|
  middleware = MiddlewareStack.new
  Rails.application = Rails::Application.new(Rails::Config.new(middleware))
  load File.join(__dir__, "cors_#{prefix.delete('/')}.rb")
  stack = Rack::Builder.new
  middleware.entries.each { |klass, args, block| stack.use(klass, *args, &block) }
  stack.use ShowExceptions
  stack.use Auth, cfg
  stack.run Route.new(cfg)
  [prefix, stack.to_app]
end

dispatch = lambda do |env|
  app = apps[env['PATH_INFO'][%r{\\A/s[0-9]+(?=/)}]]
  app ? app.call(env) : [404, { 'content-type' => 'text/plain' }, ['no case']]
end

server = Puma::Server.new(dispatch, Puma::Events.stdio, min_threads: 0, max_threads: 4)
server.add_tcp_listener('127.0.0.1', 0)
puts "LISTEN #{server.connected_ports.first}"
$stdout.flush
server.run.join
`;

export const railsHost: StartHost = (cases, dir) =>
  starting(async (started) => {
    const ruby = binary('Ruby', ['/usr/bin/ruby'], 'apt-get install ruby');
    const root = join(dir, 'rails');
    mkdirSync(root, { recursive: true });
    for (const c of cases) writeFileSync(join(root, `cors_${c.prefix.replace('/', '')}.rb`), `${code(c, 'rails')}\n`);
    writeFileSync(join(root, 'serve.rb'), SERVE);
    const p = start(ruby, ['serve.rb'], { cwd: root, env: { ...process.env, FARM_CASES: behaviours(cases) } });
    started.push(p);
    const port = await listenLine('rack-cors on puma', p);
    return () => `http://127.0.0.1:${port}`;
  });
