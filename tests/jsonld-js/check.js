// Reads every JSON-LD file named on the command line with jsonld.js in safe mode, as a strict importer
// would, and prints one JSON line per file: {"file", "quads"} or {"file", "error"}. The release's own
// context is served from the release folder; any other URL is refused (no network).
"use strict";
const fs = require("fs");
const path = require("path");
const jsonld = require("jsonld");

const [releaseDir, ...files] = process.argv.slice(2);

async function loader(url) {
  const local = path.join(releaseDir, url.split("/").pop());
  if (url.endsWith("/context.jsonld") && fs.existsSync(local)) {
    return { contextUrl: null, documentUrl: url, document: JSON.parse(fs.readFileSync(local, "utf8")) };
  }
  throw new Error(`refused to fetch ${url}`);
}

async function read(file) {
  const document = JSON.parse(fs.readFileSync(file, "utf8"));
  const options = { safe: true, documentLoader: loader, base: "https://w3id.org/ipco/dist/" + path.basename(file) };
  if (Object.keys(document).length === 1 && "@context" in document) {
    // A context document is read as a context: compacting a node with it must succeed in safe mode.
    await jsonld.compact({ "http://www.w3.org/2000/01/rdf-schema#label": "x" }, document["@context"], options);
    return 0;
  }
  const quads = await jsonld.toRDF(document, { ...options, format: "application/n-quads" });
  return quads.split("\n").filter((line) => line).length;
}

(async () => {
  for (const file of files) {
    try {
      console.log(JSON.stringify({ file: path.basename(file), quads: await read(file) }));
    } catch (error) {
      const event = error.details && error.details.event ? error.details.event : {};
      console.log(JSON.stringify({ file: path.basename(file), error: `${error.message} ${event.code || ""}`.trim() }));
    }
  }
})();
