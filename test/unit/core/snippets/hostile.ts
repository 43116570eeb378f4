// Requirements a hostile page or server could produce: quotes, backslashes, line breaks and
// interpolation syntax in the origin and in header names. None may break out of a literal.
import type { CorsRequirements } from '../../../../src/core/index.ts';

export const HOSTILE: CorsRequirements = {
  path: '/a"b/\\c\n',
  origin: 'http://x"; evil()\n//',
  credentials: true,
  methods: ['PUT', 'P"UT', 'GET\nX'],
  headers: ['x-ok', 'x-$host', 'x-%{y}', 'x-#{z}', 'x-"q', 'x-\\', 'x-\u2028'],
  preflight: true,
  maxAge: 600,
  expose: ['x-total', 'x-"bad'],
  causes: [],
};

export const NASTY_STRINGS = ['plain', 'a"b', 'a\\b', 'line\nbreak\r\tend', '#{interp}', '${tpl}', '\\u0022', '\u2028\u2029', '\u0000\u001f\u007f', 'é€😀'];
