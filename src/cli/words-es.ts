// The CLI's own words in Spanish (words.ts has the English and the rules). Option names, header
// names, codes and file names stay as they are: they are typed, not read. Typed CliWords, so each
// function takes its parameters' types from the English one: a signature is written once.
import type { CliWords } from './words.ts';
import { located } from './words-format.ts';

export const CLI_WORDS_ES: CliWords = {
  usage: {
    explain: (
      stackHelp,
      langHelp,
    ) => `Uso: cors-lens explain <archivo.har | -> [--json | --curl] [--all] [--each] [--no-redact] [--stack <nombre>] [--lang es|en]

Explica cada petición entre orígenes de un archivo HAR guardado desde las DevTools de Chrome o
Firefox ("-" lee el HAR de la entrada estándar). Por defecto solo informa de las peticiones
bloqueadas y de las que tienen avisos, y las peticiones que fueron igual (mismo método, endpoint,
origen de la página y veredicto) aparecen una vez, con su número y un ejemplo completo.

  --json        el informe en JSON (docs/report.schema.json), una entrada por petición
  --curl        solo los comandos curl que reproducen cada petición (o grupo)
  --all         incluye también las peticiones permitidas y las que no usan CORS
  --each        una sección (o script curl) por petición en vez de una por grupo
  --no-redact   conserva cookies, autorización y valores de consulta que parecen secretos
${stackHelp}
${langHelp}
                (--json sigue en inglés: lo leen herramientas por sus códigos)
  -h, --help    esta ayuda

Códigos de salida: 0 nada bloqueado, 1 hay peticiones bloqueadas, 2 error de uso, de entrada o interno.

       cors-lens check <url> --origin <origen> …   prueba un servidor real como lo haría un navegador
       cors-lens audit <url> [--origin <confiable>]…  busca orígenes en los que no debería confiar
(cors-lens check --help y cors-lens audit --help muestran sus opciones)`,
    check: (stackHelp, langHelp) => `Uso: cors-lens check <url> --origin <origen> [--method M] [--header 'Nombre: valor']…
                       [--credentials] [--browser chromium|firefox] [--json] [--no-redact]
                       [--stack nombre] [--lang es|en] [--timeout s] [--max-requests n] [--insecure]
     cors-lens check --config cors.json [--json] [--timeout s] [--max-requests n] [--insecure]

Envía lo que enviaría el navegador para fetch(<url>) desde una página de <origen>: el preflight
cuando hace falta y luego la petición, siguiendo las redirecciones como el navegador. Muestra el
informe de \`explain\` para esa petición. Códigos de salida: 0 permitida, 1 bloqueada, 2 error de
uso o de red. Con --config: cada endpoint del archivo frente a los orígenes que debe permitir y
rechazar (docs/check-config.schema.json); una tabla; sale con 1 si falla alguna expectativa.
${stackHelp}
${langHelp}
                (--json sigue en inglés: lo leen herramientas por sus códigos)`,
    audit: (langHelp) => `Uso: cors-lens audit <url> [--origin <confiable>]… [--credentials] [--fail-on low|medium|high|critical]
                       [--lang es|en] [--json] [--timeout s] [--max-requests n] [--insecure]

Envía a <url> un GET desde orígenes falsificados (cualquier origen, null, trucos alrededor de cada
origen de confianza: prefijo, sufijo, punto sin escapar, caracteres especiales, cualquier
subdominio, http:// en vez de https://) e informa de cada uno en el que confía el servidor, con su
gravedad y la respuesta que lo demuestra. Sin --origin, el propio origen de la URL hace de origen
de confianza. --credentials: cuenta un origen falsificado solo si puede leer respuestas hechas con
cookies (Access-Control-Allow-Credentials). Códigos de salida: 0 ningún hallazgo de gravedad
--fail-on o mayor (por defecto high), 1 alguno, 2 error de uso o de red.
${langHelp}
                (--json sigue en inglés)`,
    stack: (stacks) => `  --stack <nombre> muestra primero el fragmento de corrección de ese servidor, uno de:\n                ${stacks}`,
    lang: (tags) => `  --lang <idioma> el idioma del informe, ${tags} (por defecto: según LC_ALL, LC_MESSAGES
                o LANG, p. ej. es_ES.UTF-8; si no, inglés)`,
  },
  or: ' o ',
  standardInput: 'la entrada estándar',
  internalError: (what) => `error interno: ${what}`,
  errors: {
    unknownOption: (option) => `opción desconocida ${option} (cors-lens --help enumera las opciones)`,
    takesNoValue: (option) => `${option} no lleva valor`,
    needsValue: (option) => `${option} necesita un valor`,
    valueLooksLikeOption: (option) => `el valor de ${option} empieza por un guion: escribe ${option}=<valor>`,
    unexpectedArgument: (arg) => `argumento inesperado "${arg}"`,
    noCommand: 'falta la orden (cors-lens --help explica el uso)',
    unknownCommand: (command) => `orden desconocida "${command}" (las órdenes son explain, check y audit)`,
    noHarFile: 'falta el archivo HAR ("-" lo lee de la entrada estándar)',
    oneHarFile: 'solo un archivo HAR cada vez',
    jsonAndCurl: '--json y --curl se excluyen entre sí',
    eachWithJson: '--each es para el informe Markdown y --curl; --json ya enumera cada petición',
    stackNotMarkdown: '--stack es para el informe Markdown (--json conserva los fragmentos de Express, nginx y Caddy)',
    cannotRead: (name, why) => `no se puede leer ${name}: ${why}`,
    noSuchFile: 'no existe',
    isDirectory: 'es un directorio',
    permissionDenied: 'permiso denegado',
    fileTooLarge: 'archivo demasiado grande (más de 2 GiB)',
    inFile: located,
    langMissing: (tags) => `--lang necesita un idioma (${tags})`,
    langUnknown: (value, tags) => `idioma desconocido "${value}" para --lang (${tags})`,
    langTwice: 'solo un --lang cada vez',
    stackMissing: '--stack necesita el nombre de un servidor (cors-lens --help los enumera)',
    stackUnknown: (value, stacks) => `servidor desconocido "${value}" (uno de ${stacks})`,
    stackTwice: 'solo un --stack cada vez',
    noUrl: (command) => `falta la URL (cors-lens ${command} <url> …)`,
    oneUrl: (extra) => `solo una URL cada vez (también llegó "${extra}")`,
    notUrl: (url) => `no es una URL: "${url}"`,
    notHttp: (protocol) => `solo se pueden comprobar URL http y https, no ${protocol}`,
    notOrigin: (option, text) => `${option} "${text}" no es un origen (esquema://host[:puerto], o null)`,
    notNumber: (option, max, text) => `${option} lleva un número entre 0 y ${max}, no "${text}"`,
    badOption: (message) => `${message} (cors-lens --help enumera las opciones)`,
    headerNotNameValue: (text) => `--header "${text}" no tiene la forma "Nombre: valor"`,
    headerLineBreak: (name) => `--header ${name}: el valor contiene un salto de línea o un NUL`,
    configAlone: (other) => `--config toma los endpoints del archivo: sin URL${other ? ` ni --${other}` : ''} a la vez`,
    originRequired: 'falta --origin: el origen de la página que haría la petición',
    browserUnknown: (browser) => `--browser es chromium o firefox, no "${browser}"`,
    methodNotToken: (method) => `--method "${method}" no es un método HTTP`,
    headerSetByBrowser: (name) => `--header ${name}: lo pone el navegador, no la página`,
    cookieWithoutCredentials: '--header Cookie: el navegador solo envía cookies con --credentials',
    failOnUnknown: (severities, value) => `--fail-on es uno de ${severities}, no "${value}"`,
    network: located,
    budgetSpent: (budget) => `se agotó el límite de ${budget} peticiones (--max-requests lo sube)`,
    from: (request, origin, problem) => `${request} desde ${origin}: ${problem}`,
    config: {
      unknownKey: (where, key, keys) => `${where}: clave desconocida "${key}" (una de ${keys})`,
      originList: (where, max) => `${where} es una lista de ${max} orígenes como mucho`,
      notString: (where) => `${where} no es una cadena`,
      notJson: (problem) => `la configuración no es JSON: ${problem}`,
      notObject: 'la configuración es un objeto JSON con "endpoints"',
      browser: '"browser" es "chromium" o "firefox"',
      endpoints: (max) => `"endpoints" es una lista de 1 a ${max} endpoints`,
      endpointNotObject: (where) => `${where} no es un objeto`,
      urlRequired: (where) => `falta ${where}.url`,
      notUrl: (where, url) => `${where}.url no es una URL: "${url}"`,
      notHttp: (where) => `${where}.url: solo se pueden comprobar URL http y https`,
      method: (where) => `${where}.method no es un método HTTP`,
      headers: (where) => `${where}.headers es un objeto de nombres de encabezado a valores`,
      headerName: (where, name) => `${where}.headers: "${name}" no es un nombre de encabezado`,
      headerOneLine: (where, name) => `${where}.headers.${name} es una cadena de una sola línea`,
      headerSetByBrowser: (where, name) => `${where}.headers.${name}: lo pone el navegador, no la página`,
      credentials: (where) => `${where}.credentials es true o false`,
      noOrigin: (where) => `${where} no tiene ningún origen que comprobar: indica "allow", "refuse" o ambos`,
      cannotRead: (file, why) => `no se puede leer la configuración ${file}: ${why}`,
    },
    har: {
      notJson: (at, expected) => `no es JSON válido (${at}; se esperaba ${expected})`,
      notJsonValue: (problem, at) => `no es JSON válido (${problem}, en el valor del byte ${at})`,
      endOfFile: 'el archivo termina antes de tiempo',
      unexpected: (what, at) => `${what} inesperado en el byte ${at}`,
      byte: (hex) => `byte 0x${hex}`,
      empty: 'archivo vacío',
      noLog: 'no es un archivo HAR: no hay un objeto "log" en el nivel superior',
      noEntries: 'no es un archivo HAR: "log.entries" no es una lista',
      expected: {
        value: 'un valor',
        endOfContainer: 'el final de un objeto o una lista',
        key: 'una clave entre comillas dobles',
        endOfString: 'el final de una cadena',
        endOfFile: 'el final del archivo',
        colon: '":"',
        aKey: 'una clave',
        entry: 'una entrada',
        jsonValue: 'un valor JSON',
        commaOrBrace: '"," o "}"',
        commaOrBracket: '"," o "]"',
      },
    },
    wire: {
      timeout: (seconds) => `sin respuesta en ${seconds} s`,
      refused: 'conexión rechazada',
      hostNotFound: 'no se encuentra el host',
      reset: 'el servidor cortó la conexión',
      headersTooLarge: (kib) => `encabezados de respuesta de más de ${kib} KiB`,
      notTls: 'falló el saludo TLS: el servidor no responde en TLS en este puerto (¿http:// en vez de https://?)',
      certificate: (detail) => `certificado TLS no fiable (${detail}); --insecure lo acepta`,
      handshake: (detail) => `falló el saludo TLS${detail}`,
      invalidUrl: 'URL no válida',
      redirectLoop: (from, to, hops) => `bucle de redirecciones: ${from} vuelve a redirigir a ${to} (tras ${hops} redirecciones)`,
    },
  },
  table: {
    endpoint: 'Endpoint',
    origin: 'Origen',
    expected: 'Esperado',
    got: 'Obtenido',
    ok: 'bien',
    broken: 'INCUMPLIDA',
    allowed: 'permitida',
    refused: 'rechazada',
    allHold: (n) => `Se cumplen las ${n} expectativas.`,
    someBroken: (broken, n) => `${broken} de ${n} expectativas incumplidas.`,
  },
  progress: {
    explainDone: (c, entries, skipped, groups) =>
      `${c.requests} peticiones entre orígenes (${c.blocked} bloqueadas, ${c.warnings} con avisos) en ${entries} entradas${skipped > 0 ? `, ${skipped} entradas ilegibles omitidas` : ''}; se informa de ${c.reported}${groups !== undefined ? ` en ${groups} grupos` : ''}`,
    checking: (url) => `comprobando ${url} …`,
    probing: (url) => `sondeando ${url} …`,
    checkedSoFar: (done, total) => `${done} de ${total} comprobadas`,
    limits: (sent, budget, seconds, insecure) =>
      `${sent} de ${budget} peticiones como mucho enviadas, ${seconds} s de espera máxima cada una${insecure ? ', certificados TLS sin verificar (--insecure)' : ''}`,
    checkDone: (url, outcome, reason, limits, methods) => `${url}: ${outcome} (${reason}); ${limits} (${methods}), 20 redirecciones como mucho`,
    auditDone: (url, findings, failing, failOn, limits) => `${url}: ${findings} hallazgos, ${failing} de gravedad ${failOn} o mayor; ${limits}`,
    configDone: (expectations, broken, limits) => `${expectations} expectativas, ${broken} incumplidas; ${limits}`,
  },
};
