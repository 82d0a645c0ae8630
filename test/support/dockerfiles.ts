// Literal Dockerfiles with what `docker build` made of them on Engine 20.10 with both builders (the legacy one
// of CLI 28 and BuildKit of /usr/bin/docker): whether its parser accepted them, and its words when not.
// test/checks/dockerfile-parses.test.ts holds labcheck's reading to it; test/labs/dockerfile-parses.docker.test.ts
// builds every row again and holds the table itself to the engine.

export interface ParseRow {
  name: string;
  content: string;
  /** What both builders of this engine did. */
  docker: 'parses' | 'refuses';
  /** Docker's words when it refused (both builders say them). */
  words?: string;
  /** Newer Docker (BuildKit's current parser) decides the other way; labcheck's reading of the file follows newer Docker, a build in the run decides. */
  newer?: 'parses' | 'refuses';
}

const CHAPTER = 'FROM node:12\nADD app.js /app.js\nENTRYPOINT ["node", "app.js"]\n';
const withLine = (line: string) => `FROM node:12\n${line}\n`;

export const PARSE_TABLE: ParseRow[] = [
  // What the builder refuses.
  { name: 'ENV without a value', content: withLine('ENV NAME'), docker: 'refuses', words: 'ENV must have two arguments' },
  { name: 'ENV without arguments', content: withLine('ENV'), docker: 'refuses', words: 'ENV requires at least one argument' },
  { name: 'ENV pair then a bare name', content: withLine('ENV A=1 B'), docker: 'refuses', words: `can't find = in "B"` },
  { name: 'ENV blank name', content: withLine('ENV =x'), docker: 'refuses', words: 'ENV names can not be blank' },
  { name: 'LABEL without a value', content: withLine('LABEL key'), docker: 'refuses', words: 'LABEL must have two arguments' },
  { name: 'LABEL pair then a bare name', content: withLine('LABEL a=1 b'), docker: 'refuses', words: `can't find = in "b"` },
  { name: 'ADD --force', content: withLine('ADD --force app.js /app.js'), docker: 'refuses', words: 'Unknown flag: force' },
  { name: 'FROM --foo', content: 'FROM --foo=bar node:12\n', docker: 'refuses', words: 'Unknown flag: foo' },
  { name: 'ENTRYPOINT with a flag', content: withLine('ENTRYPOINT --x ["node"]'), docker: 'refuses', words: 'Unknown flag: x' },
  { name: 'ENV with a flag', content: withLine('ENV --x A=1'), docker: 'refuses', words: 'Unknown flag: x' },
  { name: 'COPY --chown without =', content: withLine('COPY --chown 1:1 app.js /app.js'), docker: 'refuses', words: 'Missing a value on flag: chown' },
  { name: 'COPY --chown twice', content: withLine('COPY --chown=1 --chown=2 app.js /app.js'), docker: 'refuses', words: 'Duplicate flag specified: chown' },
  { name: 'COPY --link', content: withLine('COPY --link app.js /app.js'), docker: 'refuses', words: 'Unknown flag: link', newer: 'parses' },
  { name: 'JSON array with a number', content: withLine('ENTRYPOINT ["node", 1]'), docker: 'refuses', words: 'arrays must be comprised of strings only' },
  { name: 'CMD array with a boolean', content: withLine('CMD ["a", true]'), docker: 'refuses', words: 'arrays must be comprised of strings only' },
  { name: 'COPY array with a number', content: withLine('COPY ["app.js", 1]'), docker: 'refuses', words: 'arrays must be comprised of strings only' },
  { name: 'unknown instruction', content: withLine('FOO bar'), docker: 'refuses', words: 'unknown instruction: FOO' },
  { name: 'ARG without arguments', content: withLine('ARG'), docker: 'refuses', words: 'ARG requires at least one argument' },
  { name: 'ARG blank name', content: withLine('ARG =x'), docker: 'refuses', words: 'ARG names can not be blank' },
  { name: 'EXPOSE without arguments', content: withLine('EXPOSE'), docker: 'refuses', words: 'EXPOSE requires at least one argument' },
  { name: 'VOLUME without arguments', content: withLine('VOLUME'), docker: 'refuses', words: 'VOLUME requires at least one argument' },
  { name: 'VOLUME empty string', content: withLine('VOLUME ["/a", ""]'), docker: 'refuses', words: 'VOLUME specified can not be an empty string' },
  { name: 'WORKDIR without arguments', content: withLine('WORKDIR'), docker: 'refuses', words: 'WORKDIR requires exactly one argument' },
  { name: 'USER without arguments', content: withLine('USER'), docker: 'refuses', words: 'USER requires exactly one argument' },
  { name: 'MAINTAINER without arguments', content: withLine('MAINTAINER'), docker: 'refuses', words: 'MAINTAINER requires exactly one argument' },
  { name: 'STOPSIGNAL without arguments', content: withLine('STOPSIGNAL'), docker: 'refuses', words: 'STOPSIGNAL requires exactly one argument' },
  { name: 'ONBUILD without arguments', content: withLine('ONBUILD'), docker: 'refuses', words: 'ONBUILD requires at least one argument' },
  { name: 'ONBUILD FROM', content: withLine('ONBUILD FROM x'), docker: 'refuses', words: "FROM isn't allowed as an ONBUILD trigger" },
  { name: 'ONBUILD ONBUILD', content: withLine('ONBUILD ONBUILD RUN x'), docker: 'refuses', words: 'Chaining ONBUILD' },
  { name: 'ONBUILD MAINTAINER', content: withLine('ONBUILD MAINTAINER x'), docker: 'refuses', words: "MAINTAINER isn't allowed as an ONBUILD trigger" },
  { name: 'HEALTHCHECK of unknown type', content: withLine('HEALTHCHECK FOO'), docker: 'refuses', words: 'Unknown type "FOO" in HEALTHCHECK' },
  { name: 'HEALTHCHECK NONE with arguments', content: withLine('HEALTHCHECK NONE x'), docker: 'refuses', words: 'HEALTHCHECK NONE takes no arguments' },
  { name: 'HEALTHCHECK bad interval', content: withLine('HEALTHCHECK --interval=abc CMD true'), docker: 'refuses', words: 'invalid duration "abc"' },
  { name: 'HEALTHCHECK interval without unit', content: withLine('HEALTHCHECK --interval=30 CMD true'), docker: 'refuses', words: 'missing unit in duration "30"' },
  { name: 'HEALTHCHECK interval 0s', content: withLine('HEALTHCHECK --interval=0s CMD true'), docker: 'refuses', words: 'cannot be less than 1ms' },
  { name: 'HEALTHCHECK CMD without command', content: withLine('HEALTHCHECK CMD'), docker: 'refuses', words: 'Missing command after HEALTHCHECK CMD' },
  { name: 'HEALTHCHECK CMD []', content: withLine('HEALTHCHECK CMD []'), docker: 'refuses', words: 'Missing command after HEALTHCHECK CMD' },
  { name: 'HEALTHCHECK --retries=0', content: withLine('HEALTHCHECK --retries=0 CMD true'), docker: 'refuses', words: '--retries must be at least 1' },
  { name: 'SHELL not JSON', content: withLine('SHELL /bin/sh -c'), docker: 'refuses', words: 'SHELL requires the arguments to be in JSON form' },
  { name: 'SHELL []', content: withLine('SHELL []'), docker: 'refuses', words: 'SHELL requires at least one argument' },
  { name: 'FROM without image', content: 'FROM\n', docker: 'refuses', words: 'FROM requires either one or three arguments' },
  { name: 'FROM … AS without a name', content: 'FROM node:12 AS\n', docker: 'refuses', words: 'FROM requires either one or three arguments' },
  { name: 'FROM with stray words', content: 'FROM node:12 BY foo\n', docker: 'refuses', words: 'FROM requires either one or three arguments' },
  { name: 'stage name starting with a digit', content: 'FROM node:12 AS 1abc\n', docker: 'refuses', words: 'invalid name for build stage' },
  { name: 'escape directive of another character', content: '# escape=x\nFROM node:12\n', docker: 'refuses', words: "invalid escape token 'x'" },
  { name: 'escape directive twice', content: '# escape=`\n# escape=`\nFROM node:12\n', docker: 'refuses', words: 'only one escape parser directive can be used' },
  { name: 'comments only', content: '# hi\n\n', docker: 'refuses', words: 'file with no instructions' },
  { name: 'ADD with one argument', content: withLine('ADD app.js'), docker: 'refuses', words: 'ADD requires at least two arguments' },
  { name: 'ADD JSON with one argument', content: withLine('ADD ["app.js"]'), docker: 'refuses', words: 'ADD requires at least two arguments' },
  { name: 'instruction before FROM', content: 'ADD app.js /app.js\nFROM node:12\n', docker: 'refuses', words: 'no build stage in current context' },
  { name: 'ENV before FROM', content: 'ENV A=1\nFROM node:12\n', docker: 'refuses', words: 'no build stage in current context' },
  { name: 'escape directive after a comment is a comment', content: '# hello\n# escape=`\nFROM node:12\nADD app.js `\n  /app.js\n', docker: 'refuses', words: 'unknown instruction: /APP.JS' },
  { name: 'escape directive after an unknown directive is a comment', content: '# foo=bar\n# escape=`\nFROM node:12\nADD app.js `\n  /app.js\n', docker: 'refuses', words: 'unknown instruction: /APP.JS' },
  { name: 'here-document (20.10 has none without # syntax)', content: withLine('COPY <<EOF /x\nhello\nEOF'), docker: 'refuses', words: 'unknown instruction: HELLO', newer: 'parses' },

  // What the builder takes, some of it written unlike the chapter.
  { name: 'the chapter', content: CHAPTER, docker: 'parses' },
  { name: 'ENV NAME=', content: withLine('ENV NAME='), docker: 'parses' },
  { name: 'LABEL key=', content: withLine('LABEL key='), docker: 'parses' },
  { name: 'ENV old form with spaces', content: withLine('ENV A B C'), docker: 'parses' },
  { name: 'LABEL quoted pairs', content: withLine('LABEL "k"="v" other="x y"'), docker: 'parses' },
  { name: 'COPY --chown=', content: withLine('COPY --chown=1:1 app.js /app.js'), docker: 'parses' },
  { name: 'COPY --chown= with no value', content: withLine('COPY --chown= app.js /app.js'), docker: 'parses' },
  { name: 'COPY -- ends the flags', content: withLine('COPY -- app.js /app.js'), docker: 'parses' },
  { name: 'ADD --chmod (a BuildKit feature, not a parse error)', content: withLine('ADD --chmod=644 app.js /app.js'), docker: 'parses' },
  { name: 'RUN --mount (a BuildKit feature, not a parse error)', content: withLine('RUN --mount=type=cache,target=/x true'), docker: 'parses' },
  { name: 'FROM --platform', content: 'FROM --platform=linux/amd64 node:12\n', docker: 'parses' },
  { name: 'ARG ignores flags', content: withLine('ARG --foo x'), docker: 'parses' },
  { name: 'STOPSIGNAL ignores flags', content: withLine('STOPSIGNAL --x TERM'), docker: 'parses' },
  { name: 'MAINTAINER', content: withLine('MAINTAINER me'), docker: 'parses' },
  { name: 'CMD without arguments', content: withLine('CMD'), docker: 'parses' },
  { name: 'ENTRYPOINT without arguments', content: withLine('ENTRYPOINT'), docker: 'parses' },
  { name: 'ENTRYPOINT []', content: withLine('ENTRYPOINT []'), docker: 'parses' },
  { name: 'STOPSIGNAL a b (refused when built, not when parsed)', content: withLine('STOPSIGNAL a b'), docker: 'parses' },
  { name: 'USER a b', content: withLine('USER a b'), docker: 'parses' },
  { name: 'FROM … As mixed case', content: 'FROM node:12 As Base\nFROM base\n', docker: 'parses' },
  { name: 'an escape directive after a blank line is a comment', content: '\n# escape=`\nFROM node:12\n', docker: 'parses' },
  { name: 'continuation at the end of the file', content: 'FROM node:12\nADD app.js /app.js \\\n', docker: 'parses' },
  { name: 'empty continuation line', content: 'FROM node:12\nADD app.js \\\n\n  /app.js\n', docker: 'parses' },
  { name: 'a comment after the JSON ENTRYPOINT', content: 'FROM node:12\nADD app.js /app.js\nENTRYPOINT ["node", "app.js"] # run it\n', docker: 'parses' },
  { name: 'quoted paths', content: 'FROM node:12\nADD "app.js" "/app.js"\nENTRYPOINT ["node", "app.js"]\n', docker: 'parses' },
  { name: 'escape directive with continued lines', content: '# escape=`\nFROM node:12\nADD app.js `\n    /app.js\nENTRYPOINT ["node", `\n  "app.js"]\n', docker: 'parses' },
  { name: 'a comment line inside a continuation', content: 'FROM node:12\nADD app.js \\\n# a comment\n    /app.js\nENTRYPOINT ["node", "app.js"]\n', docker: 'parses' },
  { name: 'lower case, spaces in the JSON, no final newline', content: 'from node:12\nadd app.js /app.js\nentrypoint [ "node" , "app.js" ]', docker: 'parses' },
  { name: 'BOM, CRLF and tabs', content: '\ufeffFROM\tnode:12\r\nADD\tapp.js\t/app.js\r\nENTRYPOINT\t["node",\t"app.js"]\r\n', docker: 'parses' },
];
