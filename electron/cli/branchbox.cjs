#!/usr/bin/env node
// `branchbox` / `npx branchbox`: compiles the core when needed, then runs the command-line tool.
'use strict';
const { join } = require('node:path');
const { ensureBuilt, root } = require('./build.cjs');

const args = process.argv.slice(2);
ensureBuilt({ renderer: args[0] === 'serve', quiet: args[0] === 'schedule' });
require(join(root, 'out', 'node', 'electron', 'cli', 'main.js')).cliMain();
