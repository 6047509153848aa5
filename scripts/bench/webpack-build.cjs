// Builds one app with webpack's Node API (webpack-cli 7 needs a newer Node than CI has) and
// writes the stats chunk-check.sh compares kiln with. Usage: node webpack-build.cjs APP MODE OUT STATS
const webpack = require('webpack');
const fs = require('fs');
const path = require('path');
const [app, mode, out, statsPath] = process.argv.slice(2);
webpack({
  mode, context: app, entry: './src/index.js', devtool: false,
  resolve: { modules: [path.join(app, 'node_modules')] },
  output: { path: out, filename: '[name].[contenthash:8].js', chunkFilename: '[id].[contenthash:8].js', clean: true },
}, (err, stats) => {
  if (err || stats.hasErrors()) { console.error(err || stats.toString('errors-only')); process.exit(1); }
  const json = stats.toJson({ all: false, ids: true, chunks: true, chunkModules: true, chunkOrigins: true,
                              chunkRelations: true, nestedModules: true,
                              nestedModulesSpace: Infinity, chunkModulesSpace: Infinity });
  fs.writeFileSync(statsPath, JSON.stringify(json));
});
