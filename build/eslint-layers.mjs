// The layering rule of ARCHITECTURE.md §1 as an ESLint rule (as VS Code keeps
// its own): `kith/layers` reports every module a file of a layer must not
// import. Unlike no-restricted-imports it also sees import() and require(),
// and it resolves relative paths, so `../../main/x` from electron/host/p2p/ is
// known to be electron/main whatever the depth.
//
// Options, one object per layer (set per folder in eslint.config.js):
//   packages:     [{ names: ['electron'], message }]  a package and its subpaths
//   nodeBuiltins: message                              fs, node:fs, fs/promises, …
//   folders:      [{ folder: 'renderer', message }]    repo folders, by resolved path
import { isBuiltin } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const inFolder = (path, folder) => {
  const fromRoot = relative(ROOT, path);
  const target = folder.split('/').join(sep);
  return fromRoot === target || fromRoot.startsWith(target + sep);
};

const names = (spec, packageNames) => packageNames.some((name) => spec === name || spec.startsWith(`${name}/`));

/** Why `spec`, imported from `file`, breaks the layer's options; undefined when it may be imported. */
function violation(spec, file, options) {
  for (const { names: packageNames, message } of options.packages ?? []) {
    if (names(spec, packageNames)) return message;
  }
  if (options.nodeBuiltins && isBuiltin(spec)) return options.nodeBuiltins;
  if (spec.startsWith('.') || isAbsolute(spec)) {
    const target = resolve(dirname(file), spec);
    for (const { folder, message } of options.folders ?? []) {
      if (inFolder(target, folder)) return message;
    }
  }
  return undefined;
}

const layers = {
  meta: {
    type: 'problem',
    docs: { description: 'A layer imports only what ARCHITECTURE.md §1 allows it' },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          packages: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['names', 'message'],
              properties: { names: { type: 'array', items: { type: 'string' } }, message: { type: 'string' } },
            },
          },
          nodeBuiltins: { type: 'string' },
          folders: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['folder', 'message'],
              properties: { folder: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
      },
    ],
    messages: { layer: "'{{spec}}' may not be imported here: {{why}}" },
  },
  create(context) {
    const options = context.options[0] ?? {};
    const check = (source) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
      const why = violation(source.value, context.filename, options);
      if (why) context.report({ node: source, messageId: 'layer', data: { spec: source.value, why } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      TSImportEqualsDeclaration: (node) => check(node.moduleReference?.expression),
      TSImportType: (node) => check(node.source ?? node.argument?.literal),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node.arguments[0]);
      },
    };
  },
};

export default { meta: { name: 'kith' }, rules: { layers } };
