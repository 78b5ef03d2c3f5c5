#!/usr/bin/env node
// The `sirp` command. npm scripts and `npx sirp` run it on the Node.js 24 pinned
// in node_modules (the `node` devDependency); the engine and middy need 22+.
'use strict';
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `sirp needs Node.js 22 or later; this is ${process.version}.\n` +
      'Run it as "npx sirp ..." (or an npm script) inside the project: they use the Node.js 24 pinned in node_modules.\n',
  );
  process.exit(1);
}
require('tsx/cjs');
// ESM-only dependencies (@middy/*) must resolve before any handler loads.
require('../local/runtime/esm-only-packages.ts');
require('./cli.ts');
