/**
 * Lints the OpenAPI document at the URL given with Redocly's recommended rules and prints
 * the problems as JSON. A process of its own: Redocly's library is an ES module, which jest's
 * CommonJS runtime cannot load.
 */
async function main(): Promise<void> {
  const url = process.argv[2];
  if (!url) throw new Error('usage: lint-openapi <url of the document>');
  const { createConfig, lintFromString } = await import('@redocly/openapi-core');
  const source = await (await fetch(url)).text();
  const problems = await lintFromString({ source, absoluteRef: 'openapi.json', config: await createConfig({ extends: ['recommended'] }) });
  const found = problems.map((p) => ({ severity: p.severity, rule: p.ruleId, message: p.message, at: p.location[0]?.pointer ?? '' }));
  process.stdout.write(`${JSON.stringify(found)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
