// Breaking-change gate: compares two OpenAPI documents with api-smart-diff and exits 1 when a
// change breaks clients (removed property or operation or status, newly required field,
// narrowed type, ...). Usage: node tools/breaking.mjs BEFORE.yaml AFTER.yaml
import { readFileSync } from "node:fs";
import { apiCompare } from "api-smart-diff";
import yaml from "js-yaml";

const [beforePath, afterPath] = process.argv.slice(2);
if (!beforePath || !afterPath) {
  console.error("usage: node tools/breaking.mjs BEFORE.yaml AFTER.yaml");
  process.exit(2);
}
const load = (path) => yaml.load(readFileSync(path, "utf8"));
const { diffs } = apiCompare(load(beforePath), load(afterPath));

const where = (diff) => diff.path.join(" > ");
// api-smart-diff calls removing an optional response property non-breaking; for this
// project it breaks users, because the generated model loses the attribute they read.
const removesProperty = (diff) => diff.action === "remove" && diff.path.at(-2) === "properties";
for (const diff of diffs) {
  if (removesProperty(diff)) diff.type = "breaking";
}
const breaking = diffs.filter((diff) => diff.type === "breaking");
for (const diff of diffs) {
  console.log(`${diff.type.padEnd(13)} ${diff.action.padEnd(8)} ${where(diff)}${diff.description ? ` (${diff.description})` : ""}`);
}
if (breaking.length > 0) {
  console.error(`breaking: ${breaking.length} change(s) break existing clients`);
  process.exit(1);
}
console.log(`breaking: none (${diffs.length} change(s) compared)`);
